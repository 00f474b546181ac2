"""``twoway serve`` and ``twoway worker`` as production runs them: real processes on
the suite's own database, reached over HTTP like a browser would."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from twoway.api.services import api_token_create
from twoway.core.models import User
from twoway.notifications.tasks import send_reminders

KEY = "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTAwMDA="
PASSWORD = "a-long-enough-password-9"
STARTUP_SECONDS = 40


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class SharedDatabase:
    """The suite's test database, reachable by another process at ``url``.

    PostgreSQL: the test database itself (what the test commits, the processes see).
    SQLite: the suite's database lives in this process's memory, so it is copied to
    a file the processes use, and copied back by ``refresh()``.
    """

    url: str
    file: Path | None

    def refresh(self) -> None:
        if self.file is not None:
            with contextlib.closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)


@contextlib.contextmanager
def shared_database(tmp_path: Path) -> Iterator[SharedDatabase]:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        file = tmp_path / "shared.sqlite3"
        with contextlib.closing(sqlite3.connect(file)) as target:
            connection.connection.backup(target)
        yield SharedDatabase(url=f"sqlite:///{file}", file=file)
        return
    assert connection.vendor == "postgresql", connection.vendor
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    url = f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"
    yield SharedDatabase(url=url, file=None)


def _environment(database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "EMAIL_", "TASKS_", "DATABASE_"))
        and key != "WEB_CONCURRENCY"
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="deploy-test-" + "k" * 40,
        FIELD_ENCRYPTION_KEYS=KEY,
        ALLOWED_HOSTS="127.0.0.1",
        # Production settings, over plain HTTP on this machine (as `make demo`).
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL="locmem:",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DATABASE_URL=database_url,
    )
    return env


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "twoway", *args],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, a wait, SIGKILL to what is left of its process group if needed."""
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


class Browser:
    """Just enough of a browser: one host, cookies kept, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), response.read().decode()
        finally:
            client.close()


def _wait_until_up(browser: Browser, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        with contextlib.suppress(OSError):
            if browser.request("GET", "/healthz")[0] == 200:
                return
        time.sleep(0.2)
    pytest.fail("twoway serve did not answer /healthz in time:\n" + log.read_text())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_serve_answers_health_checks_and_logs_a_user_in(tmp_path: Path):
    user = User.objects.create_user("deploy@example.org", PASSWORD)
    _, secret = api_token_create(actor=None, user=user, name="Deploy probe")
    port = _free_port()
    log = tmp_path / "serve.log"
    with shared_database(tmp_path) as database:
        server = _start(
            ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            _environment(database.url),
            log,
        )
        try:
            browser = Browser(port)
            _wait_until_up(browser, server, log)

            # The container's health check, as the Dockerfile runs it.
            probe = subprocess.run(
                [sys.executable, "-m", "twoway.core.healthcheck", f"http://127.0.0.1:{port}"],
                env=_environment(database.url),
                capture_output=True,
                text=True,
                timeout=15,
            )
            assert probe.returncode == 0, probe.stdout + probe.stderr

            status, _, page = browser.request("GET", "/accounts/login/")
            assert status == 200
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert token and "csrftoken" in browser.cookies
            status, headers, _ = browser.request(
                "POST",
                "/accounts/login/",
                {
                    "csrfmiddlewaretoken": token[1],
                    "username": "deploy@example.org",
                    "password": PASSWORD,
                },
            )
            assert status == 302, headers
            assert "sessionid" in browser.cookies
            status, _, page = browser.request("GET", headers["Location"])
            assert status == 200
            status, _, page = browser.request("GET", "/")
            assert status == 200 and "Signed in as" in page and "deploy@example.org" in page

            # Without the session, the same page sends the visitor to log in.
            browser.cookies.pop("sessionid")
            assert browser.request("GET", "/")[0] == 302

            # An integration's call to the API, with a token instead of a session.
            status, headers, body = browser.request(
                "GET", "/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
            )
            assert status == 200, body
            assert json.loads(body)["email"] == "deploy@example.org"
            status, headers, body = browser.request("GET", "/api/v1/me")
            assert status == 401 and headers["Content-Type"] == "application/problem+json"
        finally:
            code = _stop(server)
        time.sleep(0.3)
        assert not _group_alive(server.pid), "a web worker outlived the server"
        assert code == 0, log.read_text()
        # One access-log line per request, with the request id.
        assert re.search(
            r'"POST /accounts/login/ HTTP/1.1" 302 .* id=[0-9a-f]{32}', log.read_text()
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_a_queued_task_and_stops_cleanly(tmp_path: Path):
    # Queued as the web process queues it: into the database, for a worker.
    queued = DatabaseBackend("default", {}).enqueue(send_reminders, (), {})
    log = tmp_path / "worker.log"
    with shared_database(tmp_path) as database:
        worker = _start(["worker", "--interval", "0.2"], _environment(database.url), log)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while time.monotonic() < deadline:
                assert worker.poll() is None, log.read_text()
                database.refresh()
                if DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL":
                    break
                time.sleep(0.3)
            else:
                pytest.fail("the worker did not run the task:\n" + log.read_text())
        finally:
            code = _stop(worker)
    assert code == 0, log.read_text()

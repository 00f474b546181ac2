"""``make demo`` end to end: a real server on a free port, as a visitor meets it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from twoway.demo.run import demo_environment

KEY = "dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTAwMDA="


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_demo_environment_is_production_over_plain_http_on_this_machine():
    env = demo_environment("127.0.0.1", 8123, "var/mail")
    assert env["DEBUG"] == "false" and env["DEMO"] == "true"
    assert env["SITE_URL"] == "http://127.0.0.1:8123"
    assert env["EMAIL_URL"] == "file:var/mail"
    assert env["SECURE_SSL_REDIRECT"] == "false"


def test_the_demo_serves_as_in_production_and_writes_its_mail_to_files(tmp_path: Path):
    port = _free_port()
    mail = tmp_path / "mail"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "EMAIL_", "TASKS_"))
    }
    env.update(
        SECRET_KEY="demo-test-" + "x" * 40,
        FIELD_ENCRYPTION_KEYS=KEY,
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        # A .env or an exported variable asking for DEBUG or real e-mail is overruled.
        DEBUG="true",
        EMAIL_URL="smtp://user:secret@mail.example.org:587",
    )
    out = (tmp_path / "out.log").open("w")
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "twoway.demo.run",
            "--port",
            str(port),
            "--people",
            "60",
            "--seed",
            "3",
            "--mail-dir",
            str(mail),
        ],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if demo.poll() is not None:
                break
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        log = (tmp_path / "out.log").read_text()
        assert demo.poll() is None, log

        status, page = _get(base + "/no-such-page/")
        assert status == 404
        assert "Not found · Twoway" in page and "URLconf" not in page
        status, css = _get(base + "/static/twoway/app.css")
        assert status == 200 and ".footer" in css
        status, login = _get(base + "/accounts/login/")
        assert status == 200 and "every demo login’s password is public" in login

        # Publishing the demo pairs e-mailed both sides: into files, with links to
        # the port actually served, and none of it on the console.
        for _ in range(120):
            if list(mail.glob("*.log")):
                break
            time.sleep(0.25)
        letters = "".join(path.read_text() for path in mail.glob("*.log"))
        assert f"{base}/pairs/" in letters
        assert "http://127.0.0.1:8000" not in letters
        log = (tmp_path / "out.log").read_text()
        assert "Subject:" not in log and "Seeded Harbour & Vale: 60 people" in log
    finally:
        demo.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            demo.wait(timeout=20)
        time.sleep(0.5)
        left = _group_alive(demo.pid)
        if left:
            os.killpg(demo.pid, signal.SIGKILL)
    assert not left, "the server or the worker outlived the demo"


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True

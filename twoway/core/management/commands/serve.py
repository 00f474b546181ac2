"""``twoway serve``: the production web server (gunicorn), started in this process.

``twoway serve [--bind HOST:PORT] [--workers N] [--timeout SECONDS]`` serves
``twoway.wsgi`` with gunicorn's pre-fork workers: one line per request on standard
output, errors on standard error. SIGTERM stops it gracefully (requests in flight
finish, for up to ``--graceful-timeout`` seconds).
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"
# Workers when WEB_CONCURRENCY does not say: twice the cores plus one, at most this
# many (each worker holds the whole application in memory).
MAX_DEFAULT_WORKERS = 8
# A request taking longer than this is stopped and its worker replaced. Large HR
# imports are checked in the request; two minutes is well above the slowest.
DEFAULT_TIMEOUT = 120
DEFAULT_GRACEFUL_TIMEOUT = 30
# One line per request: client, request line, status, size, time in ms, request id
# (the X-Request-ID header the application sets, also in its own log lines).
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'

_HOST_PORT = re.compile(r"^(?:\[(?P<ipv6>[^\]]+)\]|(?P<host>[^:\[\]]+)):(?P<port>\d{1,5})$")
_HOST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


def bind_address(value: str) -> str:
    """``value`` checked as HOST:PORT, [IPv6]:PORT or unix:PATH, or a CommandError."""
    if value.startswith("unix:"):
        if len(value) > len("unix:"):
            return value
        raise CommandError("--bind unix: needs a socket path, e.g. unix:/run/twoway/web.sock")
    usage = (
        f"--bind must be HOST:PORT (e.g. 127.0.0.1:8000, 0.0.0.0:8000, [::]:8000) "
        f"or unix:PATH, not {value!r}"
    )
    match = _HOST_PORT.match(value)
    if not match:
        raise CommandError(usage)
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise CommandError(f"--bind port must be between 1 and 65535, not {port}")
    if match["ipv6"] is not None:
        try:
            ipaddress.IPv6Address(match["ipv6"])
        except ValueError:
            raise CommandError(usage) from None
    elif not _HOST_NAME.match(match["host"]):
        raise CommandError(usage)
    return value


def default_workers(environ: Mapping[str, str] = os.environ) -> int:
    """``WEB_CONCURRENCY`` if set, else twice the cores plus one (at most 8)."""
    value = environ.get("WEB_CONCURRENCY", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise CommandError(
                f"WEB_CONCURRENCY must be a whole number of 1 or more, not {value!r}"
            )
        return int(value)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1) + 1, MAX_DEFAULT_WORKERS)


def _positive(name: str, value: int) -> int:
    if value < 1:
        raise CommandError(f"{name} must be 1 or more, not {value}")
    return value


def _worker_exit(arbiter: object, worker: object) -> None:
    """A web worker that has finished its last request leaves at once.

    Tearing the interpreter down (the scientific libraries loaded by the matching
    pages) takes seconds and does nothing useful: a stop took four seconds instead
    of one. gunicorn calls this in the worker, and in the master when it notes a
    worker gone (where it must do nothing).
    """
    if os.getpid() != getattr(worker, "pid", None):
        return
    # Called while the worker's exit is under way: only a clean one is shortened (a
    # worker that failed to boot keeps the exit status that tells the master so).
    leaving = sys.exc_info()[1]
    if not isinstance(leaving, SystemExit) or leaving.code not in (0, None):
        return
    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def gunicorn_options(
    *, bind: str, workers: int, timeout: int, graceful_timeout: int
) -> dict[str, Any]:
    """The gunicorn settings ``twoway serve`` runs with."""
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": graceful_timeout,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "proc_name": "twoway",
        # A worker is replaced after 2,000 to 3,000 requests, so that a slow leak
        # cannot grow for ever. Workers started together take turns at the same rate:
        # a narrow spread had them all replaced within seconds of each other, and
        # every request waited on new workers' first (slower) pages.
        "max_requests": 2000,
        "max_requests_jitter": 1000,
        # No control socket: it would sit in the home folder, shared by every
        # server of that user; signals do its work.
        "control_socket_disable": True,
        "worker_exit": _worker_exit,
    }
    # Heartbeat files in memory rather than on a container's overlay disk.
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        options["worker_tmp_dir"] = "/dev/shm"
    return options


class TwowayApplication(BaseApplication):
    """gunicorn serving Twoway's WSGI application with the given settings."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__(prog="twoway serve")

    def load_config(self) -> None:
        assert self.cfg is not None
        known = self.cfg.settings
        for key, value in self.options.items():
            if key in known:
                self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return get_wsgi_application()


class Command(BaseCommand):
    help = "Run the production web server (gunicorn) for Twoway."
    # Checked in handle(), once the options are known to be good.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=DEFAULT_BIND,
            help=f"HOST:PORT or unix:PATH to listen on (default {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (default: WEB_CONCURRENCY, else 2 x cores + 1, at most 8)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=DEFAULT_TIMEOUT,
            help=f"seconds before a silent worker is replaced (default {DEFAULT_TIMEOUT})",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=DEFAULT_GRACEFUL_TIMEOUT,
            help="seconds requests in flight get to finish on stop or restart "
            f"(default {DEFAULT_GRACEFUL_TIMEOUT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind = bind_address(options["bind"])
        workers = options["workers"]
        workers = default_workers() if workers is None else _positive("--workers", workers)
        settings = gunicorn_options(
            bind=bind,
            workers=workers,
            timeout=_positive("--timeout", options["timeout"]),
            graceful_timeout=_positive("--graceful-timeout", options["graceful_timeout"]),
        )
        self.check(display_num_errors=False)
        # The system checks may have opened a connection: workers must not share it.
        connections.close_all()
        TwowayApplication(settings).run()

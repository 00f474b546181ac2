"""``twoway repeat --every MINUTES COMMAND [ARGS...]``: a command on a schedule.

For installs without cron (a container): ``twoway repeat --every 15 send_reminders``
runs ``twoway send_reminders`` now and then every 15 minutes, on the clock of the
first run (a slow run does not push the next ones later). A failed run is logged
and the next one goes ahead. SIGTERM or Ctrl-C stops it between runs.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run a twoway command now and then every N minutes, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, required=True, help="minutes between the starts of two runs"
        )
        parser.add_argument(
            "--runs", type=int, default=None, help="stop after this many runs (default: never)"
        )
        parser.add_argument("command", help="the twoway command to run, e.g. send_reminders")
        parser.add_argument("arguments", nargs="*", help="its arguments (after --)")

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["command"]
        if name not in get_commands() or name == "repeat":
            raise CommandError(f"{name!r} is not a twoway command")
        every = options["every"] * 60
        if every <= 0:
            raise CommandError("--every must be more than 0 minutes")
        runs = options["runs"]
        if runs is not None and runs < 1:
            raise CommandError("--runs must be 1 or more")

        stop = threading.Event()

        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            start = time.monotonic()
            done = 0
            while not stop.is_set():
                self._run_once(name, options["arguments"])
                done += 1
                if runs is not None and done >= runs:
                    break
                # The next slot on the first run's clock that has not passed yet.
                slots = int((time.monotonic() - start) // every) + 1
                stop.wait(start + slots * every - time.monotonic())
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _run_once(self, name: str, arguments: list[str]) -> None:
        close_old_connections()
        try:
            call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
        except SystemExit as stopped:
            if stopped.code:
                logger.error("twoway %s exited with %s; next run as planned", name, stopped.code)
        except Exception:
            logger.exception("twoway %s failed; the next run goes ahead as planned", name)
        finally:
            close_old_connections()

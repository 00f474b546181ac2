"""``twoway worker``: the background worker (matching runs, e-mail).

Runs the tasks queued in the database (django-tasks-db's ``db_worker``), without
reloading on code changes. SIGTERM stops it cleanly: a task in progress finishes
first. Run one or more beside ``twoway serve``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class Command(BaseCommand):
    help = "Run the background worker: the tasks queued in the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at the queue when it is empty (default 1)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the tasks waiting now, then stop"
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="stop after this many tasks"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != DATABASE_BACKEND:
            raise CommandError(
                f"TASKS_BACKEND is {backend}: tasks run as soon as they are queued and no "
                f"worker is needed. Set TASKS_BACKEND={DATABASE_BACKEND} to use one."
            )
        worker_options: dict[str, Any] = {
            "reload": False,
            "interval": options["interval"],
            "batch": options["batch"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"] is not None:
            if options["max_tasks"] < 1:
                raise CommandError("--max-tasks must be 1 or more")
            worker_options["max_tasks"] = options["max_tasks"]
        call_command("db_worker", **worker_options)

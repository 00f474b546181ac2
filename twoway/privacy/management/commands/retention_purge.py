"""``twoway retention_purge [--dry-run]``: delete the private free text of programs
closed longer than ``RETENTION_DAYS_AFTER_CLOSE`` days (docs/data-rights.md).

Meeting logs' notes, reflections, check-in notes, survey comments, agreement texts,
thanks notes and the reasons people gave are emptied; counts, scores and dates
stay. Prints one line per program, then ``emptied=<n>``; a second run empties
nothing. ``--dry-run`` only counts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from twoway.privacy.services import retention_purge


class Command(BaseCommand):
    help = "Delete the private free text of programs closed longer than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only count what would be emptied"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.RETENTION_DAYS_AFTER_CLOSE
        if days <= 0:
            self.stdout.write("RETENTION_DAYS_AFTER_CLOSE is 0: private text is kept forever.")
            self.stdout.write("emptied=0")
            return
        dry = options["dry_run"]
        result = retention_purge(actor=None, dry_run=dry)
        verb = "would empty" if dry else "emptied"
        total = 0
        for slug, counts in result.items():
            total += sum(counts.values())
            listed = ", ".join(f"{key}={value}" for key, value in counts.items() if value)
            self.stdout.write(f"{slug}: {verb} {listed or 'nothing'}")
        self.stdout.write(f"{'would_empty' if dry else 'emptied'}={total}")

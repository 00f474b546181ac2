"""``twoway send_reminders [--now ISO]``: send the reminders that are due.

Run it from cron (every 15 minutes is fine): each reminder goes out once
however often, or however many times at once, it runs. Prints the number sent
per kind, then ends with ``sent=<n> skipped=<m>``; reminders that could not be
sent are counted on stderr and tried again by the next run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from twoway.notifications.models import Kind
from twoway.notifications.services import reminders_send_due


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now takes a date and time like 2025-03-01T09:00 or 2025-03-01T09:00+01:00, "
            f"not “{text}”."
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Send the reminders that are due (meetings, logs, agreements, check-ins, the "
        "weekly risk digest, escalations). Each goes out once, however often this runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="act as if it were this moment (ISO 8601; without an offset, the site's "
            "time zone)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = _moment(options["now"]) if options["now"] else None
        counts = reminders_send_due(now=now)
        for kind in Kind:
            sent, skipped = counts.sent_by_kind[kind], counts.skipped_by_kind[kind]
            if sent or skipped:
                self.stdout.write(f"{kind.value}: sent={sent} skipped={skipped}")
        if counts.failed:
            self.stderr.write(
                f"failed={counts.failed}: not sent (see the log); the next run tries again"
            )
        self.stdout.write(f"sent={counts.sent} skipped={counts.skipped}")

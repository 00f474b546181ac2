"""``twoway send_reminders [--now ISO] [--failed]``: send the reminders that are due.

Run it from cron (every 15 minutes is fine): each reminder goes out once
however often, or however many times at once, it runs. Prints the number sent
per kind, then ends with ``sent=<n> skipped=<m>``; reminders that could not be
sent are counted on stderr (``failed=<k>``) and tried again by a later run
after a pause, up to ``REMINDER_MAX_ATTEMPTS`` times (``given_up=<g>``: the
last attempt failed too); ``unreachable=<n>`` when the mail server could not
be reached and nothing was tried. ``--failed`` lists the reminders given up
instead of sending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from twoway.notifications.models import Kind
from twoway.notifications.selectors import notices_given_up
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
        parser.add_argument(
            "--failed",
            action="store_true",
            help="send nothing; list the reminders given up after their last attempt failed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["failed"]:
            self._list_given_up()
            return
        now = _moment(options["now"]) if options["now"] else None
        counts = reminders_send_due(now=now)
        for kind in Kind:
            sent, skipped = counts.sent_by_kind[kind], counts.skipped_by_kind[kind]
            if sent or skipped:
                self.stdout.write(f"{kind.value}: sent={sent} skipped={skipped}")
        if counts.unreachable:
            self.stderr.write(
                f"unreachable={counts.unreachable}: the mail server could not be reached (see "
                "the log); nothing was sent, the next run tries again"
            )
        if counts.given_up:
            self.stderr.write(
                f"failed={counts.failed} given_up={counts.given_up}: not sent (see the log); "
                "the ones given up are not tried again (--failed lists them), the others "
                "are tried again after a pause"
            )
        elif counts.failed:
            self.stderr.write(
                f"failed={counts.failed}: not sent (see the log); tried again after a pause"
            )
        self.stdout.write(f"sent={counts.sent} skipped={counts.skipped}")

    def _list_given_up(self) -> None:
        given_up = list(notices_given_up())
        for notice in given_up:
            when = timezone.localtime(notice.updated_at).strftime("%Y-%m-%d %H:%M")
            to = notice.user.email if notice.user else "(user deleted)"
            self.stdout.write(
                f"{when} {notice.kind} {to} attempts={notice.attempts} {notice.last_error}"
            )
        self.stdout.write(f"given_up={len(given_up)}")

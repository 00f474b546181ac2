"""``twoway purge_import_uploads``: delete uploads left waiting for review.

An uploaded HR file stays in the database until an administrator imports or
discards it; this deletes the ones that waited longer than the retention
period (7 days unless ``--days`` says otherwise), file and all, with an audit
event each. Safe to run from cron as often as wanted: it prints one line per
upload deleted, then ``deleted=<n>``, and a second run deletes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.people.importing.uploads import PENDING_RETENTION, import_upload_purge


class Command(BaseCommand):
    help = (
        "Delete uploaded HR files that have waited for review longer than the retention "
        f"period ({PENDING_RETENTION.days} days by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=PENDING_RETENTION.days,
            help="delete uploads waiting longer than this many days "
            f"(default {PENDING_RETENTION.days})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError("--days must be 0 or more")
        deleted = import_upload_purge(actor=None, older_than=dt.timedelta(days=days))
        for upload in deleted:
            by = upload.uploaded_by.email if upload.uploaded_by else "unknown"
            self.stdout.write(
                f"deleted {upload.filename} (uploaded {upload.created_at:%Y-%m-%d %H:%M} "
                f"by {by}, waiting for review)"
            )
        self.stdout.write(f"deleted={len(deleted)}")

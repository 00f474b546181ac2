"""The HR people import: check a whole file, then upsert it in one transaction.

``person_import`` is the one entry point for the command line and the upload
pages. It works in three stages:

1. **read** the file (``twoway.integrations.hr_csv``), match its headers to
   the documented columns and clean every value of every row on its own
   (``read``, with the cleaners of ``clean``);
2. **check** the rows against each other and against the directory as it
   will be after the import (unique ids and e-mails, managers that exist, no
   loops in the reporting lines) and classify each person as created,
   updated or unchanged (``check``, the directory read by ``selectors``);
3. **save** it with a handful of bulk queries, however long the file, with
   an audit event per changed person and a history row (``PersonChange``)
   per change of level, job title or department, all inside one
   transaction (``apply``).

Every problem is reported as ``row <n>: <column>: <message>`` (``report``).
By default one bad row means nothing is saved; ``partial=True`` saves the
good rows.

Saving takes a PostgreSQL advisory lock first, so that two imports at once
(a nightly run and an administrator, say) queue instead of colliding on the
unique e-mails and employee ids; the second plans inside the lock, against
the directory the first has just saved. The upload pages' services
(``ImportUpload``: upload, review, apply, purge) live in ``uploads``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.models import Role
from twoway.core.roles import user_has_role
from twoway.integrations.hr_csv.columns import COLUMN_NAMES
from twoway.people.importing.apply import import_run
from twoway.people.importing.read import file_read
from twoway.people.importing.report import ImportReport
from twoway.people.models import ImportUpload

# The key of the advisory lock that queues imports on PostgreSQL (any number
# no other lock of this database uses; "Twoway" in ASCII).
IMPORT_LOCK_KEY = 0x54776F776179


def import_permission_check(actor: Actor) -> None:
    """Only administrators import people (the command line passes no actor)."""
    if not user_has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators can import people.")


def person_import(
    *,
    actor: Actor,
    content: bytes,
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    mark_leavers: bool = False,
    partial: bool = False,
    today: dt.date | None = None,
    upload: ImportUpload | None = None,
) -> ImportReport:
    """Create and update people from an HR export (``.csv`` or ``.xlsx``).

    People are matched on ``employee_id``. A column absent from the file
    leaves that field alone; a column present with a blank value clears it.
    Nobody is deleted; ``mark_leavers`` gives current people who are missing
    from the file a leave date of ``today``.

    Parameters
    ----------
    actor
        An administrator, or None for the command line ("system").
    mapping
        Canonical column → file header, overriding the automatic match
        (``""`` leaves a column out).
    dry_run
        Run every check and count, save nothing.
    partial
        Save the good rows even when others have errors (rows whose manager
        is on a bad row are skipped too). By default one error saves nothing.
    upload
        The upload being applied, if any; the history of levels, job titles
        and departments names it.

    Returns
    -------
    ImportReport
        Counts, every error as ``row <n>: <column>: <message>``, the mapping.

    Examples
    --------
    >>> report = person_import(actor=None, content=b"employee_id,name,email\\n"
    ...     b"E1,Ada Okafor,ada@example.org\\n", filename="hr.csv")  # doctest: +SKIP
    >>> report.summary_line()  # doctest: +SKIP
    'created=1 updated=0 unchanged=0 errors=0'
    """
    if actor is not None:  # None is the command line
        import_permission_check(actor)
    report = ImportReport(
        filename=filename, dry_run=dry_run, partial=partial, mark_leavers=mark_leavers
    )
    today = today or timezone.localdate()
    parsed = file_read(content, filename, mapping, report)
    if parsed is None:
        return _report_finish(report)
    if dry_run:
        import_run(parsed, report, actor, today, save=False)
    else:
        with transaction.atomic():
            import_lock()
            import_run(parsed, report, actor, today, save=True, upload=upload)
    return _report_finish(report)


def import_lock() -> None:
    """Queue behind any other import saving now, until this transaction ends.

    Two imports that plan against the same directory would both insert the
    same new people and fail on the unique constraints. On PostgreSQL the
    second waits here for the first to commit, then plans against what it
    saved (READ COMMITTED reads the latest rows in each statement), so it
    reports those people as unchanged. SQLite needs no lock: its writing
    transactions start IMMEDIATE, one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _report_finish(report: ImportReport) -> ImportReport:
    order = {name: position for position, name in enumerate(COLUMN_NAMES)}
    report.errors.sort(key=lambda error: (error.row or 0, order.get(error.column, -1)))
    return report

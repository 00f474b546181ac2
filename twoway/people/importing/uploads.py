"""Uploads kept for review: the services behind the import pages.

An administrator uploads a file; it is checked once, there and then (a dry
run of ``person_import``), and the result is stored on the ``ImportUpload``
row, so that the review page never reads the file again however often it is
shown. Choosing another column mapping, or asking for a fresh check, runs the
dry run once more. A file that cannot be read as a table at all (too large
unpacked, too many columns, a forged workbook, not UTF-8 text) is refused at
the upload and never stored.

Applying imports the file once (a conditional ``UPDATE`` claims it), and
applying or discarding deletes the file and its review; uploads left waiting
longer than ``PENDING_RETENTION`` are deleted by ``import_upload_purge``
(``twoway purge_import_uploads``, from cron or a background task).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_event, audit_record
from twoway.core.models import AuditEvent
from twoway.integrations.hr_csv.columns import COLUMN_NAMES
from twoway.people.importing.report import ImportReport
from twoway.people.importing.selectors import import_upload_content, import_upload_content_pending
from twoway.people.importing.service import import_permission_check, person_import
from twoway.people.models import ImportUpload

# How long an upload may wait for review before the purge deletes it (with
# the HR data in it).
PENDING_RETENTION = dt.timedelta(days=7)


def _check(upload: ImportUpload, content: bytes, actor: Actor) -> ImportReport:
    return person_import(
        actor=actor,
        content=content,
        filename=upload.filename,
        mapping=upload.mapping or None,
        mark_leavers=upload.mark_leavers,
        dry_run=True,
    )


def import_upload_create(
    *, actor: Actor, filename: str, content: bytes, mark_leavers: bool = False
) -> ImportUpload:
    """Check an uploaded file and keep it, with the check, for review.

    Raises
    ------
    ValidationError
        When the file cannot be read as a table at all; nothing is stored.
    """
    import_permission_check(actor)
    upload = ImportUpload(
        uploaded_by=actor_user(actor),
        filename=filename[:255],
        size=len(content),
        mark_leavers=mark_leavers,
    )
    report = _check(upload, content, actor)
    if report.unreadable:
        error = report.errors[0]
        where = f"Row {error.row}: " if error.row else ""
        raise ValidationError(
            f"“{upload.filename}” cannot be imported. {where}"
            f"{error.message[:1].upper()}{error.message[1:]}.",
            code="unreadable",
        )
    with transaction.atomic():
        upload.content = content
        upload.review = report.as_review()
        upload.checked_at = timezone.now()
        upload.save()
        audit_record(
            actor=actor,
            action=AuditAction.PEOPLE_IMPORT_UPLOAD,
            subject=upload,
            after={"filename": upload.filename, "size": upload.size, "mark_leavers": mark_leavers},
        )
    return upload


def import_upload_check(*, actor: Actor, upload: ImportUpload) -> bool:
    """Check a pending upload again, against the directory as it is now.

    Stores the result for the review page. False if the upload is no longer
    pending (then nothing is read).
    """
    import_permission_check(actor)
    content = import_upload_content_pending(upload=upload)
    if content is None:
        return False
    report = _check(upload, content, actor)
    return _review_store(upload, report)


def _review_store(upload: ImportUpload, report: ImportReport) -> bool:
    now = timezone.now()
    review = report.as_review()
    stored = ImportUpload.objects.filter(pk=upload.pk, status=ImportUpload.Status.PENDING).update(
        review=review, checked_at=now, updated_at=now
    )
    if stored:
        upload.review, upload.checked_at = review, now
    return bool(stored)


def import_upload_map(*, actor: Actor, upload: ImportUpload, mapping: Mapping[str, str]) -> bool:
    """Choose which file column feeds each import column, and check the file with it.

    False if the upload is no longer pending.
    """
    import_permission_check(actor)
    clean = {name: (mapping.get(name) or "") for name in COLUMN_NAMES if name in mapping}
    changed = ImportUpload.objects.filter(pk=upload.pk, status=ImportUpload.Status.PENDING).update(
        mapping=clean, updated_at=timezone.now()
    )
    if not changed:
        return False
    upload.mapping = clean
    return import_upload_check(actor=actor, upload=upload)


def import_upload_apply(*, actor: Actor, upload: ImportUpload) -> ImportReport | None:
    """Import a pending upload, once.

    The status moves from pending to applied with a conditional UPDATE in the
    same transaction as the import, so two clicks (or two administrators)
    apply the file once; the second call gets None. If the file now has
    errors (the directory changed since the check), nothing is saved, the
    upload stays pending and its review shows the new errors.
    """
    import_permission_check(actor)
    with transaction.atomic():
        claimed = ImportUpload.objects.filter(
            pk=upload.pk, status=ImportUpload.Status.PENDING
        ).update(status=ImportUpload.Status.APPLIED, applied_at=timezone.now())
        if not claimed:
            return None
        report = person_import(
            actor=actor,
            content=import_upload_content(upload=upload),
            filename=upload.filename,
            mapping=upload.mapping or None,
            mark_leavers=upload.mark_leavers,
            upload=upload,
        )
        if report.applied:
            user = actor_user(actor)
            result = report.as_dict() | {"applied_by": user.email if user is not None else ""}
            ImportUpload.objects.filter(pk=upload.pk).update(
                content=b"", review={}, result=result, updated_at=timezone.now()
            )
        else:
            transaction.set_rollback(True)
    if not report.applied:
        _review_store(upload, report)
    upload.refresh_from_db()
    return report


def import_upload_discard(*, actor: Actor, upload: ImportUpload) -> bool:
    """Drop a pending upload's file without importing it. False if not pending."""
    import_permission_check(actor)
    with transaction.atomic():
        discarded = ImportUpload.objects.filter(
            pk=upload.pk, status=ImportUpload.Status.PENDING
        ).update(
            status=ImportUpload.Status.DISCARDED,
            content=b"",
            review={},
            updated_at=timezone.now(),
        )
        if discarded:
            audit_record(
                actor=actor,
                action=AuditAction.PEOPLE_IMPORT_DISCARD,
                subject=upload,
                after={"filename": upload.filename},
            )
    upload.refresh_from_db()
    return bool(discarded)


def import_upload_purge(
    *,
    actor: Actor = None,
    older_than: dt.timedelta = PENDING_RETENTION,
    now: dt.datetime | None = None,
) -> list[ImportUpload]:
    """Delete the uploads that have waited for review longer than ``older_than``.

    Idempotent: a second run finds nothing. Applied and discarded uploads
    (already without their file) stay, as the history of imports. Each
    deleted upload gets an audit event. ``actor`` None is "system" (the
    command line, a background task). Returns the deleted uploads, unsaved.
    """
    if actor is not None:
        import_permission_check(actor)
    cutoff = (now or timezone.now()) - older_than
    with transaction.atomic():
        stale = list(
            ImportUpload.objects.select_for_update(of=("self",))
            .filter(status=ImportUpload.Status.PENDING, created_at__lt=cutoff)
            .select_related("uploaded_by")
            .defer("content", "review")
            .order_by("created_at")
        )
        if not stale:
            return []
        ImportUpload.objects.filter(pk__in=[upload.pk for upload in stale]).delete()
        AuditEvent.objects.bulk_create(
            audit_event(
                actor=actor,
                action=AuditAction.PEOPLE_IMPORT_PURGE,
                subject=upload,
                after={
                    "filename": upload.filename,
                    "uploaded": upload.created_at.isoformat(),
                    "retention_days": older_than.days,
                },
            )
            for upload in stale
        )
    return stale

"""``twoway purge_import_uploads``: uploads left waiting for review are deleted."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.people.importing.uploads import import_upload_purge
from twoway.people.models import ImportUpload

pytestmark = pytest.mark.django_db

CONTENT = b"employee_id,name,email\nN1,Noor Haddad,noor@example.org\n"


def upload(name: str, days_ago: float, status: str = ImportUpload.Status.PENDING, **fields):
    return ImportUpload.objects.create(
        filename=name,
        content=CONTENT if status == ImportUpload.Status.PENDING else b"",
        status=status,
        created_at=timezone.now() - dt.timedelta(days=days_ago),
        **fields,
    )


def purge(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("purge_import_uploads", *args, stdout=out)
    return out.getvalue().splitlines()


def test_deletes_pending_uploads_older_than_a_week_and_says_which(cast):
    stale = upload("june.csv", 8, uploaded_by=cast.ada)
    upload("recent.csv", 6)
    upload("imported.csv", 30, ImportUpload.Status.APPLIED)
    upload("discarded.csv", 30, ImportUpload.Status.DISCARDED)

    lines = purge()

    assert lines == [
        f"deleted june.csv (uploaded {stale.created_at:%Y-%m-%d %H:%M} by ada@example.org, "
        "waiting for review)",
        "deleted=1",
    ]
    assert sorted(ImportUpload.objects.values_list("filename", flat=True)) == [
        "discarded.csv",
        "imported.csv",
        "recent.csv",
    ]
    event = AuditEvent.objects.get(action="people.import_purge")
    assert (event.subject_id, event.subject_label, event.actor_label) == (
        str(stale.uuid),
        "june.csv",
        "",
    )
    assert event.after is not None and event.after["retention_days"] == 7


def test_a_second_run_finds_nothing_to_delete():
    upload("june.csv", 8)
    purge()

    assert purge() == ["deleted=0"]
    assert AuditEvent.objects.filter(action="people.import_purge").count() == 1


def test_days_sets_the_retention():
    upload("today.csv", 0.01)
    upload("yesterday.csv", 1.5)

    assert purge("--days", "1")[-1] == "deleted=1"
    assert list(ImportUpload.objects.values_list("filename", flat=True)) == ["today.csv"]


def test_a_negative_retention_is_refused():
    upload("june.csv", 8)

    with pytest.raises(CommandError, match="--days must be 0 or more"):
        purge("--days", "-1")
    assert ImportUpload.objects.count() == 1


def test_the_service_purges_for_an_administrator_and_refuses_anyone_else(cast):
    upload("june.csv", 8)

    with pytest.raises(PermissionDenied):
        import_upload_purge(actor=cast.priya)
    assert ImportUpload.objects.count() == 1
    assert [gone.filename for gone in import_upload_purge(actor=cast.ada)] == ["june.csv"]
    assert AuditEvent.objects.get(action="people.import_purge").actor_label == "ada@example.org"

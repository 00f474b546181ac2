import pytest
from django.db import transaction

from twoway.core.audit import AuditAction, audit_record, diff, snapshot
from twoway.core.models import AuditEvent


@pytest.mark.django_db
def test_audit_event_keeps_actor_subject_and_changes(cast):
    with transaction.atomic():
        event = audit_record(
            actor=cast.ada,
            action=AuditAction.PERSON_UPDATE,
            subject=cast.juno.person,
            before={"job_title": "Intern"},
            after={"job_title": "Associate"},
        )
    saved = AuditEvent.objects.get(pk=event.pk)
    assert saved.actor == cast.ada and saved.actor_label == "ada@example.org"
    assert saved.subject_type == "people.person"
    assert saved.subject_id == str(cast.juno.person.uuid)
    assert saved.subject_label == "Juno Park"
    assert saved.before == {"job_title": "Intern"} and saved.after == {"job_title": "Associate"}


@pytest.mark.django_db
def test_audit_log_is_append_only(cast):
    with transaction.atomic():
        event = audit_record(actor=None, action=AuditAction.ENCRYPTION_ROTATE)
    event.action = "tampered"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "encryption.rotate"


@pytest.mark.django_db
def test_audit_row_rolls_back_with_the_change(cast):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="the change failed"), transaction.atomic():
        audit_record(actor=cast.ada, action=AuditAction.PERSON_UPDATE, subject=cast.juno.person)
        raise ValueError("the change failed")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_snapshot_and_diff_keep_only_changed_fields(cast):
    person = cast.juno.person
    before = snapshot(person, ["job_title", "level", "manager", "hire_date"])
    assert before == {
        "job_title": "Marketing Assistant",
        "level": 2,
        "manager": None,
        "hire_date": "2024-09-02",
    }
    person.level = 3
    old, new = diff(before, snapshot(person, ["job_title", "level", "manager", "hire_date"]))
    assert old == {"level": 2} and new == {"level": 3}

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.audit import REDACTED
from twoway.core.models import AuditEvent
from twoway.skills.services import person_skill_update
from twoway.testing.factories import PersonSkillFactory


@pytest.fixture
def entry(cast):
    return PersonSkillFactory(person=cast.juno.person, level=3, note="old note")


@pytest.mark.django_db
def test_a_person_changes_the_level_and_note_and_the_note_text_stays_out_of_the_log(cast, entry):
    person_skill_update(actor=cast.juno, person_skill=entry, level=5, note="new note")
    entry.refresh_from_db()
    assert entry.level == 5 and entry.note == "new note"
    event = AuditEvent.objects.get(action="person_skill.update")
    assert event.after == {"level": 5, "note": REDACTED}
    assert "new note" not in str(event.before) + str(event.after)


@pytest.mark.django_db
def test_an_unchanged_entry_writes_no_audit_event(cast, entry):
    person_skill_update(actor=cast.juno, person_skill=entry, level=3, note="old note")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_out_of_range_level_is_refused_and_nothing_changes(cast, entry):
    with pytest.raises(ValidationError):
        person_skill_update(actor=cast.juno, person_skill=entry, level=9, note="")
    entry.refresh_from_db()
    assert entry.level == 3 and entry.note == "old note"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ada", "priya", "sterling"])
def test_only_the_person_themself_may_change_their_entry(cast, entry, who):
    with pytest.raises(PermissionDenied):
        person_skill_update(actor=getattr(cast, who), person_skill=entry, level=1, note="")
    entry.refresh_from_db()
    assert entry.level == 3

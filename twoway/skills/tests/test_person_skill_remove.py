import pytest
from django.core.exceptions import PermissionDenied

from twoway.core.models import AuditEvent
from twoway.skills.models import PersonSkill
from twoway.skills.services import person_skill_remove
from twoway.testing.factories import PersonSkillFactory


@pytest.mark.django_db
def test_a_person_removes_their_entry_and_the_log_keeps_what_it_was(cast):
    entry = PersonSkillFactory(person=cast.juno.person, level=4)
    skill_name = entry.skill.name
    person_skill_remove(actor=cast.juno, person_skill=entry)
    assert not PersonSkill.objects.exists()
    event = AuditEvent.objects.get(action="person_skill.remove")
    assert event.before == {"skill": skill_name, "direction": "offer", "level": 4}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ada", "priya", "sterling", "otto"])
def test_nobody_else_may_remove_it(cast, who):
    entry = PersonSkillFactory(person=cast.juno.person)
    with pytest.raises(PermissionDenied):
        person_skill_remove(actor=getattr(cast, who), person_skill=entry)
    assert PersonSkill.objects.filter(pk=entry.pk).exists()
    assert not AuditEvent.objects.exists()

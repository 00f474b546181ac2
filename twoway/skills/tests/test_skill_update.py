import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.audit import snapshot
from twoway.core.models import AuditEvent
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.services import SKILL_FIELDS, skill_update
from twoway.testing.factories import PersonSkillFactory, SkillFactory


def _fields(skill, **changes):
    return snapshot(skill, SKILL_FIELDS) | changes


@pytest.mark.django_db
def test_an_update_is_audited_with_only_the_changed_values_before_and_after(cast):
    skill = SkillFactory(name="Podcasting", synonyms="audio")
    skill_update(actor=cast.ada, skill=skill, **_fields(skill, name="Podcasts", is_key=True))
    skill.refresh_from_db()
    assert skill.name == "Podcasts" and skill.is_key
    event = AuditEvent.objects.get(action="skill.update")
    assert event.before == {"name": "Podcasting", "is_key": False}
    assert event.after == {"name": "Podcasts", "is_key": True}


@pytest.mark.django_db
def test_saving_without_changes_writes_no_audit_event(cast):
    skill = SkillFactory(name="Podcasting")
    skill_update(actor=cast.ada, skill=skill, **_fields(skill))
    assert not AuditEvent.objects.filter(action="skill.update").exists()


@pytest.mark.django_db
def test_a_skill_may_change_the_case_of_its_own_name(cast):
    skill = SkillFactory(name="Podcasting")
    skill_update(actor=cast.ada, skill=skill, **_fields(skill, name="PODCASTING"))
    assert Skill.objects.get(pk=skill.pk).name == "PODCASTING"


@pytest.mark.django_db
def test_renaming_onto_another_skill_is_a_form_error_not_an_integrity_error(cast):
    skill = SkillFactory(name="Podcasting")
    with pytest.raises(ValidationError) as caught:
        skill_update(actor=cast.ada, skill=skill, **_fields(skill, name="data LITERACY"))
    assert "already a skill called “Data literacy”" in caught.value.message_dict["name"][0]
    assert Skill.objects.get(pk=skill.pk).name == "Podcasting"


@pytest.mark.django_db
def test_deactivating_keeps_everyones_existing_entries(cast):
    skill = SkillFactory(name="Podcasting")
    PersonSkillFactory(person=cast.juno.person, skill=skill)
    skill_update(actor=cast.ada, skill=skill, **_fields(skill, is_active=False))
    assert PersonSkill.objects.filter(skill=skill).count() == 1
    assert not Skill.objects.get(pk=skill.pk).is_active


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno"])
def test_only_administrators_may_edit_the_catalogue(cast, who):
    skill = SkillFactory(name="Podcasting")
    with pytest.raises(PermissionDenied):
        skill_update(actor=getattr(cast, who), skill=skill, **_fields(skill, name="Hacked"))
    assert Skill.objects.get(pk=skill.pk).name == "Podcasting"

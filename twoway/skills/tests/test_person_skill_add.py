from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.audit import REDACTED
from twoway.core.models import AuditEvent
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.services import person_skill_add
from twoway.testing.factories import SkillFactory


def _add(cast, skill="Short-form video", **overrides):
    fields: dict[str, Any] = {"direction": "offer", "level": 4, "note": ""} | overrides
    return person_skill_add(actor=cast.juno, person=cast.juno.person, skill=skill, **fields)


@pytest.mark.django_db
def test_a_person_adds_a_skill_they_can_teach_and_it_is_audited(cast):
    row, created = _add(cast, note="I post every week")
    assert created and row.skill.name == "Short-form video" and row.level == 4
    assert row.note == "I post every week"
    event = AuditEvent.objects.get(action="person_skill.add")
    assert event.actor == cast.juno
    assert event.after == {
        "skill": "Short-form video",
        "direction": "offer",
        "level": 4,
        "note": REDACTED,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["tiktok", "TikTok", "  instagram   REELS ", "SHORT-FORM VIDEO"])
def test_a_typed_name_or_synonym_resolves_whatever_its_case(cast, typed):
    row, _ = _add(cast, skill=typed)
    assert row.skill.name == "Short-form video"


@pytest.mark.django_db
def test_an_unknown_name_suggests_up_to_three_skills_and_saves_nothing(cast):
    with pytest.raises(ValidationError) as caught:
        _add(cast, skill="tiktk")
    message = caught.value.message_dict["skill"][0]
    assert "“tiktk” is not in the skills catalogue" in message
    assert "Did you mean “Short-form video”" in message
    assert not PersonSkill.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_adding_the_same_skill_again_updates_the_level_instead_of_failing(cast):
    _add(cast, level=2, note="first note")
    row, created = _add(cast, skill="tiktok", level=5)
    assert not created and row.level == 5 and row.note == "first note"
    assert PersonSkill.objects.count() == 1
    event = AuditEvent.objects.get(action="person_skill.update")
    assert event.before is not None
    assert event.before["level"] == 2 and event.after == {"level": 5}


@pytest.mark.django_db
def test_the_same_skill_may_be_both_offered_and_wanted(cast):
    _add(cast, direction="offer")
    _add(cast, direction="learn", level=1)
    assert PersonSkill.objects.filter(person=cast.juno.person).count() == 2


@pytest.mark.django_db
def test_nobody_may_add_skills_to_someone_elses_profile_not_even_an_administrator(cast):
    with pytest.raises(PermissionDenied):
        person_skill_add(
            actor=cast.ada,
            person=cast.juno.person,
            skill="Short-form video",
            direction="offer",
            level=3,
        )
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"level": "high"}, "level"),
        ({"note": "x" * 281}, "note"),
        ({"direction": "sideways"}, "direction"),
        ({"skill": "   "}, "skill"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cast, overrides, field):
    with pytest.raises(ValidationError) as caught:
        _add(cast, **overrides)
    assert field in caught.value.message_dict
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_a_note_of_exactly_280_characters_is_fine(cast):
    row, _ = _add(cast, note="x" * 280)
    assert len(row.note) == 280


@pytest.mark.django_db
def test_an_inactive_skill_cannot_be_added_by_name_or_by_object(cast):
    skill = SkillFactory(name="Fax machines", is_active=False)
    with pytest.raises(ValidationError):
        _add(cast, skill="fax machines")
    with pytest.raises(ValidationError, match="no longer in the catalogue"):
        _add(cast, skill=skill)
    assert not PersonSkill.objects.exists()


@pytest.mark.django_db
def test_a_synonym_shared_by_two_skills_asks_which_one(cast):
    SkillFactory(name="Podcasting", synonyms="audio", category=Skill.Category.SOCIAL_MEDIA)
    SkillFactory(name="Sound engineering", synonyms="Audio")
    with pytest.raises(ValidationError, match="could mean “Podcasting” or “Sound engineering”"):
        _add(cast, skill="AUDIO")

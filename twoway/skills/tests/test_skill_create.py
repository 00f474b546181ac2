import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.models import AuditEvent
from twoway.skills.models import Skill
from twoway.skills.services import skill_create


def _create(actor, **overrides):
    fields = {"name": "Podcasting", "category": Skill.Category.SOCIAL_MEDIA} | overrides
    return skill_create(actor=actor, **fields)


@pytest.mark.django_db
def test_an_administrator_adds_a_skill_with_synonyms_and_it_is_audited(cast):
    skill = _create(
        cast.ada, name="  Podcasting  ", synonyms="audio shows\n\n Spotify \n", is_key=True
    )
    assert skill.name == "Podcasting" and skill.is_key and skill.is_active
    assert skill.synonym_list == ["audio shows", "Spotify"]
    assert skill.search_text == "podcasting\naudio shows\nspotify"
    event = AuditEvent.objects.get(action="skill.create")
    assert event.actor == cast.ada and event.subject_id == str(skill.uuid)
    assert event.after is not None
    assert event.after["name"] == "Podcasting" and event.after["is_key"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_only_administrators_may_add_skills(cast, who):
    with pytest.raises(PermissionDenied):
        _create(getattr(cast, who))
    assert not Skill.objects.filter(name="Podcasting").exists()


@pytest.mark.django_db
def test_a_name_that_differs_only_in_case_is_refused_with_a_clear_message(cast):
    with pytest.raises(ValidationError) as caught:
        _create(cast.ada, name="short-FORM video")
    assert "already a skill called “Short-form video”" in caught.value.message_dict["name"][0]
    assert Skill.objects.filter(name__iexact="short-form video").count() == 1
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_synonym_may_not_be_another_skills_name(cast):
    with pytest.raises(ValidationError) as caught:
        _create(cast.ada, synonyms="short-form VIDEO")
    assert "Short-form video" in caught.value.message_dict["synonyms"][0]
    assert not Skill.objects.filter(name="Podcasting").exists()


@pytest.mark.django_db
def test_a_blank_name_and_an_unknown_category_are_both_reported(cast):
    with pytest.raises(ValidationError) as caught:
        _create(cast.ada, name="   ", category="astrology")
    assert set(caught.value.message_dict) == {"name", "category"}

"""The catalogue look-ups behind the type-ahead, the directory and adding a skill."""

import datetime as dt

import pytest

from twoway.skills.models import SelfAssessment, Skill
from twoway.skills.selectors import (
    person_skill_progress,
    profile_skills,
    skill_did_you_mean,
    skill_gap_top,
    skill_resolve,
    skill_suggest,
)
from twoway.testing.factories import PersonFactory, PersonSkillFactory, SkillFactory


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Short-form video", "short-form VIDEO", "TikTok", " tiktok "])
def test_resolve_matches_a_whole_name_or_synonym_in_any_case(typed):
    assert [s.name for s in skill_resolve(text=typed)] == ["Short-form video"]


@pytest.mark.django_db
def test_resolve_does_not_match_part_of_a_name():
    assert skill_resolve(text="tik") == []


@pytest.mark.django_db
def test_suggest_puts_names_before_synonyms_and_says_which_synonym_matched():
    rows = skill_suggest(q="reels")
    assert rows[0]["skill"].name == "Short-form video" and rows[0]["matched"] == "Instagram Reels"


@pytest.mark.django_db
def test_did_you_mean_gives_at_most_three_names_and_handles_typos():
    assert skill_did_you_mean(text="tiktk") == ["Short-form video"]
    assert len(skill_did_you_mean(text="a")) == 3
    assert skill_did_you_mean(text="zzzzqqq") == []


@pytest.mark.django_db
def test_progress_counts_offers_wants_and_the_latest_assessment(cast):
    person = cast.juno.person
    PersonSkillFactory(person=person)
    PersonSkillFactory(person=person, direction="learn", level=1)
    PersonSkillFactory(person=person, direction="learn", level=1)
    assert person_skill_progress(person=person)["done_count"] == 2
    SelfAssessment.objects.create(person=person)
    progress = person_skill_progress(person=person)
    assert (progress["offers"], progress["wants"], progress["done_count"]) == (1, 2, 3)
    assert progress["assessed"] is not None


@pytest.mark.django_db
def test_gap_top_lists_the_most_unmet_demand_among_current_people_and_active_skills(cast):
    video = Skill.objects.get(name="Short-form video")
    for _ in range(3):
        PersonSkillFactory(skill=video, direction="learn", level=1)
    PersonSkillFactory(skill=video, person=PersonFactory(leave_date=dt.date(2020, 1, 31)))
    retired = SkillFactory(name="Fax machines", is_active=False)
    PersonSkillFactory(skill=retired, direction="learn", level=1)
    assert skill_gap_top(limit=5) == [{"name": "Short-form video", "wanted": 3, "offered": 0}]


@pytest.mark.django_db
def test_profile_skills_splits_offers_and_wants_by_name(cast):
    person = cast.juno.person
    PersonSkillFactory(person=person, skill=SkillFactory(name="zebra care"))
    PersonSkillFactory(person=person, skill=SkillFactory(name="Alpacas"))
    PersonSkillFactory(person=person, direction="learn", level=2)
    result = profile_skills(person=person)
    assert [ps.skill.name for ps in result["offer"]] == ["Alpacas", "zebra care"]
    assert len(result["learn"]) == 1

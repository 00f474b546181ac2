import datetime as dt

import pytest

from twoway.skills.models import SelfAssessment, SelfAssessmentAnswer
from twoway.skills.selectors import (
    LOW_RATING,
    MIN_PROVIDERS,
    PROVIDER_LEVEL,
    blind_spot_proposals,
)
from twoway.testing.factories import PersonFactory, PersonSkillFactory, SkillFactory
from twoway.testing.queries import queries_in


def _assess(person, ratings, when=None):
    assessment = SelfAssessment.objects.create(person=person)
    if when is not None:
        SelfAssessment.objects.filter(pk=assessment.pk).update(completed_at=when)
    for skill, rating in ratings.items():
        SelfAssessmentAnswer.objects.create(assessment=assessment, skill=skill, rating=rating)
    return assessment


def _teachers(skill, count, level=PROVIDER_LEVEL, **person_fields):
    for _ in range(count):
        PersonSkillFactory(skill=skill, level=level, person=PersonFactory(**person_fields))


def _names(items):
    return [item["skill"].name for item in items]


def _names_of(skills):
    return [skill.name for skill in skills]


def test_the_rule_is_the_one_the_product_promises():
    assert (LOW_RATING, MIN_PROVIDERS, PROVIDER_LEVEL) == (2, 3, 4)


@pytest.mark.django_db
def test_a_low_rated_skill_with_exactly_three_strong_teachers_is_proposed(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 3)
    _assess(cast.sterling.person, {podcasting: 2})
    result = blind_spot_proposals(person=cast.sterling.person)
    assert _names(result["proposals"]) == ["Podcasting"]
    assert result["proposals"][0]["providers"] == 3 and result["proposals"][0]["rating"] == 2
    assert result["few_teachers"] == []


@pytest.mark.django_db
def test_two_teachers_are_not_enough_and_the_skill_is_listed_as_few_teachers(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 2)
    _assess(cast.sterling.person, {podcasting: 1})
    result = blind_spot_proposals(person=cast.sterling.person)
    assert result["proposals"] == []
    assert _names(result["few_teachers"]) == ["Podcasting"]
    assert result["few_teachers"][0]["providers"] == 2


@pytest.mark.django_db
def test_teachers_at_level_three_do_not_count(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 2)
    _teachers(podcasting, 5, level=PROVIDER_LEVEL - 1)
    _assess(cast.sterling.person, {podcasting: 1})
    assert blind_spot_proposals(person=cast.sterling.person)["proposals"] == []


@pytest.mark.django_db
def test_leavers_do_not_count_but_people_leaving_later_do(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 2)
    _teachers(podcasting, 1, leave_date=dt.date(2020, 1, 31))
    _assess(cast.sterling.person, {podcasting: 1})
    assert blind_spot_proposals(person=cast.sterling.person)["proposals"] == []
    _teachers(podcasting, 1, leave_date=dt.date(2999, 1, 1))
    assert _names(blind_spot_proposals(person=cast.sterling.person)["proposals"]) == ["Podcasting"]


@pytest.mark.django_db
def test_the_person_themself_is_not_counted_as_a_teacher(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 2)
    PersonSkillFactory(person=cast.sterling.person, skill=podcasting, level=5)
    _assess(cast.sterling.person, {podcasting: 1})
    assert blind_spot_proposals(person=cast.sterling.person)["proposals"] == []


@pytest.mark.django_db
def test_a_rating_of_three_is_not_a_blind_spot(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 10)
    _assess(cast.sterling.person, {podcasting: 3})
    result = blind_spot_proposals(person=cast.sterling.person)
    assert result["proposals"] == [] and result["few_teachers"] == []


@pytest.mark.django_db
def test_proposals_come_most_teachers_first(cast, key_skills):
    podcasting, prompts, pnl = key_skills
    _teachers(podcasting, 3)
    _teachers(prompts, 5)
    _teachers(pnl, 4)
    _assess(cast.sterling.person, {podcasting: 1, prompts: 2, pnl: 2})
    result = blind_spot_proposals(person=cast.sterling.person)
    assert _names(result["proposals"]) == ["Prompt writing", "Reading a P&L", "Podcasting"]


@pytest.mark.django_db
def test_only_the_latest_assessment_counts(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 3)
    _assess(cast.sterling.person, {podcasting: 1}, when=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    _assess(cast.sterling.person, {podcasting: 4})
    result = blind_spot_proposals(person=cast.sterling.person)
    assert result["proposals"] == [] and _names_of(result["strengths"]) == ["Podcasting"]


@pytest.mark.django_db
def test_skills_already_on_the_learning_list_are_marked(cast, key_skills):
    podcasting = key_skills[0]
    _teachers(podcasting, 3)
    PersonSkillFactory(person=cast.sterling.person, skill=podcasting, direction="learn", level=1)
    _assess(cast.sterling.person, {podcasting: 1})
    assert blind_spot_proposals(person=cast.sterling.person)["proposals"][0]["on_list"] is True


@pytest.mark.django_db
def test_without_an_assessment_there_is_nothing_to_propose(cast):
    result = blind_spot_proposals(person=cast.sterling.person)
    assert result["assessment"] is None and result["proposals"] == []


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_number_of_skills(cast, key_skills):
    person = cast.sterling.person

    def read():
        return blind_spot_proposals(person=person)

    _teachers(key_skills[0], 3)
    _assess(person, {key_skills[0]: 1, key_skills[1]: 5})
    assert len(read()["proposals"]) == 1
    few = queries_in(read)
    more = [SkillFactory(name=f"Extra {i}") for i in range(8)]
    for skill in more:
        _teachers(skill, 3)
    _assess(person, {s: 1 for s in [*key_skills, *more]} | {key_skills[1]: 5})
    assert len(read()["proposals"]) == 9
    assert queries_in(read) == few

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.models import AuditEvent
from twoway.skills.models import SelfAssessment, SelfAssessmentAnswer, Skill
from twoway.skills.services import self_assessment_submit
from twoway.testing.factories import SkillFactory


def _ratings(skills, *values):
    return {skill.pk: value for skill, value in zip(skills, values, strict=True)}


@pytest.mark.django_db
def test_a_complete_questionnaire_is_saved_and_audited_without_the_ratings(cast, key_skills):
    assessment = self_assessment_submit(
        actor=cast.sterling, person=cast.sterling.person, ratings=_ratings(key_skills, 1, 3, 5)
    )
    answers = dict(assessment.answers.values_list("skill__name", "rating"))
    assert answers == {"Podcasting": 1, "Prompt writing": 3, "Reading a P&L": 5}
    event = AuditEvent.objects.get(action="self_assessment.submit")
    assert event.after == {"skills_rated": 3} and event.actor == cast.sterling


@pytest.mark.django_db
def test_a_missing_answer_names_the_skill_and_saves_nothing(cast, key_skills):
    ratings = _ratings(key_skills[:2], 1, 3)
    with pytest.raises(ValidationError, match="Reading a P&L still needs an answer"):
        self_assessment_submit(actor=cast.sterling, person=cast.sterling.person, ratings=ratings)
    assert not SelfAssessment.objects.exists() and not SelfAssessmentAnswer.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [0, 6, -1, True])
def test_a_rating_outside_one_to_five_saves_nothing(cast, key_skills, bad):
    with pytest.raises(ValidationError, match="from 1 to 5"):
        self_assessment_submit(
            actor=cast.sterling,
            person=cast.sterling.person,
            ratings=_ratings(key_skills, 1, bad, 5),
        )
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_rating_a_skill_that_is_not_a_key_skill_is_refused(cast, key_skills):
    other = SkillFactory(name="Knitting")
    ratings = _ratings(key_skills, 1, 2, 3) | {other.pk: 4}
    with pytest.raises(ValidationError, match="reload"):
        self_assessment_submit(actor=cast.sterling, person=cast.sterling.person, ratings=ratings)
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_inactive_key_skills_are_not_asked_for(cast, key_skills):
    key_skills[2].is_active = False
    key_skills[2].save()
    assessment = self_assessment_submit(
        actor=cast.sterling, person=cast.sterling.person, ratings=_ratings(key_skills[:2], 2, 2)
    )
    assert assessment.answers.count() == 2


@pytest.mark.django_db
def test_submitting_twice_keeps_both_and_the_latest_counts(cast, key_skills):
    person = cast.sterling.person
    first = self_assessment_submit(
        actor=cast.sterling, person=person, ratings=_ratings(key_skills, 1, 1, 1)
    )
    second = self_assessment_submit(
        actor=cast.sterling, person=person, ratings=_ratings(key_skills, 5, 5, 5)
    )
    assert SelfAssessment.objects.filter(person=person).count() == 2
    assert SelfAssessment.objects.filter(person=person).latest() == second != first


@pytest.mark.django_db
def test_no_one_may_answer_for_someone_else(cast, key_skills):
    with pytest.raises(PermissionDenied):
        self_assessment_submit(
            actor=cast.ada, person=cast.sterling.person, ratings=_ratings(key_skills, 1, 1, 1)
        )
    assert not SelfAssessment.objects.exists()


@pytest.mark.django_db
def test_with_no_key_skills_there_is_nothing_to_submit(cast):
    Skill.objects.update(is_key=False)
    with pytest.raises(ValidationError, match="no key skills"):
        self_assessment_submit(actor=cast.sterling, person=cast.sterling.person, ratings={})

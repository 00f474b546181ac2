"""Changing a program's question: audited when it changes, nothing when it does
not, its kind kept once answered; answers already given stay as they were."""

import pytest
from django.core.exceptions import PermissionDenied

from twoway.core.models import AuditEvent
from twoway.surveys.models import SurveyAnswer
from twoway.surveys.selectors import survey_questions
from twoway.surveys.services import (
    SurveyError,
    survey_answer,
    survey_question_add,
    survey_question_update,
)


@pytest.fixture
def question(pilot, cast):
    return survey_question_add(
        actor=cast.priya, program=pilot.program, text="Did you meet in person?"
    )


def test_unchanged_saves_and_records_nothing(question, cast):
    updated_at = question.updated_at
    survey_question_update(actor=cast.priya, question=question, text="Did you meet in person?")
    question.refresh_from_db()
    assert question.updated_at == updated_at
    assert not AuditEvent.objects.filter(action="survey_question.update").exists()


def test_a_question_added_later_is_asked_in_surveys_not_yet_answered(baseline, pilot, cast):
    survey_answer(actor=cast.juno, survey=baseline, person=baseline.person, answers={})
    question = survey_question_add(actor=cast.priya, program=pilot.program, text="Late question")
    assert question.key in [q.key for q in survey_questions(survey=baseline)]
    assert not SurveyAnswer.objects.exists()  # the answered survey keeps what it had


def test_a_deactivated_question_is_no_longer_asked(question, baseline, cast):
    assert question.key in [q.key for q in survey_questions(survey=baseline)]
    survey_question_update(actor=cast.priya, question=question, active=False)
    assert question.key not in [q.key for q in survey_questions(survey=baseline)]


def test_the_kind_stays_once_answered(question, baseline, cast):
    survey_answer(
        actor=cast.juno, survey=baseline, person=baseline.person, answers={question.key: 3}
    )
    with pytest.raises(SurveyError, match="its kind stays"):
        survey_question_update(actor=cast.priya, question=question, kind="text")
    survey_question_update(actor=cast.priya, question=question, text="Did you meet face to face?")
    assert SurveyAnswer.objects.get().value == 3


def test_only_the_programs_managers_change_it(question, cast, morgan):
    for user in (morgan, cast.juno):
        with pytest.raises(PermissionDenied):
            survey_question_update(actor=user, question=question, text="Changed")
        with pytest.raises(PermissionDenied):
            survey_question_add(actor=user, program=question.program, text="Mine")

"""Answering a survey: once, any question skipped, comments encrypted, and an
audit event that says it was answered but not what."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from twoway.core.models import AuditEvent
from twoway.surveys.models import Survey, SurveyAnswer
from twoway.surveys.services import SurveyError, survey_answer, survey_decline

COMMENT = "Sterling talks over me in every session."


def test_the_answers_given_are_stored_and_the_skipped_ones_left_out(baseline, cast):
    survey_answer(
        actor=cast.juno,
        survey=baseline,
        person=baseline.person,
        answers={"goals_confidence": 4, "ges_cold_warm": 6, "confidence_teaching": None},
    )
    baseline.refresh_from_db()
    assert baseline.answered_at is not None
    stored = dict(SurveyAnswer.objects.filter(survey=baseline).values_list("question_key", "value"))
    assert stored == {"goals_confidence": 4, "ges_cold_warm": 6}


def test_an_empty_submit_still_counts_as_answered(baseline, cast):
    survey_answer(actor=cast.juno, survey=baseline, person=baseline.person, answers={})
    baseline.refresh_from_db()
    assert baseline.answered_at is not None and not baseline.answers.exists()


def test_a_comment_is_encrypted_at_rest(baseline, cast):
    survey_answer(
        actor=cast.juno, survey=baseline, person=baseline.person, answers={"comment": COMMENT}
    )
    answer = SurveyAnswer.objects.get(survey=baseline)
    assert answer.text == COMMENT and answer.value is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM surveys_surveyanswer WHERE id = %s", [answer.pk])
        assert COMMENT not in cursor.fetchone()[0]


def test_the_audit_event_carries_no_answer(baseline, cast):
    survey_answer(
        actor=cast.juno,
        survey=baseline,
        person=baseline.person,
        answers={"comment": COMMENT, "goals_confidence": 2},
    )
    event = AuditEvent.objects.get(action="survey.answer")
    recorded = json.dumps([event.before, event.after, event.subject_label], default=str)
    assert COMMENT not in recorded and "goals_confidence" not in recorded
    assert event.after == {"kind": "baseline", "questions answered": 2}


def test_answering_twice_is_refused_and_stores_nothing_more(baseline, cast):
    survey_answer(
        actor=cast.juno, survey=baseline, person=baseline.person, answers={"goals_confidence": 4}
    )
    with pytest.raises(SurveyError, match="already answered"):
        survey_answer(
            actor=cast.juno,
            survey=baseline,
            person=baseline.person,
            answers={"goals_confidence": 1, "comment": "again"},
        )
    assert list(SurveyAnswer.objects.values_list("question_key", "value")) == [
        ("goals_confidence", 4)
    ]
    assert AuditEvent.objects.filter(action="survey.answer").count() == 1


def test_a_stale_copy_of_the_survey_cannot_answer_again(baseline, cast):
    stale = Survey.objects.get(pk=baseline.pk)
    survey_answer(actor=cast.juno, survey=baseline, person=baseline.person, answers={})
    with pytest.raises(SurveyError, match="already answered"):
        survey_answer(
            actor=cast.juno, survey=stale, person=baseline.person, answers={"goals_confidence": 5}
        )
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"goals_confidence": 6}, "Choose one of the answers"),
        ({"ges_cold_warm": 0}, "Choose one of the answers"),
        ({"goals_confidence": True}, "Choose one of the answers"),
        ({"recommend": 9}, "does not ask"),  # closing only
        ({"not_a_question": 1}, "does not ask"),
        ({"comment": "x" * 2001}, "at most 2000"),
    ],
)
def test_answers_the_survey_does_not_take_are_refused(baseline, cast, answers, message):
    with pytest.raises(SurveyError, match=message):
        survey_answer(actor=cast.juno, survey=baseline, person=baseline.person, answers=answers)
    baseline.refresh_from_db()
    assert baseline.answered_at is None and not SurveyAnswer.objects.exists()


def test_only_the_surveys_person_answers_it(baseline, cast, published):
    with pytest.raises(PermissionDenied):
        survey_answer(actor=cast.sterling, survey=baseline, person=published.sterling, answers={})


def test_declining_stops_the_survey_waiting_and_cannot_then_be_answered(baseline, cast):
    survey_decline(actor=cast.juno, survey=baseline, person=baseline.person)
    baseline.refresh_from_db()
    assert baseline.declined_at is not None and baseline.answered_at is None
    with pytest.raises(SurveyError, match="chose not to answer"):
        survey_answer(
            actor=cast.juno, survey=baseline, person=baseline.person, answers={"ges_cold_warm": 3}
        )
    with pytest.raises(SurveyError, match="chose not to answer"):
        survey_decline(actor=cast.juno, survey=baseline, person=baseline.person)
    assert AuditEvent.objects.filter(action="survey.decline").count() == 1

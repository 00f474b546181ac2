"""The aggregates: counts and means by side and survey, only for groups of at
least REPORT_MIN_GROUP_SIZE people, the two sides suppressed together, comments
only once enough people answered, never with a name."""

import pytest

from twoway.surveys.models import Survey, SurveyQuestion
from twoway.surveys.selectors import Cell, survey_results
from twoway.surveys.services import survey_decline, survey_question_add
from twoway.surveys.tests.helpers import answer_all, pairs_make
from twoway.testing.factories import matching_program
from twoway.testing.queries import queries_in

K = 5  # the suite's REPORT_MIN_GROUP_SIZE


@pytest.fixture
def program(db, settings):
    settings.REPORT_MIN_GROUP_SIZE = K
    return matching_program(name="Cohort", slug="cohort")


def test_a_side_under_the_minimum_shows_no_figure(program):
    pairs = pairs_make(program, K - 1)
    answer_all(pairs, "baseline", mentor={"goals_confidence": 4}, mentee={"goals_confidence": 2})
    cells = survey_results(program=program).question("goals_confidence").cells
    for side in ("mentor", "mentee"):
        assert cells[side]["baseline"] == Cell(
            asked=True, n=None, mean=None, suppressed=True, suppressed_because="small"
        )
        assert cells[side]["closing"] == Cell(asked=False)


def test_at_the_minimum_the_count_and_mean_are_shown(program):
    pairs = pairs_make(program, K)
    answer_all(
        pairs,
        "baseline",
        mentor=lambda i: {"goals_confidence": 1 + i % 5},  # 1..5: mean 3
        mentee={"goals_confidence": 2, "confidence_learning": 3},
    )
    results = survey_results(program=program)
    goals = results.question("goals_confidence").cells
    assert (goals["mentor"]["baseline"].n, goals["mentor"]["baseline"].mean) == (K, 3.0)
    assert (goals["mentee"]["baseline"].n, goals["mentee"]["baseline"].mean) == (K, 2.0)
    assert results.min_group_size == K
    assert results.responses["mentor"]["baseline"].n == K
    # Nobody answered confidence_learning as a mentor: mentees' figure goes too.
    learning = results.question("confidence_learning").cells
    assert learning["mentor"]["baseline"].suppressed_because == "small"
    assert learning["mentee"]["baseline"].suppressed_because == "complement"
    assert learning["mentee"]["baseline"].mean is None


def test_one_side_hidden_hides_the_other_too(program):
    pairs = pairs_make(program, K + 2)
    answer_all(
        pairs,
        "baseline",
        mentor={"confidence_teaching": 4},
        mentee=lambda i: {"confidence_teaching": 5} if i < 3 else {},
    )
    cells = survey_results(program=program).question("confidence_teaching").cells
    mentor, mentee = cells["mentor"]["baseline"], cells["mentee"]["baseline"]
    assert (mentee.suppressed, mentee.suppressed_because, mentee.n) == (True, "small", None)
    assert (mentor.suppressed, mentor.suppressed_because, mentor.n) == (True, "complement", None)
    assert mentor.mean is None


def test_the_change_from_baseline_to_closing(program):
    pairs = pairs_make(program, K)
    both = {"confidence_learning": 2, "confidence_teaching": 3}
    answer_all(pairs, "baseline", mentor=both, mentee=both)
    answer_all(
        pairs,
        "closing",
        mentor={"confidence_learning": 4, "confidence_teaching": 3, "recommend": 9},
        mentee={"confidence_learning": 5, "confidence_teaching": 3, "recommend": 7},
    )
    results = survey_results(program=program)
    assert results.question("confidence_learning").change == {"mentor": 2.0, "mentee": 3.0}
    assert results.question("confidence_teaching").change == {"mentor": 0.0, "mentee": 0.0}
    recommend = results.question("recommend")
    assert recommend.cells["mentor"]["closing"].mean == 9.0
    assert recommend.change == {"mentor": None, "mentee": None}  # closing only


def test_the_general_evaluation_scale_is_each_persons_mean_of_the_six_items(program):
    pairs = pairs_make(program, K + 1)
    keys = [
        "ges_cold_warm",
        "ges_negative_positive",
        "ges_hostile_friendly",
        "ges_suspicious_trusting",
        "ges_contempt_respect",
        "ges_disgust_admiration",
    ]

    def mentor(i):
        if i == K:  # answered three items only: not scored
            return dict.fromkeys(keys[:3], 1)
        return {key: (7 if n % 2 else 5) for n, key in enumerate(keys)}  # mean 6

    answer_all(pairs, "baseline", mentor=mentor, mentee=dict.fromkeys(keys, 3))
    ges = survey_results(program=program).ges
    assert ges.key == "ges" and ges.source == "score"
    assert (ges.cells["mentor"]["baseline"].n, ges.cells["mentor"]["baseline"].mean) == (K, 6.0)
    assert (ges.cells["mentee"]["baseline"].n, ges.cells["mentee"]["baseline"].mean) == (K + 1, 3.0)
    assert ges.cells["mentor"]["closing"].suppressed_because == "small"


def test_comments_are_held_back_until_enough_people_answered(program):
    pairs = pairs_make(program, 2)  # four people answer
    answer_all(pairs, "baseline", mentor={"comment": "Mentor words"}, mentee={})
    comments = survey_results(program=program).comments["baseline"]
    assert comments.held_back and comments.comments == () and comments.people is None


def test_comments_are_shown_sorted_and_without_names_at_the_minimum(program):
    pairs = pairs_make(program, 3)  # six people answer, three leave a comment
    words = ["zebra crossing", "Apples", "mango"]
    answer_all(pairs, "baseline", mentor=lambda i: {"comment": words[i]}, mentee={})
    comments = survey_results(program=program).comments["baseline"]
    assert not comments.held_back and comments.people == 6
    assert comments.texts == ("Apples", "mango", "zebra crossing")
    assert survey_results(program=program).comments["closing"].held_back


def test_declined_surveys_do_not_count_as_answered(program):
    pairs = pairs_make(program, 3)
    answer_all(pairs, "baseline", mentor={"comment": "Only mine"})
    for survey in Survey.objects.filter(side="mentee"):
        survey_decline(actor=None, survey=survey, person=survey.person)
    assert survey_results(program=program).comments["baseline"].held_back


def test_a_programs_own_questions_follow_the_default_ones(program, cast):
    scale = survey_question_add(
        actor=cast.priya, program=program, text="How often did you meet?", surveys="closing"
    )
    text = survey_question_add(
        actor=cast.priya,
        program=program,
        text="What would you change?",
        kind=SurveyQuestion.Kind.TEXT,
        surveys="closing",
    )
    pairs = pairs_make(program, K)
    answer_all(
        pairs,
        "closing",
        mentor={scale.key: 4, text.key: "Shorter sessions"},
        mentee={scale.key: 2},
    )
    results = survey_results(program=program)
    keys = [q.key for q in results.questions]
    assert keys[-1] == scale.key and text.key not in keys
    assert keys[0] == "goals_confidence" and "comment" not in keys
    own = results.question(scale.key)
    assert own.source == "program" and own.cells["mentor"]["closing"].mean == 4.0
    assert own.cells["mentor"]["baseline"] == Cell(asked=False)
    assert results.comments["closing"].texts == ("Shorter sessions",) * K


def test_other_programs_answers_are_not_counted(program):
    other = matching_program(name="Elsewhere", slug="elsewhere")
    answer_all(pairs_make(other, K), "baseline", mentor={"goals_confidence": 5})
    results = survey_results(program=program)
    assert results.responses["mentor"]["baseline"].n is None
    assert results.question("goals_confidence").cells["mentor"]["baseline"].n is None


def test_the_queries_do_not_grow_with_the_program(program):
    answers: dict[str, int | str | None] = {"goals_confidence": 3, "comment": "ok"}
    answer_all(pairs_make(program, 3), "baseline", mentor=answers, mentee=answers)
    few = queries_in(lambda: survey_results(program=program))
    answer_all(pairs_make(program, 12), "baseline", mentor=answers, mentee=answers)
    many = queries_in(lambda: survey_results(program=program))
    assert many == few <= 5

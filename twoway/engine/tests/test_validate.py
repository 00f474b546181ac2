"""``validate`` (and so ``match``) rejects malformed problems with one precise message."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from twoway.engine import (
    Constraints,
    EngineInputError,
    Options,
    Participant,
    Problem,
    Weights,
    match,
    validate,
    validation,
)

BASE = Problem(
    mentors=(Participant(1, offers=((5, 4),)), Participant(2, capacity=2)),
    mentees=(Participant(10, wants=((5, 1),)), Participant(11)),
)


def rejects(problem: Problem, message: str) -> None:
    with pytest.raises(EngineInputError, match=message):
        validate(problem)
    with pytest.raises(EngineInputError, match=message):
        match(problem)


def test_accepts_a_well_formed_problem() -> None:
    validate(BASE)


def test_rejects_duplicate_ids_within_a_side() -> None:
    rejects(
        replace(BASE, mentees=(Participant(10), Participant(10))),
        r"mentees\[1\]: duplicate mentee id 10",
    )


def test_rejects_zero_and_negative_capacity() -> None:
    rejects(
        replace(BASE, mentors=(Participant(1, capacity=0),)), "capacity must be at least 1, got 0"
    )
    rejects(
        replace(BASE, mentors=(Participant(1, capacity=-2),)), "capacity must be at least 1, got -2"
    )


def test_rejects_mentees_with_more_than_one_place() -> None:
    rejects(replace(BASE, mentees=(Participant(10, capacity=2),)), "a mentee's capacity must be 1")


def test_rejects_skill_levels_outside_one_to_five_and_grades_outside_zero_to_a_hundred() -> None:
    validate(replace(BASE, mentors=(Participant(1, level=7),)))  # a grade, not a skill level
    rejects(
        replace(BASE, mentors=(Participant(1, level=101),)), "level \\(grade\\) must be an integer"
    )
    rejects(
        replace(BASE, mentors=(Participant(1, offers=((5, 0),)),)),
        r"offers\[0\]: level must be an integer from 1 to 5, got 0",
    )


def test_rejects_a_skill_listed_twice() -> None:
    rejects(
        replace(BASE, mentees=(Participant(10, wants=((5, 1), (5, 2))),)),
        r"wants\[1\]: skill 5 is listed twice",
    )


def test_rejects_unknown_ids_in_scores_locks_and_exclusions() -> None:
    rejects(replace(BASE, scores=((1, 99, 1.0),)), r"scores\[0\]: unknown mentee id 99")
    rejects(replace(BASE, scores=((99, 10, 1.0),)), r"scores\[0\]: unknown mentor id 99")
    rejects(
        replace(BASE, constraints=Constraints(locked=((1, 99),))),
        r"constraints.locked\[0\]: unknown mentee id 99",
    )
    rejects(
        replace(BASE, constraints=Constraints(excluded=frozenset({(98, 10)}))),
        r"constraints.excluded\[0\]: unknown mentor id 98",
    )


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_rejects_scores_that_are_not_finite(bad: float) -> None:
    rejects(replace(BASE, scores=((1, 10, bad),)), r"scores\[0\]: score must be a finite number")


def test_rejects_a_pair_scored_twice() -> None:
    rejects(
        replace(BASE, scores=((1, 10, 1.0), (1, 10, 2.0))),
        r"scores\[1\]: pair \(1, 10\) is listed twice",
    )


def test_rejects_negative_or_not_finite_weights() -> None:
    rejects(replace(BASE, weights=Weights(teach=-1.0)), "weights.teach must not be negative")
    rejects(
        replace(BASE, weights=Weights(crossing=math.nan)),
        "weights.crossing must be a finite number",
    )


def test_rejects_unknown_line_names() -> None:
    rejects(
        replace(BASE, constraints=Constraints(must_differ=frozenset({"shoe_size"}))),
        "constraints.must_differ: unknown line 'shoe_size'",
    )


def test_rejects_a_level_gap_without_a_senior_side() -> None:
    rejects(
        replace(BASE, constraints=Constraints(min_level_gap=1)), "needs constraints.senior_side"
    )


def test_rejects_a_mentee_locked_twice() -> None:
    rejects(
        replace(BASE, constraints=Constraints(locked=((1, 10), (2, 10)))),
        r"constraints.locked\[1\]: mentee 10 is locked twice",
    )


def test_rejects_unknown_options() -> None:
    rejects(replace(BASE, options=Options(objective="fairest")), "options.objective must be")  # type: ignore[arg-type]
    rejects(replace(BASE, options=Options(top_k=0)), "options.top_k must be an integer from 1")


def test_rejects_time_zones_that_do_not_exist() -> None:
    rejects(replace(BASE, mentors=(Participant(1, utc_offset_minutes=900),)), "utc_offset_minutes")


# Scores are checked as arrays; the first bad triple is worded as before.
MANY = tuple((m, e, float(k)) for k, (m, e) in enumerate([(1, 10), (1, 11), (2, 10), (2, 11)]))


def scored(*triples: object) -> Problem:
    return replace(BASE, scores=triples)  # type: ignore[arg-type]


def with_triple(k: int, triple: object) -> Problem:
    return scored(*MANY[:k], triple, *MANY[k + 1 :])


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (True, "scores[2]: score must be a number, got True"),
        ("3", "scores[2]: score must be a number, got '3'"),
        (None, "scores[2]: score must be a number, got None"),
        (math.nan, "scores[2]: score must be a finite number, got nan"),
        (10**400, f"scores[2]: score must be a finite number, got {10**400}"),
    ],
    ids=["bool", "string", "none", "nan", "too-large"],
)
def test_rejects_a_score_that_is_not_a_finite_number_among_good_ones(
    score: object, message: str
) -> None:
    with pytest.raises(EngineInputError) as error:
        validate(with_triple(2, (2, 10, score)))
    assert str(error.value) == message


def test_accepts_scores_of_any_float_type() -> None:
    validate(with_triple(2, (2, 10, np.float64(0.5))))
    validate(with_triple(2, (2, 10, 3)))


@pytest.mark.parametrize(
    ("triple", "message"),
    [
        ((2, 10), "scores[2] must be a (mentor, mentee, score) triple, got (2, 10)"),
        ([2, 10, 1.0], "scores[2] must be a (mentor, mentee, score) triple, got [2, 10, 1.0]"),
        ((10, 10, 1.0), "scores[2]: unknown mentor id 10"),
        ((2, 2, 1.0), "scores[2]: unknown mentee id 2"),
        ((2, "10", 1.0), "scores[2]: unknown mentee id 10"),
        ((1, 10, 1.0), "scores[2]: pair (1, 10) is listed twice"),
    ],
    ids=["pair", "list", "mentor", "mentee", "string-id", "repeat"],
)
def test_rejects_a_bad_triple_among_good_ones(triple: object, message: str) -> None:
    with pytest.raises(EngineInputError) as error:
        validate(with_triple(2, triple))
    assert str(error.value) == message


def test_rejects_scores_given_as_a_list() -> None:
    rejects(replace(BASE, scores=list(MANY)), "scores must be a tuple of")  # type: ignore[arg-type]


def test_reports_the_first_bad_triple() -> None:
    later = [(1, 10, 5.0), (99, 10, 1.0), (2, 11, math.inf), (1,)]
    messages = [
        "scores[4]: pair (1, 10) is listed twice",
        "scores[4]: unknown mentor id 99",
        "scores[4]: score must be a finite number, got inf",
        "scores[4] must be a (mentor, mentee, score) triple, got (1,)",
    ]
    for k, message in enumerate(messages):
        with pytest.raises(EngineInputError) as error:
            validate(scored(*MANY, *later[k:]))
        assert str(error.value) == message


def test_checks_again_a_problem_whose_locks_changed_since_it_passed() -> None:
    locked = [(1, 10)]
    problem = replace(BASE, constraints=Constraints(locked=locked))  # type: ignore[arg-type]
    validate(problem)
    locked.append((2, 10))
    with pytest.raises(EngineInputError, match=r"mentee 10 is locked twice"):
        validate(problem)


def test_does_not_check_again_a_frozen_problem_that_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = replace(BASE, scores=MANY)
    validate(problem)
    monkeypatch.setattr(validation, "_check_problem", lambda *args: pytest.fail("checked again"))
    validate(problem)
    match(problem)

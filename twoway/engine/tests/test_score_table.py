"""``ScoreTable``: explicit scores as columns, read as the tuple of triples
they stand for, and checked, indexed and solved as that tuple would be."""

from __future__ import annotations

import copy
import math
import pickle
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from twoway.engine import (
    EngineInputError,
    Participant,
    Problem,
    ScoreTable,
    check_pair,
    match,
    suggest,
    validate,
)
from twoway.engine.tests.problems import problems
from twoway.engine.validation import int_ids_indexed

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE = Problem(
    mentors=(Participant(1), Participant(2, capacity=2)),
    mentees=(Participant(10), Participant(11)),
)
TRIPLES = ((1, 10, 0.0), (1, 11, 1.0), (2, 10, 2.0), (2, 11, 3.0))


def table(triples: tuple[tuple[int, int, float], ...]) -> ScoreTable:
    return ScoreTable(*(list(column) for column in zip(*triples, strict=True)))


def test_reads_and_compares_as_the_tuple_of_its_triples() -> None:
    scores = table(TRIPLES)
    assert scores == TRIPLES
    assert TRIPLES == scores  # noqa: SIM300 (the tuple on the left: the reflected ==)
    assert hash(scores) == hash(TRIPLES)
    assert repr(scores) == repr(TRIPLES)
    assert list(scores) == list(TRIPLES)
    assert (len(scores), scores[1], scores[1:3]) == (4, TRIPLES[1], TRIPLES[1:3])
    assert scores != TRIPLES[:3] and scores != list(TRIPLES)
    assert replace(BASE, scores=scores) == replace(BASE, scores=TRIPLES)


def test_keeps_its_columns_read_only_through_copies_and_pickles() -> None:
    scores = table(TRIPLES)
    with pytest.raises(ValueError, match="read-only"):
        scores.values[0] = 5.0
    for again in (copy.deepcopy(scores), pickle.loads(pickle.dumps(scores))):
        assert isinstance(again, ScoreTable) and again == TRIPLES
        assert again.mentors.tolist() == [1, 1, 2, 2]


def test_rejects_columns_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="same length"):
        ScoreTable([1, 2], [10], [1.0, 2.0])


@pytest.mark.parametrize(
    ("triples", "message"),
    [
        (((1, 10, 1.0), (99, 10, 1.0)), "scores[1]: unknown mentor id 99"),
        (((1, 10, 1.0), (2, 12, 1.0)), "scores[1]: unknown mentee id 12"),
        (((1, 10, 1.0), (2, 10, math.nan)), "scores[1]: score must be a finite number, got nan"),
        (((1, 10, 1.0), (2, 10, -math.inf)), "scores[1]: score must be a finite number, got -inf"),
        (((1, 10, 1.0), (1, 10, 2.0)), "scores[1]: pair (1, 10) is listed twice"),
        (((10**15, 10, 1.0),), f"scores[0]: unknown mentor id {10**15}"),
    ],
    ids=["mentor", "mentee", "nan", "infinite", "repeat", "far-id"],
)
def test_is_rejected_with_the_message_of_the_same_tuple(
    triples: tuple[tuple[int, int, float], ...], message: str
) -> None:
    for scores in (triples, table(triples)):
        with pytest.raises(EngineInputError) as error:
            validate(replace(BASE, scores=scores))
        assert str(error.value) == message


def test_looks_up_ids_close_together_and_far_apart_alike() -> None:
    near = {10: 0, 11: 1, 13: 2}
    far = {10: 0, 10**12: 1, -(10**12): 2}
    ids = np.array([13, 12, 10, 9, 14, 10**12, -(10**12)])
    assert int_ids_indexed(ids, near).tolist() == [2, -1, 0, -1, -1, -1, -1]
    assert int_ids_indexed(ids, far).tolist() == [-1, -1, 0, -1, -1, 1, 2]
    assert int_ids_indexed(ids, {}).tolist() == [-1] * 7


@FAST
@given(problems(explicit=True))
def test_a_problem_solves_checks_and_suggests_the_same_with_either_form(
    problem: Problem,
) -> None:
    as_table = replace(problem, scores=table(problem.scores)) if problem.scores else problem
    assert match(as_table, seed=1) == match(problem, seed=1)
    for mentor in problem.mentors[:2]:
        for mentee in problem.mentees[:2]:
            assert check_pair(as_table, mentor.id, mentee.id) == check_pair(
                problem, mentor.id, mentee.id
            )
    if problem.mentees:
        person = problem.mentees[0].id
        assert suggest(as_table, person=person, side="mentee", limit=3) == suggest(
            problem, person=person, side="mentee", limit=3
        )

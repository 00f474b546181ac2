"""``problem_from_json``: scores are checked as arrays, and the first bad entry
is reported with the same message as when they were checked one by one."""

from __future__ import annotations

import math
from typing import Any

import pytest

from twoway.engine import EngineInputError, match, validation
from twoway.engine.jsonio import problem_from_json

# Enough entries that every check runs over arrays, not a handful of items.
N = 40
MENTORS = [{"id": f"m{j}"} for j in range(N)] + [{"id": 7}]
MENTEES = [{"id": f"e{i}"} for i in range(N)]
GOOD = [[f"m{(i + k) % N}", f"e{i}", float(k)] for i in range(N) for k in range(3)]


def read(scores: Any) -> Any:
    return problem_from_json({"mentors": MENTORS, "mentees": MENTEES, "scores": scores})


def rejects(scores: Any, message: str) -> None:
    with pytest.raises(EngineInputError) as error:
        read(scores)
    assert str(error.value) == message


def with_entry(k: int, entry: Any) -> list[Any]:
    scores = [list(s) for s in GOOD]
    scores[k] = entry
    return scores


def test_reads_scores_as_engine_ids_and_floats() -> None:
    problem, names, _ = read([*GOOD, [7, "e0", 2]])
    assert len(problem.scores) == 3 * N + 1
    mentor, mentee, score = problem.scores[-1]
    assert (names.name(mentor), names.name(mentee), score) == (7, "e0", 2.0)
    assert type(score) is float
    assert [names.name(m) for m, _, _ in problem.scores[:2]] == ["m0", "m1"]


def test_reads_an_empty_score_list_and_no_scores() -> None:
    assert read([])[0].scores == ()
    assert read(None)[0].scores is None


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (math.nan, "scores[50]: score: must be a finite number, got nan"),
        (math.inf, "scores[50]: score: must be a finite number, got inf"),
        (-math.inf, "scores[50]: score: must be a finite number, got -inf"),
        (True, "scores[50]: score: must be a number, got True"),
        ("3", 'scores[50]: score: must be a number, got "3"'),
        (None, "scores[50]: score: must be a number, got None"),
        ([1], "scores[50]: score: must be a number, got [1]"),
        (10**400, f"scores[50]: score: must be a finite number, got {10**400}"),
    ],
    ids=["nan", "inf", "minus-inf", "bool", "string", "null", "list", "too-large"],
)
def test_rejects_a_score_that_is_not_a_finite_number(score: Any, message: str) -> None:
    rejects(with_entry(50, ["m0", "e0", score]), message)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (["m99", "e1", 1.0], 'scores[50]: unknown mentor id "m99"'),
        (["m1", "e99", 1.0], 'scores[50]: unknown mentee id "e99"'),
        (["e1", "e1", 1.0], 'scores[50]: unknown mentor id "e1"'),
        (["m1", "m1", 1.0], 'scores[50]: unknown mentee id "m1"'),
        ([True, "e1", 1.0], "scores[50]: unknown mentor id True"),
        ([7.0, "e1", 1.0], "scores[50]: unknown mentor id 7.0"),
        (["7", "e1", 1.0], 'scores[50]: unknown mentor id "7"'),
        ([["m1"], "e1", 1.0], "scores[50]: unknown mentor id ['m1']"),
        ([None, "e1", 1.0], "scores[50]: unknown mentor id None"),
    ],
    ids=["mentor", "mentee", "mentee-as-mentor", "mentor-as-mentee", "bool", "float",
         "string-of-int", "list", "null"],
)  # fmt: skip
def test_rejects_an_id_not_on_its_side(entry: list[Any], message: str) -> None:
    rejects(with_entry(50, entry), message)


@pytest.mark.parametrize(
    "entry",
    [["m1", "e1"], ["m1", "e1", 1.0, 2.0], {"mentor": "m1"}, "m1,e1,1.0", 3, None, []],
    ids=["two", "four", "object", "string", "number", "null", "empty"],
)
def test_rejects_an_entry_that_is_not_a_triple(entry: Any) -> None:
    rejects(with_entry(50, entry), "scores[50]: expected [mentor, mentee, score]")


def test_rejects_scores_that_are_not_a_list() -> None:
    rejects({"m1": 1.0}, "scores: expected a list of [mentor, mentee, score]")


def test_rejects_a_pair_listed_twice_at_its_second_listing() -> None:
    rejects([*GOOD, ["m1", "e0", 9.0]], 'scores[120]: the pair ("m1", "e0") is listed twice')
    rejects([*GOOD, [7, "e3", 1], [7, "e3", 2]], 'scores[121]: the pair (7, "e3") is listed twice')


def test_reports_the_first_bad_entry_whatever_is_wrong_with_the_later_ones() -> None:
    scores: list[Any] = [list(s) for s in GOOD]
    scores[90] = "not a triple"
    scores[70] = ["m0", "e0", math.nan]
    scores[60] = ["m1", "e0", 1.0]  # listed at 1 already
    scores[80] = ["m99", "e0", 1.0]
    rejects(scores, 'scores[60]: the pair ("m1", "e0") is listed twice')
    scores[30] = ["m2", "e99", 1.0]
    rejects(scores, 'scores[30]: unknown mentee id "e99"')
    scores[5] = ["m1"]
    rejects(scores, "scores[5]: expected [mentor, mentee, score]")


def test_reports_what_is_wrong_first_within_an_entry() -> None:
    rejects(with_entry(50, ["m99", "e99", math.nan]), 'scores[50]: unknown mentor id "m99"')
    rejects(with_entry(50, ["m1", "e99", math.nan]), 'scores[50]: unknown mentee id "e99"')
    # A repeated pair with a bad score is reported for its score.
    rejects(
        with_entry(50, ["m0", "e0", math.nan]),
        "scores[50]: score: must be a finite number, got nan",
    )


def test_a_problem_read_from_json_is_checked_once_on_its_way_through_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checks: list[None] = []
    check = validation._check_problem
    monkeypatch.setattr(validation, "_check_problem", lambda *a: checks.append(check(*a)))
    problem, _, _ = read(GOOD)
    assert match(problem).certified_optimal
    assert len(checks) == 1

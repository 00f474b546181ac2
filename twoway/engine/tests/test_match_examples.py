"""Worked examples: a tiny reverse-mentoring program, explained by hand.

Juniors (the mentors) teach digital skills to seniors (the mentees), who
teach something back. Only teaching counts in these examples (the other
weights are zero), so the scores can be checked with pencil and paper:
a topic is worth ``0.5 + 0.5 * (teacher level - learner level) / 4``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from twoway.engine import (
    Constraints,
    EngineInputError,
    Options,
    Participant,
    Problem,
    Topic,
    Unmatched,
    Weights,
    match,
)

TIKTOK, PYTHON, NEGOTIATION = 10, 11, 20
ANA, BEN, CHO, DEV = 1, 2, 3, 4
TEACHING_ONLY = Weights(
    teach=1.0, teach_back=0.5, crossing=0.0, level_gap=0.0, availability=0.0, time_zone=0.0
)


def program(**constraints: object) -> Problem:
    return Problem(
        mentors=(
            Participant(ANA, offers=((TIKTOK, 5),), wants=((NEGOTIATION, 1),), level=1),
            Participant(BEN, offers=((PYTHON, 4),), level=2),
        ),
        mentees=(
            Participant(CHO, wants=((TIKTOK, 1), (PYTHON, 2)), offers=((NEGOTIATION, 5),), level=5),
            Participant(DEV, wants=((PYTHON, 1),), level=4, managers=(BEN,)),
        ),
        weights=TEACHING_ONLY,
        constraints=Constraints(senior_side="mentee", **constraints),  # type: ignore[arg-type]
    )


def test_pairs_each_senior_with_the_junior_who_teaches_them_most() -> None:
    # ana-cho: TikTok 5 -> 1 is worth 1.0, negotiation back 5 -> 1 is 1.0 x 0.5: 1.5
    # ben-dev: Python 4 -> 1 is worth 0.875.  (ben-cho would be 0.75.)
    result = match(program(reporting_line_depth=0))
    assert [(p.mentor, p.mentee) for p in result.pairs] == [(ANA, CHO), (BEN, DEV)]
    assert [p.score for p in result.pairs] == [1.5, 0.875]
    assert result.total == 2.375
    assert result.certified_optimal and result.optimality_gap == 0.0
    ana_cho = result.pairs[0]
    assert ana_cho.teaches == (Topic(TIKTOK, 5, 1),)
    assert ana_cho.teaches_back == (Topic(NEGOTIATION, 5, 1),)
    assert ana_cho.breakdown["teach"] == 1.0 and ana_cho.breakdown["teach_back"] == 0.5
    assert result.unmatched == ()
    assert result.blocking_pairs == 0


def test_rejects_pair_inside_reporting_line_and_says_why_the_report_is_alone() -> None:
    # dev reports to ben, the only one who can teach dev Python.
    result = match(program(reporting_line_depth=1))
    assert [(p.mentor, p.mentee) for p in result.pairs] == [(ANA, CHO)]
    # Sorted by (side, id): "mentee" comes before "mentor".
    assert result.unmatched == (
        Unmatched(
            DEV,
            "mentee",
            "constraint",
            candidates=0,
            constraints={"reporting_line": 1, "no_shared_topic": 1},
        ),
        Unmatched(BEN, "mentor", "capacity", candidates=1),
    )


def test_a_lock_is_kept_even_when_it_lowers_the_total() -> None:
    result = match(program(reporting_line_depth=0, locked=((BEN, CHO),)))
    assert [(p.mentor, p.mentee, p.locked) for p in result.pairs] == [(BEN, CHO, True)]
    assert result.total == 0.75
    assert result.certified_optimal
    reasons = {(u.side, u.id): u.reason for u in result.unmatched}
    # ana's only learner and dev's only teacher are both taken by the lock.
    assert reasons == {("mentor", ANA): "capacity", ("mentee", DEV): "capacity"}


def test_rejects_a_lock_that_breaks_a_hard_rule() -> None:
    with pytest.raises(
        EngineInputError, match=r"locked\[0\]: the pair \(2, 4\) breaks reporting_line"
    ):
        match(program(reporting_line_depth=1, locked=((BEN, DEV),)))


def test_rejects_locks_beyond_a_mentors_capacity() -> None:
    with pytest.raises(
        EngineInputError, match="mentor 2 is locked to 2 mentees but has capacity 1"
    ):
        match(program(reporting_line_depth=0, locked=((BEN, CHO), (BEN, DEV))))


def test_min_level_gap_needs_known_levels_in_the_senior_direction() -> None:
    problem = program(reporting_line_depth=0, min_level_gap=3)
    # ana (1) -> cho (5): gap 4; ben (2) -> dev (4): gap 2 < 3.
    result = match(problem)
    assert [(p.mentor, p.mentee) for p in result.pairs] == [(ANA, CHO)]
    unknown = replace(
        problem, mentees=(problem.mentees[0], replace(problem.mentees[1], level=None))
    )
    dev = next(u for u in match(unknown).unmatched if u.id == DEV)
    assert dev.constraints["min_level_gap"] == 2


def test_most_matched_pairs_more_people_than_best_total() -> None:
    scores = ((1, 10, 10.0), (1, 11, 1.0), (2, 10, 1.0))
    problem = Problem(
        mentors=(Participant(1), Participant(2)),
        mentees=(Participant(10), Participant(11)),
        scores=scores,
    )
    best = match(problem)
    assert [(p.mentor, p.mentee) for p in best.pairs] == [(1, 10)]
    assert best.total == 10.0
    most = match(replace(problem, options=Options(objective="most_matched")))
    assert [(p.mentor, p.mentee) for p in most.pairs] == [(1, 11), (2, 10)]
    assert most.total == 2.0 and most.certified_optimal


def test_capacity_lets_a_mentor_take_several_mentees() -> None:
    problem = Problem(
        mentors=(Participant(1, capacity=2, offers=((PYTHON, 5),)),),
        mentees=tuple(Participant(10 + k, wants=((PYTHON, 1),)) for k in range(3)),
        weights=TEACHING_ONLY,
    )
    result = match(problem)
    # Three equal mentees for two places: the seed decides who waits.
    assert [p.mentor for p in result.pairs] == [1, 1]
    assert [u.reason for u in result.unmatched] == ["capacity"]
    chosen = {seed: match(problem, seed=seed).unmatched[0].id for seed in range(8)}
    assert set(chosen.values()) > {chosen[0]}


def test_a_person_in_both_sides_is_never_paired_with_themself() -> None:
    both = Participant(7, offers=((PYTHON, 5),), wants=((TIKTOK, 1),))
    other = Participant(8, offers=((TIKTOK, 5),), wants=((PYTHON, 1),))
    result = match(Problem(mentors=(both, other), mentees=(both, other), weights=TEACHING_ONLY))
    assert [(p.mentor, p.mentee) for p in result.pairs] == [(7, 8), (8, 7)]


def test_reports_timings_by_phase_and_progress_with_an_injected_clock() -> None:
    ticks = iter(range(1000))
    calls: list[tuple[str, float]] = []
    result = match(
        program(), clock=lambda: float(next(ticks)), progress=lambda p, f: calls.append((p, f))
    )
    assert set(result.timings) == {"validate", "candidates", "solve", "certify", "explain"}
    assert all(seconds > 0 for seconds in result.timings.values())
    assert [p for p, f in calls if f == 0.0] == list(result.timings)
    assert all(0.0 <= f <= 1.0 for _, f in calls)
    assert match(program()).timings == {}


def test_stable_and_greedy_are_labelled_and_explain_the_unchosen() -> None:
    for algorithm in ("stable", "greedy"):
        result = match(
            replace(program(reporting_line_depth=0), options=Options(algorithm=algorithm))
        )
        assert result.algorithm == algorithm
        assert result.total == 2.375
        assert result.blocking_pairs == 0


def test_a_locked_pair_never_counts_as_a_pair_the_mentor_would_give_up() -> None:
    # Ben has two places: one locked to Ana (a weak pair), the other wanted
    # equally by Cho and Dev. Whoever gets it, the other cannot displace
    # the lock: no blocking pair.
    problem = Problem(
        mentors=(Participant(BEN, capacity=2, offers=((PYTHON, 3), (NEGOTIATION, 1))),),
        mentees=(
            Participant(ANA, wants=((NEGOTIATION, 1),)),
            Participant(CHO, wants=((PYTHON, 1),)),
            Participant(DEV, wants=((PYTHON, 1),)),
        ),
        weights=TEACHING_ONLY,
        constraints=Constraints(locked=((BEN, ANA),)),
        options=Options(algorithm="stable"),
    )
    result = match(problem)
    assert [p.locked for p in result.pairs] == [True, False]
    assert result.pairs[0].score < result.pairs[1].score
    assert result.blocking_pairs == 0

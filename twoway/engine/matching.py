"""``match``: validate, build the candidate graph, solve, certify, explain."""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from twoway.engine import scoring
from twoway.engine.assignment import solve_assignment
from twoway.engine.baselines import blocking_pairs, gale_shapley, greedy
from twoway.engine.candidates import PRICE_WEIGHT, Graph, build_graph
from twoway.engine.certification import Certificate, certify, simple_bound
from twoway.engine.context import Context
from twoway.engine.explanation import unmatched_people
from twoway.engine.types import (
    Clock,
    MatchedPair,
    MatchResult,
    Options,
    Problem,
    Progress,
)
from twoway.engine.validation import validate

IntArray = npt.NDArray[np.int64]


class _Phases:
    """Times phases with the injected clock and reports progress."""

    def __init__(self, clock: Clock | None, progress: Progress | None) -> None:
        self.clock = clock
        self.progress = progress
        self.timings: dict[str, float] = {}
        self._phase: str | None = None
        self._start = 0.0

    def begin(self, phase: str) -> None:
        self.end()
        self._phase = phase
        if self.clock is not None:
            self._start = self.clock()
        self.report(0.0)

    def report(self, fraction: float) -> None:
        if self.progress is not None and self._phase is not None:
            self.progress(self._phase, min(max(fraction, 0.0), 1.0))

    def end(self) -> None:
        if self._phase is None:
            return
        if self.clock is not None:
            elapsed = self.clock() - self._start
            self.timings[self._phase] = self.timings.get(self._phase, 0.0) + elapsed
        self.report(1.0)
        self._phase = None


def _locked_pairs(ctx: Context) -> list[tuple[int, int]]:
    """The locks as (mentor index, mentee index); ``validate`` checked them."""
    return [
        (ctx.mentor_index[mentor_id], ctx.mentee_index[mentee_id])
        for mentor_id, mentee_id in ctx.problem.constraints.locked
    ]


def _top_k(options: Options, search: str) -> int:
    """Exact search starts from longer lists: each widening round costs a scan and
    a solve, and at 100k x 100k twice the list length saved one of three rounds
    (bench/README.md)."""
    if search == "exact" and options.algorithm == "optimal":
        return max(options.top_k, options.exact_top_k)
    return options.top_k


def _search(problem: Problem) -> str:
    o = problem.options
    if o.search != "auto":
        return o.search
    people = len(problem.mentors) + len(problem.mentees)
    return "exact" if people <= o.auto_exact_limit else "fast"


def match(
    problem: Problem,
    *,
    seed: int = 0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> MatchResult:
    """Propose mentor-mentee pairs for ``problem``.

    Parameters
    ----------
    problem : Problem
        People, weights, hard rules and options; never modified.
    seed : int
        Chooses among equally good answers; the same seed gives the same result.
    clock : callable, optional
        Returns seconds (``time.perf_counter``); with it, ``timings`` holds the
        seconds spent in each phase (validate, candidates, solve, certify,
        explain).
    progress : callable, optional
        Called as ``progress(phase, fraction)`` at phase boundaries and every
        few percent of long phases.

    Returns
    -------
    MatchResult
        Pairs sorted by (mentor, mentee), the people left unmatched and why,
        the total, and whether it is certified optimal over all allowed pairs.

    Raises
    ------
    EngineInputError
        The problem is malformed or a lock breaks a hard rule or a capacity.

    Examples
    --------
    >>> from twoway.engine import Participant, Problem, match
    >>> python, sql = 1, 2
    >>> problem = Problem(
    ...     mentors=(Participant(1, offers=((python, 4),)), Participant(2, offers=((sql, 3),))),
    ...     mentees=(Participant(10, wants=((sql, 1),)), Participant(11, wants=((python, 2),))),
    ... )
    >>> result = match(problem)
    >>> [(p.mentor, p.mentee) for p in result.pairs], result.certified_optimal
    ([(1, 11), (2, 10)], True)
    """
    phases = _Phases(clock, progress)
    phases.begin("validate")
    validate(problem)
    ctx = Context(problem)
    locks = _locked_pairs(ctx)
    phases.end()

    options = problem.options
    search = _search(problem)
    active_mentee = np.ones(ctx.n_mentees, dtype=np.bool_)
    capacity = ctx.capacity.copy()
    for j, i in locks:
        active_mentee[i] = False
        capacity[j] -= 1

    phases.begin("candidates")
    graph = build_graph(
        ctx,
        active_mentee,
        capacity > 0,
        report=phases.report,
        top_k=_top_k(options, search),
        # Preference lists for the baselines; priced lists for the optimum.
        price_weight=PRICE_WEIGHT if options.algorithm == "optimal" else 0.0,
    )
    phases.end()

    bonus = _cardinality_bonus(graph) if options.objective == "most_matched" else 0.0
    rng = np.random.default_rng(seed)
    mentee_tie = rng.permutation(ctx.n_mentees).astype(np.float64)
    mentor_tie = rng.permutation(ctx.n_mentors).astype(np.float64)

    phases.begin("solve")
    partner = _solve(ctx, graph, capacity, seed, mentee_tie, mentor_tie)
    phases.end()

    phases.begin("certify")
    if options.algorithm == "optimal":
        certificate = certify(
            ctx,
            graph,
            partner,
            capacity,
            bonus,
            exact=search == "exact",
            resolve=lambda g: _solve(ctx, g, capacity, seed, mentee_tie, mentor_tie),
            report=phases.report,
            clock=clock,
        )
        partner = certificate.partner
        graph = certificate.graph
    else:
        certificate = simple_bound(ctx, graph, partner, capacity, bonus)
    phases.end()

    phases.begin("explain")
    result = _result(ctx, graph, partner, locks, capacity, certificate, search)
    phases.end()
    # Solving again while widening counts as solving, not certifying.
    resolved = float(certificate.stats.get("resolve_seconds", 0.0))
    if resolved and "certify" in phases.timings:
        phases.timings["certify"] -= resolved
        phases.timings["solve"] += resolved
    return _with_timings(result, phases.timings)


def _cardinality_bonus(graph: Graph) -> float:
    """A bonus per pair that makes one more pair worth more than any scores.

    Any two matchings differ in score by less than the sum, over mentees, of
    their largest absolute edge weight; a bonus above that makes the best
    total of ``score + bonus`` the most pairs first, then the best score.
    """
    if len(graph.ei) == 0:
        return 0.0
    top = np.zeros(graph.n_mentees)
    np.maximum.at(top, graph.ei, np.abs(graph.weight))
    return float(math.fsum(top.tolist())) * 2.0 + 1.0


def _solve(
    ctx: Context,
    graph: Graph,
    capacity: IntArray,
    seed: int,
    mentee_tie: npt.NDArray[np.float64],
    mentor_tie: npt.NDArray[np.float64],
) -> IntArray:
    """Mentor index per mentee (-1: none), by the problem's algorithm."""
    options = ctx.problem.options
    weight = graph.weight
    if options.algorithm == "optimal":
        return solve_assignment(
            ctx.n_mentees,
            ctx.n_mentors,
            graph.ei,
            graph.ej,
            weight,
            capacity,
            objective=options.objective,
            seed=seed,
        )
    compiled = graph.compiled
    if options.algorithm == "greedy":
        tie = mentee_tie[graph.ei] * ctx.n_mentors + mentor_tie[graph.ej]
        return greedy(ctx.n_mentees, graph.ei, graph.ej, weight, capacity, tie, compiled=compiled)
    return gale_shapley(
        ctx.n_mentees,
        ctx.n_mentors,
        graph.ei,
        graph.ej,
        weight,
        capacity,
        mentee_tie,
        mentor_tie,
        compiled=compiled,
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while many small objects are built.

    Building 100,000 explained pairs (a million objects, none in a cycle)
    set off full collections that walked every object of the problem again
    and again: 2.45 s at 100,000 x 100,000, against 1.35 s paused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _result(
    ctx: Context,
    graph: Graph,
    partner: IntArray,
    locks: list[tuple[int, int]],
    capacity: IntArray,
    certificate: Certificate,
    search: str,
) -> MatchResult:
    problem = ctx.problem
    options = problem.options
    chosen = [(int(partner[i]), i) for i in np.flatnonzero(partner >= 0).tolist()]
    # Sorted by (mentor id, mentee id) before they are explained.
    order = sorted(
        (problem.mentors[j].id, problem.mentees[i].id, j, i, locked)
        for pairs_of, locked in ((locks, True), (chosen, False))
        for j, i in pairs_of
    )
    given = ctx.given([(j, i) for _, _, j, i, _ in order]) if problem.scores is not None else None
    with _collector_paused():
        pairs: list[MatchedPair] = [
            scoring.explain(
                problem, problem.mentors[j], problem.mentees[i], locked=locked, given=given
            )
            for _, _, j, i, locked in order
        ]
    total = math.fsum(p.score for p in pairs)

    # Blocking pairs, over the candidate graph (locked mentees cannot move).
    mentee_score = np.full(ctx.n_mentees, -np.inf)
    mentor_load = np.zeros(ctx.n_mentors, dtype=np.int64)
    mentor_worst = np.full(ctx.n_mentors, np.inf)
    full_partner = partner.copy()
    for j, i in locks:
        full_partner[i] = j
    for p in pairs:
        i, j = ctx.mentee_index[p.mentee], ctx.mentor_index[p.mentor]
        mentee_score[i] = p.score
        mentor_load[j] += 1
        if not p.locked:
            # A locked pair stays whatever the mentor would rather have.
            mentor_worst[j] = min(mentor_worst[j], p.score)
    blocking = blocking_pairs(
        ctx.n_mentors,
        graph.ei,
        graph.ej,
        graph.weight,
        ctx.capacity,
        mentee_score,
        mentor_load,
        mentor_worst,
        full_partner,
    )
    unmatched = unmatched_people(ctx, graph, full_partner, mentor_load)
    stats: dict[str, int | float] = {
        "mentors": ctx.n_mentors,
        "mentees": ctx.n_mentees,
        "pairs": len(pairs),
        "locked": len(locks),
        "candidate_edges": len(graph.ei),
        "top_k": _top_k(options, search),
        **certificate.stats,
    }
    return MatchResult(
        pairs=tuple(pairs),
        total=total,
        certified_optimal=certificate.certified,
        optimality_gap=0.0 if certificate.certified else certificate.gap,
        unmatched=unmatched,
        blocking_pairs=blocking,
        objective=options.objective,
        algorithm=options.algorithm,
        search="exact" if search == "exact" else "fast",
        stats=stats,
    )


def _with_timings(result: MatchResult, timings: dict[str, float]) -> MatchResult:
    return replace(result, timings=dict(timings))

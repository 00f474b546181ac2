"""Proof of optimality by LP duality, over all allowed pairs, not just the graph.

The matching LP ``max sum w_ij x_ij`` (each mentee at most once, mentor j at
most ``c_j`` times) has the dual ``min sum u_i + sum c_j v_j`` subject to
``u_i + v_j >= w_ij`` for every allowed pair and ``u, v >= 0``. Any feasible
dual bounds every matching's total from above (weak duality), so

    gap = (sum u_i + sum c_j v_j) - total

is a proven bound on ``optimum - total``; when it is zero (to rounding) the
total is optimal.

scipy returns no duals, so they are rebuilt from the matching: mentor duals
``v`` by shortest paths on the matching's residual graph
(``kernels.mentor_potentials``), then every mentee's
``u_i = max(0, max_j w_ij - v_j)`` over its graph edges, which makes the dual
feasible on the graph by construction. The allowed pairs outside the graph
are then scanned (``kernels.uncovered_range``, range by range of mentors
with the vector bounds of candidate generation; a pruned pair scores at most
``min(kth_mentee[i], kth_mentor[j] + price[i])``):

* exact search adds the pairs the duals do not cover (and those within a
  small margin of it) to the graph and solves again, until none is left:
  then the result is certified optimal;
* fast search raises each such mentee's ``u_i`` until its pairs are covered,
  which keeps the bound proven without solving again.

After the first, complete scan, a later one only looks where a dual went
down (``_scan``): a pair covered before stays covered otherwise.

Rounding: the certificate is accepted when the gap is below ``tolerance``
(1e-9 of the total, plus a bound on the rounding of the dual sums).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from twoway.engine import kernels
from twoway.engine.candidates import Graph, bound_offsets, column_ranges, thread_count
from twoway.engine.context import Context

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Pairs recorded per mentee and per scan, for exact search to add.
KEEP_PER_MENTEE = 16
MAX_ROUNDS = 30
# Exact search also adds pairs within this fraction of the largest weight of
# being uncovered: the duals move after each solve, and adding those pairs at
# once saves rounds (measured at 100k x 100k: 6 rounds and 88 s, down to 3
# rounds and 64 s).
MARGIN = 0.025


@dataclass
class Certificate:
    partner: IntArray
    graph: Graph
    certified: bool
    gap: float
    stats: dict[str, int | float] = field(default_factory=dict)


def tolerance(total: float, scale: float, terms: int) -> float:
    """What rounding can explain of a dual gap.

    ``scale`` is the largest weight used (bonus included), ``terms`` how many
    numbers the sums add up.
    """
    return 1e-9 * max(1.0, abs(total)) + 8.0 * np.finfo(np.float64).eps * scale * max(terms, 1)


def _duals(
    ctx: Context, graph: Graph, partner: IntArray, bonus: float
) -> tuple[FloatArray, FloatArray, bool]:
    """Mentee and mentor duals, feasible on every graph edge."""
    ptr = graph.ptr
    weight = graph.weight + bonus
    max_steps = 200 * (len(graph.ei) + graph.n_mentors + 1)
    scale = float(np.abs(weight).max()) if len(weight) else 0.0
    if ctx.problem.scores is not None:
        # No other kernel runs with explicit scores: numba stays unloaded.
        v, converged = potentials_by_rounds(graph, weight, partner, max_steps, 1e-11 * scale)
    else:
        v, converged = ctx.kernel(kernels.mentor_potentials)(
            graph.n_mentors, ptr, graph.ej, weight, partner, max_steps, 1e-11 * scale
        )
    v = np.maximum(v, 0.0)
    u = np.zeros(graph.n_mentees)
    if len(graph.ei):
        np.maximum.at(u, graph.ei, weight - v[graph.ej])
    return u, v, bool(converged)


def potentials_by_rounds(
    graph: Graph, weight: FloatArray, partner: IntArray, max_steps: int, tol: float
) -> tuple[FloatArray, bool]:
    """``kernels.mentor_potentials`` in numpy: the same shortest paths, by rounds.

    Each round relaxes, at once, the edges leaving the mentors whose
    distance went down in the round before (all mentors in the first), and
    keeps the least offer per mentor when it beats its distance by more
    than ``tol``. At 10,000 x 10,000 with 50 scores per mentee: about 200
    rounds and 0.05 s, where loading the compiled kernel alone takes 0.4 s.
    """
    n_m = graph.n_mentors
    ei, ej = graph.ei, graph.ej
    held_by = partner[ei]
    own = held_by == ej
    own_w = np.zeros(graph.n_mentees)
    own_w[ei[own]] = weight[own]
    d = np.zeros(n_m)
    free = held_by < 0
    np.minimum.at(d, ej[free], -weight[free])
    # Edges p -> j (p holds mentee i, j != p), grouped by p.
    moves = np.flatnonzero(~free & ~own)
    order = np.argsort(held_by[moves], kind="stable")
    moves = moves[order]
    src, dst = held_by[moves], ej[moves]
    cost = own_w[ei[moves]] - weight[moves]
    ptr = np.zeros(n_m + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n_m), out=ptr[1:])
    changed = np.arange(n_m, dtype=np.int64)
    steps = 0
    while len(changed):
        count = ptr[changed + 1] - ptr[changed]
        total = int(count.sum())
        steps += total
        if steps > max_steps:
            return -d, False
        offer = np.full(n_m, np.inf)
        if 4 * total > len(src):
            # Most edges: all of them, without gathering (an offer from a
            # mentor that did not move never beats what it offered before).
            np.minimum.at(offer, dst, d[src] + cost)
        else:
            first = np.repeat(ptr[changed] - np.cumsum(count) + count, count)
            edge = first + np.arange(total)
            np.minimum.at(offer, dst[edge], np.repeat(d[changed], count) + cost[edge])
        changed = np.flatnonzero(offer < d - tol)
        d[changed] = offer[changed]
    return -d, True


@dataclass
class _Scanned:
    """What a scan found, row by row, and what the next scan can skip."""

    rows: IntArray
    excess: FloatArray
    pairs: IntArray
    weights: FloatArray
    u: FloatArray
    v: FloatArray
    dirty: npt.NDArray[np.bool_]


def _scan_rows(
    ctx: Context,
    graph: Graph,
    rows: IntArray,
    eligible: npt.NDArray[np.bool_],
    u: FloatArray,
    v: FloatArray,
    bonus: float,
    margin: float,
) -> tuple[FloatArray, IntArray, FloatArray]:
    n = len(rows)
    excess = np.zeros(n)
    out_gap = np.zeros((n, KEEP_PER_MENTEE))
    out_j = np.full((n, KEEP_PER_MENTEE), -1, dtype=np.int64)
    out_n = np.zeros(n, dtype=np.int64)
    if n and eligible.any():
        rest_e, rest_m = ctx.rest_bounds
        off = bound_offsets(ctx, rest_m - v + bonus, eligible)
        scale, _, wrap = ctx.units
        scan = ctx.kernel(kernels.uncovered_range)
        order = np.arange(graph.n_mentors, dtype=np.int64)
        ptr = graph.ptr
        for a0, w, SV, V8 in column_ranges(ctx, False, order, lambda f: None):
            scan(
                a0, w, order, thread_count(ctx.compiled), SV, V8, rows, *ctx.mentee_tokens,
                eligible, off, rest_e[rows] + bonus, scale, wrap, ctx.mentee_side,
                ctx.mentor_side, ctx.rules, rest_e, rest_m, u, v, graph.kth_mentee,
                graph.kth_mentor, graph.price, bonus, margin, ptr, graph.ej, excess, out_gap,
                out_j, out_n,
            )  # fmt: skip
    take = np.arange(KEEP_PER_MENTEE)[None, :] < out_n[:, None]
    mentees = np.repeat(rows, out_n)
    mentors = out_j[take]
    pairs = np.stack([mentees, mentors])
    # A kept gap is w + bonus - (u + v - margin): back to the weight w.
    weights = out_gap[take] + u[mentees] + v[mentors] - margin - bonus
    return excess, pairs, weights


def _scan(
    ctx: Context,
    graph: Graph,
    u: FloatArray,
    v: FloatArray,
    bonus: float,
    active_mentor: npt.NDArray[np.bool_],
    previous: _Scanned | None,
    margin: float = 0.0,
) -> _Scanned:
    """Allowed pairs outside the graph that (u, v) do not cover.

    A pruned pair can only be uncovered if ``u_i < kth_mentee[i]`` and
    ``v_j < kth_mentor[j] + price[i] - u_i`` (plus the bonus). After a complete scan, a pair
    that was covered stays covered unless ``u_i`` or ``v_j`` went down: so a
    later scan looks at all partners only of rows whose ``u`` went down or
    that had uncovered pairs (``dirty``), and at the mentors whose ``v`` went
    down for the other rows. Every scan is thereby complete.
    """
    empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
    no_pairs = np.zeros((2, 0), dtype=np.int64)
    dirty = np.zeros(graph.n_mentees, dtype=np.bool_)
    rows = np.flatnonzero(u < graph.kth_mentee + bonus + margin).astype(np.int64)
    slack = float((graph.price[rows] - u[rows]).max()) if len(rows) else 0.0
    in_b = (v < graph.kth_mentor + slack + bonus + margin) & active_mentor
    if len(rows) == 0 or not in_b.any() or ctx.problem.scores is not None:
        return _Scanned(empty_i, empty_f, no_pairs, empty_f, u, v, dirty)
    groups: list[tuple[IntArray, npt.NDArray[np.bool_]]]
    if previous is None:
        groups = [(rows, in_b)]
    else:
        full = (u[rows] < previous.u[rows]) | previous.dirty[rows]
        down = v < previous.v
        groups = [(rows[full], in_b), (rows[~full], in_b & down)]
    found: list[tuple[IntArray, FloatArray, IntArray, FloatArray]] = []
    for group_rows, eligible in groups:
        excess, pairs, weights = _scan_rows(ctx, graph, group_rows, eligible, u, v, bonus, margin)
        found.append((group_rows, excess, pairs, weights))
    all_rows = np.concatenate([f[0] for f in found])
    excess = np.concatenate([f[1] for f in found])
    dirty[all_rows[excess > 0]] = True
    return _Scanned(
        all_rows,
        excess,
        np.concatenate([f[2] for f in found], axis=1),
        np.concatenate([f[3] for f in found]),
        u,
        v,
        dirty,
    )


def certify(
    ctx: Context,
    graph: Graph,
    partner: IntArray,
    capacity: IntArray,
    bonus: float,
    *,
    exact: bool,
    resolve: Callable[[Graph], IntArray],
    report: Callable[[float], None],
    clock: Callable[[], float] | None = None,
) -> Certificate:
    """Check (and in exact search, reach) optimality over all allowed pairs.

    With a clock, ``stats`` also holds the seconds spent on duals, scans and
    solving again (``*_seconds``).
    """
    active_mentor = capacity > 0
    rounds = 0
    added = 0
    checked_rows = 0
    spent = {"duals_seconds": 0.0, "scan_seconds": 0.0, "resolve_seconds": 0.0}

    def timed(key: str, start: float) -> float:
        if clock is None:
            return 0.0
        now = clock()
        spent[key] += now - start
        return now

    start = clock() if clock is not None else 0.0
    scanned: _Scanned | None = None
    scale = float(np.abs(graph.weight).max()) if len(graph.weight) else 0.0
    while True:
        u, v, converged = _duals(ctx, graph, partner, bonus)
        start = timed("duals_seconds", start)
        margin = MARGIN * scale if exact else 0.0
        scanned = _scan(ctx, graph, u, v, bonus, active_mentor, scanned, margin)
        rows, excess, pairs, weights = scanned.rows, scanned.excess, scanned.pairs, scanned.weights
        start = timed("scan_seconds", start)
        checked_rows += len(rows)
        report(min(0.9, 0.3 * (rounds + 1)))
        if exact and (excess > 0).any() and rounds < MAX_ROUNDS:
            graph = graph.with_edges(pairs[0], pairs[1], weights)
            partner = resolve(graph)
            start = timed("resolve_seconds", start)
            rounds += 1
            added += len(weights)
            continue
        break
    if len(rows):
        # Rows scanned twice (both groups never overlap) get their own excess.
        u = u.copy()
        np.add.at(u, rows, np.maximum(excess, 0.0))
    matched = np.flatnonzero(partner >= 0)
    pair_w = _pair_weights(graph, matched, partner[matched]) + bonus
    total = math.fsum(pair_w.tolist())
    dual = math.fsum(u.tolist()) + math.fsum((capacity * v).tolist())
    scale = bonus + (float(np.abs(graph.weight).max()) if len(graph.weight) else 0.0)
    gap = max(dual - total, 0.0)
    certified = bool(gap <= tolerance(total - bonus * len(matched), scale, len(u) + len(v)))
    return Certificate(
        partner=partner,
        graph=graph,
        certified=certified,
        gap=float(gap),
        stats={
            "widenings": rounds,
            "edges_added": added,
            "dual_bound": float(dual - bonus * len(matched)),
            "rows_scanned": checked_rows,
            "potentials_converged": int(converged),
            **(spent if clock is not None else {}),
        },
    )


def _pair_weights(graph: Graph, mentees: IntArray, mentors: IntArray) -> FloatArray:
    keys = graph.ei * max(graph.n_mentors, 1) + graph.ej
    wanted = mentees * max(graph.n_mentors, 1) + mentors
    pos = np.searchsorted(keys, wanted)
    return graph.weight[pos]


def simple_bound(
    ctx: Context, graph: Graph, partner: IntArray, capacity: IntArray, bonus: float
) -> Certificate:
    """A proven bound for the stable and greedy answers, without solving.

    Each person's best allowed pair is in the graph (it heads their list), so
    ``u_i = best_i, v = 0`` and ``u = 0, v_j = best_j`` are both feasible
    duals; the smaller of their objectives bounds the optimum.
    """
    matched = np.flatnonzero(partner >= 0)
    total = math.fsum((_pair_weights(graph, matched, partner[matched]) + bonus).tolist())
    weight = np.maximum(graph.weight + bonus, 0.0)
    best_e = np.zeros(graph.n_mentees)
    best_m = np.zeros(graph.n_mentors)
    if len(weight):
        np.maximum.at(best_e, graph.ei, weight)
        np.maximum.at(best_m, graph.ej, weight)
    dual = min(math.fsum(best_e.tolist()), math.fsum((capacity * best_m).tolist()))
    gap = max(dual - total, 0.0)
    scale = bonus + (float(np.abs(graph.weight).max()) if len(graph.weight) else 0.0)
    certified = bool(
        gap <= tolerance(total - bonus * len(matched), scale, len(best_e) + len(best_m))
    )
    return Certificate(
        partner, graph, certified, float(gap), {"dual_bound": float(dual - bonus * len(matched))}
    )

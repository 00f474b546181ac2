"""The candidate graph: ``top_k`` partners for every person, both sides.

Two sweeps fill the lists: first every mentee's (rows: mentees, columns:
mentors), then every mentor's (rows: mentors, columns: mentees). A sweep
takes the columns one range of ``COLUMNS`` at a time and builds, for the
range, a table with one row per (token, level) of the other side: a token is
a skill in one direction (``Context.tokens``), and the table holds what that
token adds to the score with each column person, as an 8-bit upper bound
(``Context.units``) and as its exact value in eighths. A row person adds up
the table rows of its ~10 tokens over all the columns of the range at once,
which compiles to vector instructions (64 columns per instruction), adds what
the other parts can contribute at most (per column and per row), and builds
a bit mask of the columns whose bound reaches its list's last entry. Only
those are scored exactly and checked against the hard rules: with the
benchmark's 100,000 x 100,000 about 2 in 1,000 of the pairs. Columns are
taken strongest first (``_strongest_first``) so that the lists fill with
good partners early and their bars rise fast, and the mentors' lists start
from the mentees' own (``kernels.seed_lists``). The graph is the union of
the mentees' and the mentors' lists; mentee-only lists would leave mentors
that nobody ranks first without an edge.

A mentee's list holds its best-scoring partners. A mentor's list ranks
mentees by score minus the mentee's *price*: ``price_weight`` times the
mentee's k-th best score, what the mentee can expect elsewhere. Ranked by
score alone, every list fills with the few people everybody scores well
with, and the best total needs pairs far down them (at 10,000 x 10,000 one
optimal pair in ten is in neither person's top 10); the price stands in for
the duals of the optimum, which the solve does not know yet. Measured on the
benchmark: with top 10 and a price weight of 0.8 the total moves from
99.3 % to 99.97 % of the optimum (``bench/README.md``). Gale-Shapley and
greedy want preference lists, so they use a price weight of 0.

``kth_mentee[i]`` is the score of the last of mentee i's ``top_k`` when the
list is full (``-inf`` otherwise: then all of i's allowed partners are in the
graph, and i is in no mentor's list). ``kth_mentor[j]`` is the last
score-minus-price of mentor j's full list. Every allowed pair left out of
the graph scores at most ``min(kth_mentee[i], kth_mentor[j] + price[i])``:
the certificate uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from twoway.engine import kernels
from twoway.engine.columns import LEVEL_ROWS, T_LEVEL, T_PTR, T_TOKEN, TOKEN_DIRECTIONS
from twoway.engine.context import Context
from twoway.engine.jit import thread_count as compiled_threads
from twoway.engine.pair_rules import listed_pairs

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
# A side's ``Context`` tokens: (ptr, token, level).
Tokens = tuple[IntArray, IntArray, IntArray]

# Progress is reported this many times per sweep.
BLOCKS = 20
# Columns per range: the range tables of the tokens in use stay in the
# second-level cache.
COLUMNS = 1024

# A mentee's price, as a share of its k-th best score (see above). Measured
# at 10,000 x 10,000, capacity 1, top 10: 0.6 gives 99.947 % of the optimum,
# 0.8 gives 99.967 %, 1.0 gives 99.932 %.
PRICE_WEIGHT = 0.8


@dataclass(frozen=True)
class Graph:
    """Candidate edges (mentee index, mentor index, score), sorted by (ei, ej)."""

    n_mentees: int
    n_mentors: int
    ei: IntArray
    ej: IntArray
    weight: FloatArray
    kth_mentee: FloatArray
    kth_mentor: FloatArray
    compiled: bool
    # Per mentee: what a mentor's list deducts from its scores (see above).
    price: FloatArray

    @property
    def ptr(self) -> IntArray:
        ptr = np.zeros(self.n_mentees + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.ei, minlength=self.n_mentees), out=ptr[1:])
        return ptr

    def with_edges(self, ei: IntArray, ej: IntArray, weight: FloatArray) -> Graph:
        """This graph plus the given edges (already present ones are ignored)."""
        all_i = np.concatenate([self.ei, ei])
        all_j = np.concatenate([self.ej, ej])
        all_w = np.concatenate([self.weight, weight])
        _, first = np.unique(all_i * max(self.n_mentors, 1) + all_j, return_index=True)
        return Graph(
            self.n_mentees,
            self.n_mentors,
            all_i[first],
            all_j[first],
            all_w[first],
            self.kth_mentee,
            self.kth_mentor,
            self.compiled,
            self.price,
        )


def thread_count(compiled: bool) -> int:
    """How many chunks a parallel kernel splits its rows into."""
    return compiled_threads() if compiled else 1


def _lists(n: int, k: int) -> tuple[FloatArray, IntArray, FloatArray, IntArray]:
    """Empty top-k lists: ranking values, partners, scores, lengths."""
    return (
        np.full((n, k), -np.inf),
        np.full((n, k), -1, dtype=np.int64),
        np.full((n, k), -np.inf),
        np.zeros(n, dtype=np.int64),
    )


def bound_offsets(ctx: Context, rest: FloatArray, ok: BoolArray) -> npt.NDArray[np.int16]:
    """Per column person: the most the non-teaching parts (minus a price)
    can add, in bound units, rounded up; people who take no part get a
    value no bar is below."""
    scale = ctx.units[0]
    units = np.clip(np.ceil(rest * scale - 1e-9), -kernels.BOUND, kernels.BOUND)
    return np.where(ok, units, kernels.SHUT).astype(np.int16)


def _tokens(ctx: Context, rows_are_mentors: bool) -> tuple[Tokens, Tokens]:
    """The ``Tokens`` of the rows' side and of the columns' side."""
    if rows_are_mentors:
        return ctx.mentor_tokens, ctx.mentee_tokens
    return ctx.mentee_tokens, ctx.mentor_tokens


def _column_values(ctx: Context, rows_are_mentors: bool) -> IntArray:
    """``values[d, column level, row level]``: a shared token's topic value in
    eighths. d = 0: the mentor teaches, d = 1: the mentee teaches back; the
    column person is the teacher when it is that side."""
    values8 = ctx.values8
    n = values8.shape[0]
    out = np.zeros((TOKEN_DIRECTIONS, LEVEL_ROWS, LEVEL_ROWS), dtype=np.int64)
    for d in (0, 1):
        column_teaches = (d == 0) != rows_are_mentors
        out[d, :n, :n] = values8 if column_teaches else values8.T
    return out


def _strongest_first(ctx: Context, rows_are_mentors: bool, off: npt.NDArray[np.int16]) -> IntArray:
    """The columns, those likely to score best with many rows first.

    A column's strength is the bound it would add up with an average row
    (each of its tokens, weighted by how many rows have it at each level)
    plus its offset. Lists fill with strong partners from the first ranges
    on, so their bars are high early and later ranges offer few candidates.
    """
    rows, cols = _tokens(ctx, rows_are_mentors)
    n_tokens = TOKEN_DIRECTIONS * len(ctx.skill_ids)
    n_rows, n_cols = len(rows[T_PTR]) - 1, len(cols[T_PTR]) - 1
    _, table, _ = ctx.units
    hist = np.bincount(
        rows[T_TOKEN] * LEVEL_ROWS + rows[T_LEVEL], minlength=n_tokens * LEVEL_ROWS
    ).reshape(n_tokens, LEVEL_ROWS)
    # gain[d, column level, row level]: units of one shared token.
    values = _column_values(ctx, rows_are_mentors)
    gain = np.stack([table[d][values[d]] for d in (0, 1)])
    tok, level = cols[T_TOKEN], cols[T_LEVEL]
    back = (tok >= len(ctx.skill_ids)).astype(np.int64)
    contrib = (hist[tok] * gain[back, level]).sum(axis=1)
    who = np.repeat(np.arange(n_cols), np.diff(cols[T_PTR]))
    strength = np.bincount(who, contrib, minlength=n_cols) / max(n_rows, 1) + off
    return np.argsort(-strength, kind="stable").astype(np.int64)


def column_ranges(
    ctx: Context, rows_are_mentors: bool, perm: IntArray, report: Callable[[float], None]
) -> Iterator[tuple[int, int, npt.NDArray[np.uint8], npt.NDArray[np.uint8]]]:
    """``(a0, w, SV, V8)`` for each range of ``COLUMNS`` columns, taken in the
    order ``perm``: the range tables of ``kernels.fill_columns``, filled for
    the range (and cleared after it). Reports progress ``BLOCKS`` times."""
    _, cols = _tokens(ctx, rows_are_mentors)
    n_cols = len(cols[T_PTR]) - 1
    n_skills = len(ctx.skill_ids)
    _, units, _ = ctx.units
    values = _column_values(ctx, rows_are_mentors)
    width = COLUMNS if ctx.compiled else max(n_cols, 1)
    table_rows = TOKEN_DIRECTIONS * LEVEL_ROWS * n_skills
    SV, V8 = np.zeros((2, table_rows, width), dtype=np.uint8)
    fill = ctx.kernel(kernels.fill_columns)
    starts = range(0, n_cols, width)
    shown = 0
    for step, a0 in enumerate(starts):
        w = min(width, n_cols - a0)
        fill(a0, w, perm, *cols, n_skills, values, units, SV, V8, True)
        yield a0, w, SV, V8
        fill(a0, w, perm, *cols, n_skills, values, units, SV, V8, False)
        if (step + 1) * BLOCKS // len(starts) > shown:
            shown = (step + 1) * BLOCKS // len(starts)
            report(shown / BLOCKS)


def _sweep(
    ctx: Context,
    rows_are_mentors: bool,
    row_ok: BoolArray,
    col_ok: BoolArray,
    off: npt.NDArray[np.int16],
    row_rest: FloatArray,
    price: FloatArray,
    lists: tuple[FloatArray, IntArray, FloatArray, IntArray],
    report: Callable[[float], None],
    perm: IntArray,
) -> None:
    """Fill the rows' top-k lists, one range of columns at a time, taking
    the columns in the order ``perm``."""
    rows, _ = _tokens(ctx, rows_are_mentors)
    scale, _, wrap = ctx.units
    offer = ctx.kernel(kernels.top_k_range)
    chunks = thread_count(ctx.compiled)
    for a0, w, SV, V8 in column_ranges(ctx, rows_are_mentors, perm, report):
        offer(
            a0, w, perm, chunks, rows_are_mentors, SV, V8, *rows, row_ok, col_ok, off, row_rest,
            scale, wrap, ctx.mentee_side, ctx.mentor_side, ctx.rules, *ctx.rest_bounds, price,
            *lists,
        )  # fmt: skip


def build_graph(
    ctx: Context,
    active_mentee: BoolArray,
    active_mentor: BoolArray,
    *,
    report: Callable[[float], None],
    top_k: int | None = None,
    price_weight: float = PRICE_WEIGHT,
) -> Graph:
    """The candidate graph over active people (unlocked mentees, mentors with room),
    keeping ``top_k`` partners per person (``options.top_k`` when not given)."""
    n_e, n_m = ctx.n_mentees, ctx.n_mentors
    none = np.full(n_e, -np.inf), np.full(n_m, -np.inf)
    empty = np.zeros(0, dtype=np.int64)
    if n_e == 0 or n_m == 0:
        return Graph(
            n_e,
            n_m,
            empty,
            empty,
            np.zeros(0),
            *none,
            ctx.compiled,
            np.zeros(n_e),
        )
    if ctx.problem.scores is not None:
        ei, ej, w = listed_pairs(ctx, active_mentee, active_mentor)
        return Graph(n_e, n_m, ei, ej, w, *none, ctx.compiled, np.zeros(n_e))

    k = top_k if top_k is not None else ctx.problem.options.top_k
    rest_e, rest_m = ctx.rest_bounds
    # Sweep 1: the mentees' own lists, by score.
    e_s, e_j, e_w, e_n = _lists(n_e, k)
    off = bound_offsets(ctx, rest_m, active_mentor)
    _sweep(
        ctx, False, active_mentee, active_mentor, off, rest_e, np.zeros(n_e),
        (e_s, e_j, e_w, e_n), lambda f: report(f / 2), _strongest_first(ctx, False, off),
    )  # fmt: skip
    # Sweep 2: the mentors' lists, by score minus the mentee's price
    # (mentees whose list is not full have every partner in it already).
    enters = active_mentee & (e_n == k)
    price = np.zeros(n_e)
    price[enters] = price_weight * e_s[enters, k - 1]
    ms, mj, mw, mn = _lists(n_m, k)
    ctx.kernel(kernels.seed_lists)(e_j, e_w, e_n, enters, price, ms, mj, mw, mn)
    off = bound_offsets(ctx, rest_e - price, enters)
    _sweep(
        ctx, True, active_mentor, enters, off, np.full(n_m, np.inf), price,
        (ms, mj, mw, mn), lambda f: report(0.5 + f / 2), _strongest_first(ctx, True, off),
    )  # fmt: skip

    rows_e = np.repeat(np.arange(n_e, dtype=np.int64), e_n)
    cols_e = e_j[np.arange(k)[None, :] < e_n[:, None]]
    w_e = e_s[np.arange(k)[None, :] < e_n[:, None]]
    rows_m = mj[np.arange(k)[None, :] < mn[:, None]]
    cols_m = np.repeat(np.arange(n_m, dtype=np.int64), mn)
    w_m = mw[np.arange(k)[None, :] < mn[:, None]]
    all_i = np.concatenate([rows_e, rows_m])
    all_j = np.concatenate([cols_e, cols_m])
    all_w = np.concatenate([w_e, w_m])
    _, first = np.unique(all_i * n_m + all_j, return_index=True)
    kth_e = np.where(e_n == k, e_s[:, k - 1], -np.inf)
    kth_m = np.where(mn == k, ms[:, k - 1], -np.inf)
    return Graph(
        n_e,
        n_m,
        all_i[first],
        all_j[first],
        all_w[first],
        kth_e,
        kth_m,
        ctx.compiled,
        price,
    )

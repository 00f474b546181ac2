"""The candidate graph: ``top_k`` partners for every person, both sides.

Only pairs that share a topic can be candidates, so for each mentee the
kernel walks an inverted index (skill -> mentors offering it, skill -> mentors
wanting it) and scores just those mentors; a cheap upper bound (the exact
teaching part plus the most the other parts can add) skips pairs that cannot
enter either person's list. The graph is the union of the mentees' and the
mentors' lists; mentee-only lists would leave mentors that nobody ranks
first without an edge.

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

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

from twoway.engine import kernels
from twoway.engine.context import Context

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# Progress is reported after each of this many blocks of mentees.
BLOCKS = 20
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
    # Per mentee: how many mentors share a topic with it (rules aside).
    sharing: IntArray
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
            self.sharing,
            self.price,
        )


def _threads(compiled: bool) -> int:
    return numba.get_num_threads() if compiled else 1


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
            np.zeros(n_e, np.int64),
            np.zeros(n_e),
        )
    E, M, R = ctx.mentee_side, ctx.mentor_side, ctx.rules
    if ctx.problem.scores is not None:
        ei, ej, w = ctx.kernel(kernels.listed_pairs)(E, M, R, active_mentee, active_mentor)
        order = np.lexsort((ej, ei))
        sharing = np.bincount(ei, minlength=n_e).astype(np.int64)
        return Graph(
            n_e,
            n_m,
            ei[order],
            ej[order],
            w[order],
            *none,
            ctx.compiled,
            sharing,
            np.zeros(n_e),
        )

    k = top_k if top_k is not None else ctx.problem.options.top_k
    chunks = _threads(ctx.compiled)
    e_s = np.full((n_e, k), -np.inf)
    e_j = np.full((n_e, k), -1, dtype=np.int64)
    e_n = np.zeros(n_e, dtype=np.int64)
    price = np.zeros(n_e)
    m_s = np.full((chunks, n_m, k), -np.inf)
    m_j = np.full((chunks, n_m, k), -1, dtype=np.int64)
    m_w = np.full((chunks, n_m, k), -np.inf)
    m_n = np.zeros((chunks, n_m), dtype=np.int64)
    m_need = np.full((chunks, n_m, 2), -np.inf)
    sharing = np.zeros(n_e, dtype=np.int64)
    rest_e, rest_m = ctx.rest_bounds
    block = ctx.kernel(kernels.top_k_block)
    IM = ctx.mentor_index_by_skill
    bounds = (
        np.linspace(0, n_e, BLOCKS + 1).astype(np.int64) if ctx.compiled else np.array([0, n_e])
    )
    for b in range(len(bounds) - 1):
        lo, hi = int(bounds[b]), int(bounds[b + 1])
        if hi > lo:
            block(
                lo, hi, chunks, E, M, IM, R, active_mentee, active_mentor, rest_e, rest_m,
                price_weight, e_s, e_j, e_n, price, m_s, m_j, m_w, m_n, m_need, sharing,
            )  # fmt: skip
        report((b + 1) / (len(bounds) - 1))
    ms, mj, mw, mn = ctx.kernel(kernels.merge_top_k)(m_s, m_j, m_w, m_n)

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
        sharing,
        price,
    )

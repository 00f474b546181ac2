"""The hard rules over many given pairs at once, as numpy columns.

With explicit scores the listed pairs are the candidate graph: there is
nothing to search, only each listed pair to check against the hard rules.
``rule_bits`` does that for all of them together, rule by rule over columns
of pairs, and sets the same bits as ``kernels.pairs.pair_mask`` does pair by
pair (the tests hold them to it). Half a million pairs take about 30 ms, and
no kernel is compiled or loaded, which alone would cost more (see
``twoway.engine.jit``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from twoway.engine.columns import (
    DEPARTMENT,
    F_MAX_TZ,
    GENDER,
    GENERATION,
    LEVEL,
    LINE_BACKGROUND,
    LINE_DEPARTMENT,
    LINE_GENDER,
    LINE_GENERATION,
    LINE_LOCATION,
    LOCATION,
    P_DEPTH,
    P_MIN_GAP,
    P_MUST,
    P_SENIOR,
    R_EX_MENTOR,
    R_EX_PTR,
    R_FLOATS,
    R_INTS,
    R_SC_MENTOR,
    R_SC_PTR,
    R_SC_SCORE,
    S_ATTR,
    S_BG_PTR,
    S_BG_TAGS,
    S_IDS,
    S_MANAGERS,
    SENIOR_MENTOR,
    UNKNOWN,
    UTC_OFFSET,
)
from twoway.engine.context import Context
from twoway.engine.kernels.pairs import (
    B_EXCLUDED,
    B_GAP,
    B_LINE,
    B_MUST0,
    B_SAME,
    B_TZ,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# The lines that must differ, by their attribute column, and their rule bit.
_MUST_COLUMNS = (
    (LINE_DEPARTMENT, DEPARTMENT, B_MUST0),
    (LINE_LOCATION, LOCATION, B_MUST0 << 1),
    (LINE_GENERATION, GENERATION, B_MUST0 << 2),
    (LINE_GENDER, GENDER, B_MUST0 << 3),
)
B_MUST_BACKGROUND = B_MUST0 << 4


def _pair_keys(rows: IntArray, cols: IntArray, n_cols: int) -> IntArray:
    """One integer per (row, column) pair, ordered as the pairs are."""
    return rows * max(n_cols, 1) + cols


def _contains(sorted_keys: IntArray, keys: IntArray) -> BoolArray:
    """Which ``keys`` are in ``sorted_keys``."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=np.bool_)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[pos] == keys)


def _csr_keys(ptr: IntArray, cols: IntArray, n_cols: int) -> IntArray:
    """The pair keys of a CSR list (rows ascending, each row's columns sorted):
    sorted."""
    rows = np.repeat(np.arange(len(ptr) - 1, dtype=np.int64), np.diff(ptr))
    return _pair_keys(rows, cols, n_cols)


def _stated_and_different(a: IntArray, b: IntArray) -> BoolArray:
    """``kernels.pairs.differ``, column-wise."""
    return np.asarray((a != b) & (a != UNKNOWN) & (b != UNKNOWN))


def _backgrounds_disjoint(ctx: Context, i: IntArray, j: IntArray) -> BoolArray:
    """Whether both people of each pair state background tags and share none
    (``kernels.pairs.tags_disjoint`` == 1)."""
    e_ptr, e_tags = ctx.mentee_side[S_BG_PTR], ctx.mentee_side[S_BG_TAGS]
    m_ptr, m_tags = ctx.mentor_side[S_BG_PTR], ctx.mentor_side[S_BG_TAGS]
    e_count, m_count = np.diff(e_ptr)[i], np.diff(m_ptr)[j]
    # Tags as dense codes, so that (mentor, tag) is one key.
    tags, codes = np.unique(np.concatenate([e_tags, m_tags]), return_inverse=True)
    e_code, m_code = codes[: len(e_tags)], codes[len(e_tags) :]
    m_keys = _csr_keys(m_ptr, m_code, len(tags))  # sorted: tags sorted per person
    # Every tag of each pair's mentee, against the pair's mentor's tags.
    pair = np.repeat(np.arange(len(i), dtype=np.int64), e_count)
    first = np.repeat(e_ptr[i] - np.cumsum(e_count) + e_count, e_count)
    tag = e_code[first + np.arange(len(pair))]
    shared = _contains(m_keys, _pair_keys(j[pair], tag, len(tags)))
    sharing = np.bincount(pair[shared], minlength=len(i)) > 0
    return np.asarray((e_count > 0) & (m_count > 0) & ~sharing)


def rule_bits(ctx: Context, i: IntArray, j: IntArray) -> IntArray:
    """The rule bits (as ``kernels.pairs.pair_mask``) of the pairs (mentee
    ``i[k]``, mentor ``j[k]``): shared topics aside, 0 where a pair breaks none.
    Whether a pair is listed is not checked (``B_NOT_LISTED``): with explicit
    scores the pairs checked are the listed ones.

    Examples
    --------
    >>> from twoway.engine import Constraints, Participant, Problem
    >>> problem = Problem(
    ...     mentors=(Participant(1, department=5), Participant(2, department=6)),
    ...     mentees=(Participant(3, department=5),),
    ...     constraints=Constraints(must_differ=frozenset({"department"})),
    ... )
    >>> rule_bits(Context(problem), np.array([0, 0]), np.array([0, 1])).tolist()
    [8, 0]
    """
    E, M, R = ctx.mentee_side, ctx.mentor_side, ctx.rules
    ints, floats = R[R_INTS], R[R_FLOATS]
    bits = np.zeros(len(i), dtype=np.int64)

    def flag(broken: BoolArray, bit: int) -> None:
        bits[broken] |= bit

    def both(column: int) -> tuple[IntArray, IntArray]:
        """One attribute of the mentee and of the mentor of every pair."""
        return E[S_ATTR][:, column][i], M[S_ATTR][:, column][j]

    # Attributes (``attr_mask``).
    if ints[P_MIN_GAP] > 0:
        e_level, m_level = both(LEVEL)
        gap = m_level - e_level if ints[P_SENIOR] == SENIOR_MENTOR else e_level - m_level
        unknown = (e_level == UNKNOWN) | (m_level == UNKNOWN)
        flag(unknown | (gap < ints[P_MIN_GAP]), B_GAP)
    must = int(ints[P_MUST])
    for line, column, bit in _MUST_COLUMNS:
        if must & line:
            flag(~_stated_and_different(*both(column)), bit)
    if must & LINE_BACKGROUND:
        flag(~_backgrounds_disjoint(ctx, i, j), B_MUST_BACKGROUND)
    max_tz = floats[F_MAX_TZ]
    if max_tz < np.inf:
        e_tz, m_tz = both(UTC_OFFSET)
        known = (e_tz != UNKNOWN) & (m_tz != UNKNOWN)
        flag(known & (np.abs(e_tz - m_tz) > max_tz), B_TZ)

    # Who the two people are (``link_mask``).
    e_ids, m_ids = E[S_IDS][i], M[S_IDS][j]
    flag(e_ids == m_ids, B_SAME)
    e_mgr, m_mgr = E[S_MANAGERS], M[S_MANAGERS]
    for d in range(min(int(ints[P_DEPTH]), e_mgr.shape[1])):
        flag((m_mgr[j, d] == e_ids) | (e_mgr[i, d] == m_ids), B_LINE)
    n_m = ctx.n_mentors
    keys = _pair_keys(i, j, n_m)
    if len(R[R_EX_MENTOR]):
        flag(_contains(_csr_keys(R[R_EX_PTR], R[R_EX_MENTOR], n_m), keys), B_EXCLUDED)
    return bits


def listed_pairs(
    ctx: Context, active_mentee: BoolArray, active_mentor: BoolArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Explicit-score mode's candidate graph: every listed pair of active
    people that breaks no rule, as (mentee, mentor, score), sorted by
    (mentee, mentor)."""
    R = ctx.rules
    sc_ptr, sc_mentor, sc_score = R[R_SC_PTR], R[R_SC_MENTOR], R[R_SC_SCORE]
    i = np.repeat(np.arange(ctx.n_mentees, dtype=np.int64), np.diff(sc_ptr))
    active = np.flatnonzero(active_mentee[i] & active_mentor[sc_mentor])
    i, j, w = i[active], sc_mentor[active], sc_score[active]
    allowed = np.flatnonzero(rule_bits(ctx, i, j) == 0)
    return i[allowed], j[allowed], w[allowed]

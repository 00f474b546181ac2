# mypy: allow-untyped-defs, allow-untyped-calls
"""Candidate generation: range tables, bounds in 16-bit units, ``top_k_range``.

Columns (people of one side) are taken a range at a time; the range tables
hold, per token and level, what each column's topics can add. A row adds up
its tokens' table rows over the whole range at once and compares the sums
with its bar; only the columns that reach it are scored exactly.
"""

from __future__ import annotations

import numpy as np

from twoway.engine.columns import (
    F_TEACH_CAP,
    F_W_TEACH,
    F_W_TEACH_BACK,
    LEVEL_ROWS,
    R_FLOATS,
    TOKEN_DIRECTIONS,
)
from twoway.engine.jit import helper, jit, jit_parallel, prange
from twoway.engine.kernels.lists import better, listed, top_insert_carry
from twoway.engine.kernels.pairs import BITS16, attrs, breaks_rules, pair_inputs, pair_score

# A margin for comparisons that only decide whether to look closer.
SLACK = 1e-9

# Bounds of candidate generation are 16-bit numbers of units: offsets lie in
# [-BOUND, BOUND], bars in [-BOUND, BOUND - 1000], sums of up to 255 units
# on top. The offset of a column that takes no part: below every bar.
BOUND = 20_000
SHUT = -30_000
# The lowest set bit of each 16-bit number (16 for none).
LOW16 = np.where(BITS16.any(axis=1), np.argmax(BITS16[:, ::-1], axis=1), 16).astype(np.int64)


@helper
def head_table(weight, cap):  # pragma: no cover - compiled
    """weight * min(a / 8, cap) for a = 0 .. 8 cap: a teaching part by eighths."""
    top = int(cap * 8)
    table = np.empty(top + 1)
    for a in range(top + 1):
        table[a] = weight * min(a / 8.0, cap)
    return table


@helper
def head_tables(floats):  # pragma: no cover - compiled
    """``head_table`` of teaching and of teaching back, and their last index."""
    cap = floats[F_TEACH_CAP]
    table_t = head_table(floats[F_W_TEACH], cap)
    table_b = head_table(floats[F_W_TEACH_BACK], cap)
    return table_t, table_b, len(table_t) - 1


@jit
def fill_columns(
    a0, w, perm, c_ptr, c_tok, c_level, n_skills, values, units, SV, V8, on
):  # pragma: no cover - compiled
    """Write (``on``) or clear the columns a0..a0+w-1 of the range tables.

    Row ``token * LEVEL_ROWS + l`` is a token of a row person at level l; column x
    is the person ``perm[a0 + x]`` of the other side. ``V8`` holds the topic
    value in eighths (0 where the column person lacks the token),
    ``values[d, column level, row level]``; ``SV`` the same weighted, in
    ``units`` (see ``Context.units``). Tokens are skills in one direction
    (``Context.tokens``): below ``n_skills`` (d = 0) the mentor teaches,
    from ``n_skills`` on (d = 1) the mentee teaches back.
    """
    for x in range(w):
        col = perm[a0 + x]
        for q in range(c_ptr[col], c_ptr[col + 1]):
            t, cl = c_tok[q], c_level[q]
            back = 1 if t >= n_skills else 0
            for rl in range(1, values.shape[2]):
                if on:
                    v = values[back, cl, rl]
                    V8[t * LEVEL_ROWS + rl, x] = v
                    SV[t * LEVEL_ROWS + rl, x] = units[back, v]
                else:
                    V8[t * LEVEL_ROWS + rl, x] = 0
                    SV[t * LEVEL_ROWS + rl, x] = 0


@helper
def lowest_bit(bits):  # pragma: no cover - compiled
    """Position of the lowest set bit of a non-zero uint64."""
    shift = 0
    while True:
        part = LOW16[(bits >> np.uint64(shift)) & np.uint64(0xFFFF)]
        if part < 16:
            return shift + part
        shift += 16


@helper
def row_bounds(s, SV, r_tok, r_level, lo_q, hi_q, w, wrap):  # pragma: no cover - compiled
    """``s[x]``: the range-table rows of a row's tokens added up, column by
    column (one loop the compiler turns into vector instructions). Rows with
    more than ``wrap`` tokens add with saturation: 255 units is above every
    bar."""
    s[:] = 0
    if hi_q - lo_q <= wrap:
        for q in range(lo_q, hi_q):
            row = SV[r_tok[q] * LEVEL_ROWS + r_level[q]]
            for x in range(w):
                s[x] += row[x]
    else:
        for q in range(lo_q, hi_q):
            row = SV[r_tok[q] * LEVEL_ROWS + r_level[q]]
            for x in range(w):
                s[x] = min(np.int32(s[x]) + np.int32(row[x]), 255)


@helper
def reaching(s, offr, rr, bar, masks, order):  # pragma: no cover - compiled
    """The columns x with ``s[x] + min(offr[x], rr) >= bar``, into ``order``;
    how many there are.

    A bit mask is built 64 columns at a time, which also compiles to vector
    instructions; most rows have few columns that reach the bar.
    """
    hit = np.uint64(0)
    for b in range(len(masks)):
        bits = np.uint64(0)
        for lane in range(64):
            x = b * 64 + lane
            reach = np.int16(s[x]) + min(offr[x], rr) >= bar
            bits |= np.uint64(reach) << np.uint64(lane)
        masks[b] = bits
        hit |= bits
    nc = 0
    if hit == 0:
        return nc
    for b in range(len(masks)):
        bits = masks[b]
        while bits:
            order[nc] = b * 64 + lowest_bit(bits)
            bits &= bits - np.uint64(1)
            nc += 1
    return nc


@helper
def column_offsets(a0, w, perm, off, c_ok):  # pragma: no cover - compiled
    """The columns' offsets, padded to whole blocks of 64; columns that take
    no part get ``SHUT``. Also the lowest and highest offset in use."""
    offr = np.full(((w + 63) // 64) * 64, SHUT, dtype=np.int16)
    lowest = 0
    highest = 0
    for x in range(w):
        col = perm[a0 + x]
        if c_ok[col]:
            offr[x] = off[col]
            lowest = min(lowest, off[col])
            highest = max(highest, off[col])
    return offr, lowest, highest


@helper
def bar_units(value, scale):  # pragma: no cover - compiled
    """The bar, in bound units, that a pair worth at least ``value`` reaches.

    Kept within [-BOUND, BOUND - 1000]: a lower bar only lets more columns
    through, and every offset is clipped to at most BOUND (see
    ``rest_units``), so nothing that could reach the true bar is lost.
    """
    return np.int16(min(max(np.floor((value - 1e-6) * scale), -BOUND), BOUND - 1000))


@helper
def rest_units(value, scale):  # pragma: no cover - compiled
    """An offset in bound units, rounded up and clipped to [-BOUND, BOUND]:
    a bound clipped to BOUND still reaches every bar."""
    return np.int16(min(max(np.ceil(value * scale - 1e-9), -BOUND), BOUND))


@helper
def topic_eighths(V8, r_tok, r_level, lo_q, hi_q, x, n_skills):  # pragma: no cover - compiled
    """Teaching and teaching-back sums, in eighths, of a row with column x."""
    t8 = np.int64(0)
    b8 = np.int64(0)
    for q in range(lo_q, hi_q):
        v = np.int64(V8[r_tok[q] * LEVEL_ROWS + r_level[q], x])
        if r_tok[q] < n_skills:
            t8 += v
        else:
            b8 += v
    return t8, b8


@jit_parallel
def top_k_range(
    a0, w, perm, n_chunks, rows_are_mentors, SV, V8, r_ptr, r_tok, r_level, r_ok, c_ok, off,
    row_rest, scale, wrap, E, M, R, rest_e, rest_m, price, top_s, top_j, top_w, top_n,
):  # pragma: no cover - compiled  # fmt: skip
    """Offer the columns a0..a0+w-1 to every row's top-k list.

    Rows are mentees (their own lists, by score) or mentors (by score minus
    the mentee's ``price``). A row adds up the range-table rows of its
    tokens over all the columns at once (``SV``: what each topic can add,
    in units of ``1 / scale``, rounded up); with ``off`` per column and
    ``row_rest`` per row (the most the other parts, minus the price, can
    add, in units) that bounds every pair of the row. A full list's last
    entry sets the bar, and a bit mask of the columns that reach it is
    built 64 at a time: these loops compile to vector instructions, and
    most columns of most rows fall below the bar. The columns that reach it
    are scored exactly (``V8`` gives their topic values in eighths) and
    checked against the hard rules. A list that is not full takes every
    column that shares a topic, best bound first, so that it fills with
    good pairs and the walk can stop. Rows with more than ``wrap`` tokens
    add with saturation (255 units is above every bar). Chunk c takes rows
    c, c + n_chunks, ...
    """
    e_attr, m_attr, tags, links, hard, soft = pair_inputs(E, M, R)
    table_t, table_b, top = head_tables(R[R_FLOATS])
    n_skills = SV.shape[0] // (TOKEN_DIRECTIONS * LEVEL_ROWS)
    k = top_s.shape[1]
    n_rows = len(r_ok)
    offr, lowest, highest = column_offsets(a0, w, perm, off, c_ok)
    # Bounds lie between lowest and highest + 255 (rows' rests are >= 0).
    n_keys = 256 + highest - lowest
    for c in prange(n_chunks):
        s = np.zeros(len(offr), dtype=np.uint8)
        seen = np.zeros(len(offr), dtype=np.uint8)
        masks = np.zeros(len(offr) // 64, dtype=np.uint64)
        cand = np.empty(w, dtype=np.int64)
        order = np.empty(len(offr), dtype=np.int64)
        count = np.zeros(n_keys + 1, dtype=np.int64)
        for r in range(c, n_rows, n_chunks):
            if not r_ok[r]:
                continue
            lo_q, hi_q = r_ptr[r], r_ptr[r + 1]
            if lo_q == hi_q:
                continue
            row_bounds(s, SV, r_tok, r_level, lo_q, hi_q, w, wrap)
            rr = rest_units(row_rest[r], scale)
            full = top_n[r] == k
            if full:
                nc = reaching(s, offr, rr, bar_units(top_s[r, k - 1], scale), masks, order)
            else:
                # Not full: every column sharing a topic, best bound first
                # (a counting sort on the bound).
                seen[:] = 0
                for q in range(lo_q, hi_q):
                    row = V8[r_tok[q] * LEVEL_ROWS + r_level[q]]
                    for x in range(w):
                        seen[x] |= row[x]
                nc = 0
                for x in range(w):
                    if seen[x] != 0 and offr[x] != SHUT:
                        key = np.int64(s[x]) + min(offr[x], rr) - lowest
                        cand[nc] = x
                        count[key] += 1
                        nc += 1
                pos = 0
                for key in range(n_keys, -1, -1):
                    here = count[key]
                    count[key] = pos
                    pos += here
                for q in range(nc):
                    x = cand[q]
                    key = np.int64(s[x]) + min(offr[x], rr) - lowest
                    order[count[key]] = x
                    count[key] += 1
                count[:] = 0
            for q in range(nc):
                x = order[q]
                bound = np.int64(s[x]) + min(offr[x], rr)
                if top_n[r] == k and bound < bar_units(top_s[r, k - 1], scale):
                    if not full:
                        break  # sorted by bound: the rest are lower still
                    continue
                col = perm[a0 + x]
                if not c_ok[col]:
                    continue
                t8, b8 = topic_eighths(V8, r_tok, r_level, lo_q, hi_q, x, n_skills)
                if t8 + b8 == 0:
                    continue
                head = table_t[min(t8, top)] + table_b[min(b8, top)]
                i = col if rows_are_mentors else r
                j = r if rows_are_mentors else col
                p = price[i] if rows_are_mentors else 0.0
                n = top_n[r]
                if n == k and head + min(rest_e[i], rest_m[j]) - p < top_s[r, k - 1] - SLACK:
                    continue
                e = attrs(e_attr, i)
                m = attrs(m_attr, j)
                wv, bg = pair_score(head, i, j, e, m, hard, soft, tags)
                if n == k and not better(wv - p, col, top_s[r, k - 1], top_j[r, k - 1]):
                    continue
                if breaks_rules(i, j, e, m, bg, hard, links):
                    continue
                if rows_are_mentors and listed(top_j[r], n, col):
                    continue  # seeded from the mentee's own list
                top_n[r] = top_insert_carry(top_s[r], top_j[r], top_w[r], n, k, wv - p, col, wv)

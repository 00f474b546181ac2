# mypy: allow-untyped-defs, allow-untyped-calls
"""Certification: the mentors' duals, and the pairs outside the graph they
leave uncovered (see ``twoway.engine.certification``)."""

from __future__ import annotations

import numpy as np

from twoway.engine.columns import LEVEL_ROWS, R_FLOATS, TOKEN_DIRECTIONS
from twoway.engine.jit import jit, jit_parallel, prange
from twoway.engine.kernels.lists import top_insert
from twoway.engine.kernels.pairs import attrs, breaks_rules, find_sorted, pair_inputs, pair_score
from twoway.engine.kernels.ranges import (
    SLACK,
    bar_units,
    column_offsets,
    head_tables,
    reaching,
    rest_units,
    row_bounds,
    topic_eighths,
)


@jit_parallel
def uncovered_range(
    a0, w, perm, n_chunks, SV, V8, rows, r_ptr, r_tok, r_level, c_ok, off, row_rest, scale,
    wrap, E, M, R, rest_e, rest_m, u, v, kth_e, kth_m, price, bonus, margin, g_ptr, g_j,
    excess, out_gap, out_j, out_n,
):  # pragma: no cover - compiled  # fmt: skip
    """Allowed pairs outside the graph that the duals (u, v) do not cover,
    among the mentors a0..a0+w-1 (in the order ``perm``).

    For each mentee ``rows[r]``: ``excess[r]`` becomes the largest
    ``w + bonus - u_i - v_j - margin`` above zero, and ``out_gap``,
    ``out_j``, ``out_n`` keep the ``out_j.shape[1]`` largest such gaps above
    ``-margin`` (pairs worth adding to the graph before the duals move).
    The bounds work as in ``top_k_range``: ``off[j]`` bounds the other parts
    minus ``v_j`` (plus the bonus), ``row_rest[r]`` the mentee's, in units;
    a mentee's bar is ``u_i - margin``. A pruned pair weighs at most
    ``min(kth_e[i], kth_m[j] + price[i])``; pairs in the graph
    (``g_ptr``, ``g_j``) are covered by construction.
    """
    e_attr, m_attr, tags, links, hard, soft = pair_inputs(E, M, R)
    table_t, table_b, top = head_tables(R[R_FLOATS])
    n_skills = SV.shape[0] // (TOKEN_DIRECTIONS * LEVEL_ROWS)
    keep = out_j.shape[1]
    n_rows = len(rows)
    offr, _, _ = column_offsets(a0, w, perm, off, c_ok)
    # The rows' rests bound the other parts before v: take the range's
    # lowest v off them.
    v_low = np.inf
    for x in range(w):
        if c_ok[perm[a0 + x]]:
            v_low = min(v_low, v[perm[a0 + x]])
    if v_low == np.inf:
        return
    for c in prange(n_chunks):
        s = np.zeros(len(offr), dtype=np.uint8)
        masks = np.zeros(len(offr) // 64, dtype=np.uint64)
        order = np.empty(len(offr), dtype=np.int64)
        for r in range(c, n_rows, n_chunks):
            i = rows[r]
            lo_q, hi_q = r_ptr[i], r_ptr[i + 1]
            if lo_q == hi_q:
                continue
            row_bounds(s, SV, r_tok, r_level, lo_q, hi_q, w, wrap)
            rr = rest_units(row_rest[r] - v_low, scale)
            bar = bar_units(u[i] - margin, scale)
            nc = reaching(s, offr, rr, bar, masks, order)
            e = attrs(e_attr, i)
            for q in range(nc):
                x = order[q]
                j = perm[a0 + x]
                cover = u[i] + v[j]
                cover = cover - margin
                if cover >= min(kth_e[i], kth_m[j] + price[i]) + bonus:
                    continue
                t8, b8 = topic_eighths(V8, r_tok, r_level, lo_q, hi_q, x, n_skills)
                if t8 + b8 == 0:
                    continue
                head = table_t[min(t8, top)] + table_b[min(b8, top)]
                if head + min(rest_e[i], rest_m[j]) + bonus < cover - SLACK:
                    continue
                m = attrs(m_attr, j)
                wv, bg = pair_score(head, i, j, e, m, hard, soft, tags)
                if wv + bonus <= cover:
                    continue
                if breaks_rules(i, j, e, m, bg, hard, links):
                    continue
                if find_sorted(g_j, g_ptr[i], g_ptr[i + 1], j) >= 0:
                    continue
                gap = wv + bonus - cover
                if gap - margin > excess[r]:
                    excess[r] = gap - margin
                # Keep the `keep` largest gaps (ties: lower mentor index).
                out_n[r] = top_insert(out_gap[r], out_j[r], out_n[r], keep, gap, j)


@jit
def mentor_potentials(n_m, g_ptr, g_j, g_w, partner, max_steps, tol):  # pragma: no cover - compiled
    """Mentor duals v >= 0 from an optimal matching, by shortest paths (SPFA).

    With the mentees' duals ``u_i = w(i, partner) - v(partner)``, reduced
    costs stay non-negative on the graph. ``d = -v`` is the shortest distance
    from a root joined to every mentor by a 0 edge (v >= 0); an unmatched
    mentee i bounds ``d_j <= -w_ij``; a matched mentee i (of mentor p)
    relaxes ``d_j <= d_p + w_ip - w_ij``. Returns (v, converged).

    A distance only moves by more than ``tol``: the solver's integer costs
    can leave cycles that gain a rounding error (~1e-12) each time round,
    which would keep the queue busy to ``max_steps``; the mentees' duals are
    recomputed from ``v`` afterwards, so the duals stay feasible.
    """
    n_e = len(g_ptr) - 1
    d = np.zeros(n_m)
    # Mentees matched to each mentor (CSR), and each matched mentee's weight.
    count = np.zeros(n_m + 1, dtype=np.int64)
    own_w = np.zeros(n_e)
    for i in range(n_e):
        p = partner[i]
        if p >= 0:
            count[p + 1] += 1
            for q in range(g_ptr[i], g_ptr[i + 1]):
                if g_j[q] == p:
                    own_w[i] = g_w[q]
                    break
        else:
            for q in range(g_ptr[i], g_ptr[i + 1]):
                if -g_w[q] < d[g_j[q]]:
                    d[g_j[q]] = -g_w[q]
    for j in range(n_m):
        count[j + 1] += count[j]
    fill = count[:n_m].copy()
    held = np.empty(count[n_m], dtype=np.int64)
    for i in range(n_e):
        p = partner[i]
        if p >= 0:
            held[fill[p]] = i
            fill[p] += 1
    queue = np.empty(n_m + 1, dtype=np.int64)
    queued = np.zeros(n_m, dtype=np.bool_)
    head = 0
    tail = 0
    # Every mentor starts at d = 0 (the root's edge) or below, and is relaxed.
    for j in range(n_m):
        queue[tail] = j
        tail += 1
        queued[j] = True
    size = n_m + 1
    steps = 0
    while head != tail:
        p = queue[head]
        head = (head + 1) % size
        queued[p] = False
        for h in range(count[p], count[p + 1]):
            i = held[h]
            for q in range(g_ptr[i], g_ptr[i + 1]):
                j = g_j[q]
                if j == p:
                    continue
                nd = d[p] + (own_w[i] - g_w[q])
                steps += 1
                if nd < d[j] - tol:
                    d[j] = nd
                    if not queued[j]:
                        queued[j] = True
                        queue[tail] = j
                        tail = (tail + 1) % size
        if steps > max_steps:
            return -d, False
    return -d, True

# mypy: allow-untyped-defs, allow-untyped-calls
"""Pairs checked one by one, without bounds: one person against everyone
opposite (why nobody fits, suggestions)."""

from __future__ import annotations

import numpy as np

from twoway.engine.columns import (
    F_TEACH_CAP,
    F_W_TEACH,
    F_W_TEACH_BACK,
    I_OFFER_LEVEL,
    I_OFFER_PTR,
    I_OFFER_WHO,
    I_WANT_LEVEL,
    I_WANT_PTR,
    I_WANT_WHO,
    P_EXPLICIT,
    R_FLOATS,
    R_INTS,
    R_SC_MENTOR,
    R_SC_PTR,
    R_SC_SCORE,
    R_VALUES,
    S_IDS,
    S_OFFER_LEVEL,
    S_OFFER_PTR,
    S_OFFER_SKILL,
    S_WANT_LEVEL,
    S_WANT_PTR,
    S_WANT_SKILL,
)
from twoway.engine.jit import helper, jit, jit_parallel, prange
from twoway.engine.kernels.pairs import (
    B_NO_TOPIC,
    N_BITS,
    find_sorted,
    pair_inputs,
    pair_mask,
    pair_rest,
    teach_sum,
)


@helper
def mark_sharing(x, own, other, values, shares):  # pragma: no cover - compiled
    """Mark, in ``shares``, everyone on the other side sharing a topic with x.

    ``own`` is x's ``Side``, ``other`` the other side's ``Index``: x's
    offers meet the wants there, and x's wants its offers.
    """
    t_ptr, t_skill, t_level = own[S_OFFER_PTR], own[S_OFFER_SKILL], own[S_OFFER_LEVEL]
    l_ptr, l_skill, l_level = own[S_WANT_PTR], own[S_WANT_SKILL], own[S_WANT_LEVEL]
    wants_ptr, wants_who, wants_level = other[I_WANT_PTR], other[I_WANT_WHO], other[I_WANT_LEVEL]
    offers_ptr, offers_who, offers_level = (
        other[I_OFFER_PTR], other[I_OFFER_WHO], other[I_OFFER_LEVEL]
    )  # fmt: skip
    for q in range(t_ptr[x], t_ptr[x + 1]):
        s = t_skill[q]
        for t in range(wants_ptr[s], wants_ptr[s + 1]):
            if values[t_level[q], wants_level[t]] > 0.0:
                shares[wants_who[t]] = True
    for q in range(l_ptr[x], l_ptr[x + 1]):
        s = l_skill[q]
        for t in range(offers_ptr[s], offers_ptr[s + 1]):
            if values[offers_level[t], l_level[q]] > 0.0:
                shares[offers_who[t]] = True


@jit_parallel
def person_scan(people, on_mentor_side, E, M, IE, IM, R, budget_each):  # pragma: no cover
    """Why each of ``people`` has no partner: counts over the whole other side.

    Returns ``counts[r, b]`` (partners that rule bit b rules out, a partner
    counting under each rule it breaks), ``allowed[r]`` (partners breaking
    nothing), ``passing[r]`` (partners breaking no rule but topics) and
    ``sharing[r]`` (partners sharing a topic, rules aside). People whose
    other side is larger than ``budget_each`` get ``sharing`` only.
    """
    e_attr, m_attr, tags, links, hard, _ = pair_inputs(E, M, R)
    explicit = R[R_INTS][P_EXPLICIT] == 1
    values = R[R_VALUES]
    n = len(people)
    counts = np.zeros((n, N_BITS), dtype=np.int64)
    allowed = np.zeros(n, dtype=np.int64)
    passing = np.zeros(n, dtype=np.int64)
    sharing = np.zeros(n, dtype=np.int64)
    other = len(E[S_IDS]) if on_mentor_side else len(M[S_IDS])
    for r in prange(n):
        x = people[r]
        shares = np.zeros(other, dtype=np.bool_)
        if not explicit:
            if on_mentor_side:
                mark_sharing(x, M, IE, values, shares)
            else:
                mark_sharing(x, E, IM, values, shares)
        for y in range(other):
            if shares[y]:
                sharing[r] += 1
        if other > budget_each:
            continue
        for y in range(other):
            i, j = (y, x) if on_mentor_side else (x, y)
            mask = pair_mask(i, j, hard, e_attr, m_attr, tags, links)
            if not explicit and not shares[y]:
                mask |= B_NO_TOPIC
            for b in range(N_BITS):
                if mask & (1 << b):
                    counts[r, b] += 1
            if mask == 0:
                allowed[r] += 1
            if (mask & ~B_NO_TOPIC) == 0:
                passing[r] += 1
    return counts, allowed, passing, sharing


@jit
def scores_against(x, on_mentor_side, E, M, R):  # pragma: no cover - compiled
    """Rule mask (topics included) and score of person x with everyone opposite."""
    e_attr, m_attr, tags, links, hard, soft = pair_inputs(E, M, R)
    explicit = R[R_INTS][P_EXPLICIT] == 1
    floats, values = R[R_FLOATS], R[R_VALUES]
    w_teach, w_back, cap = floats[F_W_TEACH], floats[F_W_TEACH_BACK], floats[F_TEACH_CAP]
    sc_ptr, sc_mentor, sc_score = R[R_SC_PTR], R[R_SC_MENTOR], R[R_SC_SCORE]
    other = len(E[S_IDS]) if on_mentor_side else len(M[S_IDS])
    masks = np.zeros(other, dtype=np.int64)
    scores = np.zeros(other)
    for y in range(other):
        i, j = (y, x) if on_mentor_side else (x, y)
        mask = pair_mask(i, j, hard, e_attr, m_attr, tags, links)
        if explicit:
            pos = find_sorted(sc_mentor, sc_ptr[i], sc_ptr[i + 1], j)
            w = sc_score[pos] if pos >= 0 else 0.0
        else:
            teach = teach_sum(M, j, E, i, values)
            back = teach_sum(E, i, M, j, values)
            if teach == 0.0 and back == 0.0:
                mask |= B_NO_TOPIC
            head = w_teach * min(teach, cap) + w_back * min(back, cap)
            w = head + pair_rest(i, j, soft, e_attr, m_attr, tags)
        masks[y] = mask
        scores[y] = w
    return masks, scores

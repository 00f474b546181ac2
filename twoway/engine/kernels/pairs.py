# mypy: allow-untyped-defs, allow-untyped-calls
"""One pair (mentee i, mentor j): the rule bits it breaks and its score.

The per-pair helpers take the two people's attribute rows as tuples of
scalars (``attrs``), and what ``pair_inputs`` takes out of the ``Side`` and
``Rules`` tuples once per kernel: the rule parameters as tuples of scalars,
and the arrays in small flat tuples (a parallel loop takes no tuple inside a
tuple).
"""

from __future__ import annotations

import numpy as np

from twoway.engine.columns import (
    AVAILABILITY,
    DEPARTMENT,
    F_MAX_TZ,
    F_W_AVAILABILITY,
    F_W_CROSSING,
    F_W_LEVEL_GAP,
    F_W_TIME_ZONE,
    FORMATS,
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
    P_EXPLICIT,
    P_MIN_GAP,
    P_MUST,
    P_N_VALUED,
    P_SENIOR,
    P_VALUED,
    R_EX_MENTOR,
    R_EX_PTR,
    R_FLOATS,
    R_INTS,
    R_SC_MENTOR,
    R_SC_PTR,
    S_ATTR,
    S_BG_PTR,
    S_BG_TAGS,
    S_IDS,
    S_MANAGERS,
    S_OFFER_LEVEL,
    S_OFFER_PTR,
    S_OFFER_SKILL,
    S_WANT_LEVEL,
    S_WANT_PTR,
    S_WANT_SKILL,
    SENIOR_MENTOR,
    SENIOR_NONE,
    UNKNOWN,
    UTC_OFFSET,
)
from twoway.engine.jit import helper, jit

# Rule bits, as in scoring.RULES.
B_SAME, B_LINE, B_GAP, B_MUST0 = 1, 2, 4, 8
B_TZ, B_EXCLUDED, B_NOT_LISTED, B_NO_TOPIC = 256, 512, 1024, 2048
N_BITS = 12

# The bits of each 16-bit number, highest first, and how many are set:
# popcount by table, in compiled and plain code.
BITS16 = np.unpackbits(np.arange(1 << 16, dtype=">u2").view(np.uint8)).reshape(-1, 16)
POP16 = BITS16.sum(axis=1, dtype=np.int64)


@helper
def popcount(x):  # pragma: no cover - compiled
    """Bits set in a non-negative int64."""
    if x < 65536:
        return POP16[x]
    return (
        POP16[x & 0xFFFF] + POP16[(x >> 16) & 0xFFFF] + POP16[(x >> 32) & 0xFFFF] + POP16[x >> 48]
    )


@helper
def overlap(a, b):  # pragma: no cover - compiled
    if a == 0 or b == 0:
        return 0.5
    return popcount(a & b) / min(popcount(a), popcount(b))


@helper
def tags_disjoint(i, j, tags):  # pragma: no cover - compiled
    """1: both tag sets stated and disjoint; 0: a shared tag; -1: one is empty.
    ``tags`` from ``pair_inputs``."""
    e_bgp, e_bgt, m_bgp, m_bgt = tags
    p, pe = e_bgp[i], e_bgp[i + 1]
    q, qe = m_bgp[j], m_bgp[j + 1]
    if p == pe or q == qe:
        return -1
    while p < pe and q < qe:
        if e_bgt[p] == m_bgt[q]:
            return 0
        if e_bgt[p] < m_bgt[q]:
            p += 1
        else:
            q += 1
    return 1


@helper
def find_sorted(values, lo, hi, x):  # pragma: no cover - compiled
    """Position of x in the sorted slice values[lo:hi], or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and values[lo] == x:
        return lo
    return -1


@helper
def differ(a, b):  # pragma: no cover - compiled
    """Whether two values of a line are both stated and different."""
    return a != b and a != UNKNOWN and b != UNKNOWN


@helper
def attrs(attr, x):  # pragma: no cover - compiled
    """Row x of an attribute table as a tuple of scalars, column by column (so
    ``attrs(attr, x)[LEVEL]`` is ``attr[x, LEVEL]``): the helpers below take
    these, not the arrays, so the hot loops count no references per call."""
    return (
        attr[x, 0], attr[x, 1], attr[x, 2], attr[x, 3],
        attr[x, 4], attr[x, 5], attr[x, 6], attr[x, 7],
    )  # fmt: skip


@helper
def scalar_rules(ints, floats):  # pragma: no cover - compiled
    """The rule parameters as two tuples of scalars: ``hard`` (must, min_gap,
    senior, max_tz, depth, explicit) for ``attr_mask`` and ``link_mask``, and
    ``soft`` (valued, n_valued, senior, and the four weights of the
    non-teaching parts) for ``rest_parts``."""
    senior = ints[P_SENIOR]
    hard = (
        ints[P_MUST], ints[P_MIN_GAP], senior, floats[F_MAX_TZ], ints[P_DEPTH],
        ints[P_EXPLICIT] == 1,
    )  # fmt: skip
    soft = (
        ints[P_VALUED], ints[P_N_VALUED], senior, floats[F_W_CROSSING], floats[F_W_LEVEL_GAP],
        floats[F_W_AVAILABILITY], floats[F_W_TIME_ZONE],
    )  # fmt: skip
    return hard, soft


@helper
def pair_inputs(E, M, R):  # pragma: no cover - compiled
    """What the per-pair helpers take, out of the ``Side`` and ``Rules``
    tuples once per kernel: the two attribute tables, ``tags`` (both sides'
    background tags), ``links`` (both sides' ids and managers, the excluded
    and the listed pairs) and ``scalar_rules``' two tuples."""
    tags = (E[S_BG_PTR], E[S_BG_TAGS], M[S_BG_PTR], M[S_BG_TAGS])
    links = (
        E[S_IDS], E[S_MANAGERS], M[S_IDS], M[S_MANAGERS],
        R[R_EX_PTR], R[R_EX_MENTOR], R[R_SC_PTR], R[R_SC_MENTOR],
    )  # fmt: skip
    hard, soft = scalar_rules(R[R_INTS], R[R_FLOATS])
    return E[S_ATTR], M[S_ATTR], tags, links, hard, soft


@helper
def attr_mask(hard, e, m, bg):  # pragma: no cover - compiled
    """Rule bits from the two people's attributes (``attrs`` tuples; ``hard``
    from ``scalar_rules``). ``bg`` is ``tags_disjoint`` of the two
    backgrounds, needed only when ``must`` has the background bit."""
    must, min_gap, senior, max_tz, _, _ = hard
    mask = 0
    if min_gap > 0:
        if m[LEVEL] == UNKNOWN or e[LEVEL] == UNKNOWN:
            mask |= B_GAP
        else:
            gap = m[LEVEL] - e[LEVEL] if senior == SENIOR_MENTOR else e[LEVEL] - m[LEVEL]
            if gap < min_gap:
                mask |= B_GAP
    if must:
        if must & LINE_DEPARTMENT and not differ(e[DEPARTMENT], m[DEPARTMENT]):
            mask |= B_MUST0
        if must & LINE_LOCATION and not differ(e[LOCATION], m[LOCATION]):
            mask |= B_MUST0 << 1
        if must & LINE_GENERATION and not differ(e[GENERATION], m[GENERATION]):
            mask |= B_MUST0 << 2
        if must & LINE_GENDER and not differ(e[GENDER], m[GENDER]):
            mask |= B_MUST0 << 3
        if must & LINE_BACKGROUND and bg != 1:
            mask |= B_MUST0 << 4
    ue, um = e[UTC_OFFSET], m[UTC_OFFSET]
    if max_tz < np.inf and ue != UNKNOWN and um != UNKNOWN and abs(ue - um) > max_tz:
        mask |= B_TZ
    return mask


@helper
def link_mask(i, j, hard, links):  # pragma: no cover - compiled
    """Rule bits from who the two people are: same person, reporting line,
    excluded, not listed (``links`` from ``pair_inputs``)."""
    _, _, _, _, depth, explicit = hard
    e_ids, e_mgr, m_ids, m_mgr, ex_ptr, ex_mentor, sc_ptr, sc_mentor = links
    mask = 0
    if e_ids[i] == m_ids[j]:
        mask |= B_SAME
    for d in range(min(depth, e_mgr.shape[1])):
        if m_mgr[j, d] == e_ids[i] or e_mgr[i, d] == m_ids[j]:
            mask |= B_LINE
            break
    if ex_ptr[i + 1] > ex_ptr[i] and find_sorted(ex_mentor, ex_ptr[i], ex_ptr[i + 1], j) >= 0:
        mask |= B_EXCLUDED
    if explicit and find_sorted(sc_mentor, sc_ptr[i], sc_ptr[i + 1], j) < 0:
        mask |= B_NOT_LISTED
    return mask


@helper
def rest_parts(soft, e, m, bg):  # pragma: no cover - compiled
    """The weighted crossing, level gap, availability and time-zone parts
    (see ``attr_mask``); ``bg`` matters when ``valued`` has the background
    bit."""
    valued, n_valued, senior, w_cross, w_gap, w_avail, w_tz = soft
    crossing = 0.0
    if n_valued > 0:
        count = 0
        if valued & LINE_DEPARTMENT and differ(e[DEPARTMENT], m[DEPARTMENT]):
            count += 1
        if valued & LINE_LOCATION and differ(e[LOCATION], m[LOCATION]):
            count += 1
        if valued & LINE_GENERATION and differ(e[GENERATION], m[GENERATION]):
            count += 1
        if valued & LINE_GENDER and differ(e[GENDER], m[GENDER]):
            count += 1
        if valued & LINE_BACKGROUND and bg == 1:
            count += 1
        crossing = count / n_valued
    level_gap = 0.0
    if senior != SENIOR_NONE and m[LEVEL] != UNKNOWN and e[LEVEL] != UNKNOWN:
        gap = m[LEVEL] - e[LEVEL] if senior == SENIOR_MENTOR else e[LEVEL] - m[LEVEL]
        level_gap = min(max(gap, 0), 4) / 4.0
    availability = (
        overlap(m[AVAILABILITY], e[AVAILABILITY]) + overlap(m[FORMATS], e[FORMATS])
    ) / 2.0
    ue, um = e[UTC_OFFSET], m[UTC_OFFSET]
    if ue == UNKNOWN or um == UNKNOWN:
        time_zone = 0.5
    else:
        time_zone = max(0.0, 1.0 - abs(um - ue) / 720.0)
    return ((w_cross * crossing + w_gap * level_gap) + w_avail * availability) + w_tz * time_zone


@helper
def pair_score(head, i, j, e, m, hard, soft, tags):  # pragma: no cover - compiled
    """The pair's score from its teaching part ``head``, and ``bg`` (see
    ``tags_disjoint``) for the rule checks."""
    must, _, _, _, _, _ = hard
    valued, _, _, _, _, _, _ = soft
    bg = tags_disjoint(i, j, tags) if (must | valued) & LINE_BACKGROUND else -1
    return head + rest_parts(soft, e, m, bg), bg


@helper
def breaks_rules(i, j, e, m, bg, hard, links):  # pragma: no cover - compiled
    """Whether (mentee i, mentor j) breaks a hard rule, shared topics aside
    (``e``, ``m``: their attribute rows; ``bg``: as in ``tags_disjoint``)."""
    if attr_mask(hard, e, m, bg) != 0:
        return True
    return link_mask(i, j, hard, links) != 0


@helper
def pair_mask(i, j, hard, e_attr, m_attr, tags, links):  # pragma: no cover - compiled
    """Rule bits broken by (mentee i, mentor j), shared topics aside."""
    must, _, _, _, _, _ = hard
    bg = tags_disjoint(i, j, tags) if must & LINE_BACKGROUND else -1
    mask = attr_mask(hard, attrs(e_attr, i), attrs(m_attr, j), bg)
    return mask | link_mask(i, j, hard, links)


@helper
def pair_rest(i, j, soft, e_attr, m_attr, tags):  # pragma: no cover - compiled
    """The weighted non-teaching parts of (mentee i, mentor j)."""
    valued, _, _, _, _, _, _ = soft
    bg = tags_disjoint(i, j, tags) if valued & LINE_BACKGROUND else -1
    return rest_parts(soft, attrs(e_attr, i), attrs(m_attr, j), bg)


@helper
def teach_sum(teacher, t, learner, x, values):  # pragma: no cover - compiled
    """Uncapped topic values of ``teacher``'s person t for ``learner``'s
    person x (two ``Side`` tuples), in the learner's order: offers against
    wants."""
    t_ptr, t_skill, t_level = teacher[S_OFFER_PTR], teacher[S_OFFER_SKILL], teacher[S_OFFER_LEVEL]
    l_ptr, l_skill, l_level = learner[S_WANT_PTR], learner[S_WANT_SKILL], learner[S_WANT_LEVEL]
    total = 0.0
    for q in range(l_ptr[x], l_ptr[x + 1]):
        s = l_skill[q]
        for r in range(t_ptr[t], t_ptr[t + 1]):
            if t_skill[r] == s:
                total += values[t_level[r], l_level[q]]
                break
    return total


@helper
def rest_bound(
    attr, x, ints, floats, on_mentor_side, partner_low, partner_high
):  # pragma: no cover
    """The most the non-teaching parts can give person x, whoever the partner.

    Lines x has no value for cannot be crossed; an unknown level gives no
    gap, and a known one at most the gap to the lowest or highest level on
    the other side (``partner_low``..``partner_high``; low > high: none
    known); an unstated mask or time zone gives exactly one half. Summed in
    the order of ``rest_parts``, so it bounds it after rounding too.
    """
    valued, n_valued = ints[P_VALUED], ints[P_N_VALUED]
    crossing = 0.0
    if n_valued > 0:
        count = 0
        if valued & LINE_DEPARTMENT and attr[x, DEPARTMENT] != UNKNOWN:
            count += 1
        if valued & LINE_LOCATION and attr[x, LOCATION] != UNKNOWN:
            count += 1
        if valued & LINE_GENERATION and attr[x, GENERATION] != UNKNOWN:
            count += 1
        if valued & LINE_GENDER and attr[x, GENDER] != UNKNOWN:
            count += 1
        if valued & LINE_BACKGROUND:
            count += 1
        crossing = count / n_valued
    level_gap = 0.0
    senior = ints[P_SENIOR]
    lv = attr[x, LEVEL]
    if senior != SENIOR_NONE and lv != UNKNOWN and partner_low <= partner_high:
        own_is_senior = (senior == SENIOR_MENTOR) == on_mentor_side
        gap = lv - partner_low if own_is_senior else partner_high - lv
        level_gap = min(max(gap, 0), 4) / 4.0
    a = 0.5 if attr[x, AVAILABILITY] == 0 else 1.0
    f = 0.5 if attr[x, FORMATS] == 0 else 1.0
    availability = (a + f) / 2.0
    time_zone = 0.5 if attr[x, UTC_OFFSET] == UNKNOWN else 1.0
    return (
        (floats[F_W_CROSSING] * crossing + floats[F_W_LEVEL_GAP] * level_gap)
        + floats[F_W_AVAILABILITY] * availability
    ) + floats[F_W_TIME_ZONE] * time_zone


@jit
def rest_bounds(attr, partner_attr, ints, floats, on_mentor_side):  # pragma: no cover - compiled
    low = 1 << 62
    high = -(1 << 62)
    for y in range(partner_attr.shape[0]):
        lv = partner_attr[y, LEVEL]
        if lv != UNKNOWN:
            low = min(low, lv)
            high = max(high, lv)
    out = np.empty(attr.shape[0])
    for x in range(attr.shape[0]):
        out[x] = rest_bound(attr, x, ints, floats, on_mentor_side, low, high)
    return out

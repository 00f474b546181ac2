# mypy: allow-untyped-defs, allow-untyped-calls
"""The engine's loops over many pairs, in the subset of Python numba compiles.

Every kernel takes the tuples built by ``twoway.engine.context`` (``Side``,
``Index``, ``Rules``) and plain arrays, and runs either compiled or as plain
Python (``kernel.py_func``) for small problems. The pair score is computed with
the same operations, in the same order, as ``twoway.engine.scoring``; topic
values are multiples of 1/8, so their sums are exact in any order.

Kernels unpack the tuples once and hand single arrays to the helpers: taking
an array out of a tuple inside a helper counts a reference, an atomic
operation on memory both threads share, and made each pair cost ~300 ns.

Top-k lists are kept sorted, best first, under one total order: a higher
score, then a lower index. That makes every list independent of the order in
which pairs were seen, so threads and blocks do not change the result.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from twoway.engine.jit import helper, jit, jit_parallel

UNKNOWN = -(2**62)
# Rule bits, as in scoring.RULES.
B_SAME, B_LINE, B_GAP, B_MUST0 = 1, 2, 4, 8
B_TZ, B_EXCLUDED, B_NOT_LISTED, B_NO_TOPIC = 256, 512, 1024, 2048
N_BITS = 12
# A margin for comparisons that only decide whether to look closer.
SLACK = 1e-9

# Bounds of candidate generation are 16-bit numbers of units: offsets lie in
# [-BOUND, BOUND], bars in [-BOUND, BOUND - 1000], sums of up to 255 units
# on top. The offset of a column that takes no part: below every bar.
BOUND = 20_000
SHUT = -30_000
# The lowest set bit of each 16-bit number (16 for none).
LOW16 = np.array([(x & -x).bit_length() - 1 if x else 16 for x in range(1 << 16)], np.int64)

# Bits set in each 16-bit number: popcount by table, in compiled and plain code.
POP16 = np.array([bin(x).count("1") for x in range(1 << 16)], dtype=np.int64)


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
def tags_disjoint(e_bgp, e_bgt, i, m_bgp, m_bgt, j):  # pragma: no cover - compiled
    """1: both tag sets stated and disjoint; 0: a shared tag; -1: one is empty."""
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
def attrs(attr, x):  # pragma: no cover - compiled
    """Row x of an attribute table as a tuple of scalars: the helpers below take
    these, not the arrays, so the hot loops count no references per call."""
    return (
        attr[x, 0], attr[x, 1], attr[x, 2], attr[x, 3],
        attr[x, 4], attr[x, 5], attr[x, 6], attr[x, 7],
    )  # fmt: skip


@helper
def scalar_rules(ints, floats):  # pragma: no cover - compiled
    """The rule parameters the per-pair helpers take, as tuples of scalars:
    (``attr_mask``'s, ``rest_parts``'s, reporting-line depth, explicit
    scores, whether backgrounds count)."""
    must, valued = ints[3], ints[4]
    mask_rules = (must, ints[2], ints[1], floats[0])
    rest_rules = (valued, ints[5], ints[1], floats[3], floats[4], floats[5], floats[6])
    return mask_rules, rest_rules, ints[0], ints[6] == 1, (must | valued) & 16 != 0


@helper
def attr_mask(rules, e, m, bg):  # pragma: no cover - compiled
    """Rule bits from the two people's attributes (``attrs`` tuples; ``rules``
    from ``scalar_rules``). ``bg`` is ``tags_disjoint`` of the two
    backgrounds, needed only when ``must`` has the background bit."""
    must, min_gap, senior, max_tz = rules
    le, de, lo_e, ge, xe, ue = e[0], e[1], e[2], e[3], e[4], e[5]
    lm, dm, lo_m, gm, xm, um = m[0], m[1], m[2], m[3], m[4], m[5]
    mask = 0
    if min_gap > 0:
        if lm == UNKNOWN or le == UNKNOWN:
            mask |= B_GAP
        else:
            gap = lm - le if senior == 1 else le - lm
            if gap < min_gap:
                mask |= B_GAP
    if must:
        if must & 1 and (de == dm or de == UNKNOWN or dm == UNKNOWN):
            mask |= B_MUST0
        if must & 2 and (lo_e == lo_m or lo_e == UNKNOWN or lo_m == UNKNOWN):
            mask |= B_MUST0 << 1
        if must & 4 and (ge == gm or ge == UNKNOWN or gm == UNKNOWN):
            mask |= B_MUST0 << 2
        if must & 8 and (xe == xm or xe == UNKNOWN or xm == UNKNOWN):
            mask |= B_MUST0 << 3
        if must & 16 and bg != 1:
            mask |= B_MUST0 << 4
    if max_tz < np.inf and ue != UNKNOWN and um != UNKNOWN and abs(ue - um) > max_tz:
        mask |= B_TZ
    return mask


@helper
def link_mask(
    i, j, e_ids, m_ids, e_mgr, m_mgr, depth, ex_ptr, ex_mentor, explicit, sc_ptr, sc_mentor
):  # pragma: no cover - compiled
    """Rule bits from who the two people are: same person, reporting line,
    excluded, not listed."""
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
def pair_score(
    head, i, j, e, m, rest_rules, background, e_bgp, e_bgt, m_bgp, m_bgt
):  # pragma: no cover - compiled
    """The pair's score from its teaching part ``head``, and ``bg`` (see
    ``tags_disjoint``) for the rule checks."""
    bg = tags_disjoint(e_bgp, e_bgt, i, m_bgp, m_bgt, j) if background else -1
    return head + rest_parts(rest_rules, e, m, bg), bg


@helper
def breaks_rules(
    i, j, e, m, bg, mask_rules, depth, explicit, e_ids, m_ids, e_mgr, m_mgr, ex_ptr, ex_mentor,
    sc_ptr, sc_mentor,
):  # pragma: no cover - compiled  # fmt: skip
    """Whether (mentee i, mentor j) breaks a hard rule, shared topics aside
    (``e``, ``m``: their attribute rows; ``bg``: as in ``tags_disjoint``)."""
    if attr_mask(mask_rules, e, m, bg) != 0:
        return True
    return (
        link_mask(
            i, j, e_ids, m_ids, e_mgr, m_mgr, depth, ex_ptr, ex_mentor, explicit, sc_ptr, sc_mentor
        )
        != 0
    )


@helper
def rest_parts(rules, e, m, bg):  # pragma: no cover - compiled
    """The weighted crossing, level gap, availability and time-zone parts
    (see ``attr_mask``); ``bg`` matters when ``valued & 16``."""
    valued, n_valued, senior, w_cross, w_gap, w_avail, w_tz = rules
    le, de, lo_e, ge, xe, ue, ae, fe = e
    lm, dm, lo_m, gm, xm, um, am, fm = m
    crossing = 0.0
    if n_valued > 0:
        count = 0
        if valued & 1 and de != dm and de != UNKNOWN and dm != UNKNOWN:
            count += 1
        if valued & 2 and lo_e != lo_m and lo_e != UNKNOWN and lo_m != UNKNOWN:
            count += 1
        if valued & 4 and ge != gm and ge != UNKNOWN and gm != UNKNOWN:
            count += 1
        if valued & 8 and xe != xm and xe != UNKNOWN and xm != UNKNOWN:
            count += 1
        if valued & 16 and bg == 1:
            count += 1
        crossing = count / n_valued
    level_gap = 0.0
    if senior != 0 and lm != UNKNOWN and le != UNKNOWN:
        gap = lm - le if senior == 1 else le - lm
        level_gap = min(max(gap, 0), 4) / 4.0
    availability = (overlap(am, ae) + overlap(fm, fe)) / 2.0
    if ue == UNKNOWN or um == UNKNOWN:
        time_zone = 0.5
    else:
        time_zone = max(0.0, 1.0 - abs(um - ue) / 720.0)
    return ((w_cross * crossing + w_gap * level_gap) + w_avail * availability) + w_tz * time_zone


@helper
def pair_mask(
    i,
    j,
    e_ids,
    e_attr,
    e_mgr,
    e_bgp,
    e_bgt,
    m_ids,
    m_attr,
    m_mgr,
    m_bgp,
    m_bgt,
    ints,
    floats,
    ex_ptr,
    ex_mentor,
    sc_ptr,
    sc_mentor,
):  # pragma: no cover - compiled
    """Rule bits broken by (mentee i, mentor j), shared topics aside."""
    mask_rules, _, depth, explicit, _ = scalar_rules(ints, floats)
    bg = tags_disjoint(e_bgp, e_bgt, i, m_bgp, m_bgt, j) if ints[3] & 16 else -1
    mask = attr_mask(mask_rules, attrs(e_attr, i), attrs(m_attr, j), bg)
    return mask | link_mask(
        i, j, e_ids, m_ids, e_mgr, m_mgr, depth, ex_ptr, ex_mentor, explicit, sc_ptr, sc_mentor
    )


@helper
def pair_rest(i, j, e_attr, e_bgp, e_bgt, m_attr, m_bgp, m_bgt, ints, floats):  # pragma: no cover
    """The weighted non-teaching parts of (mentee i, mentor j)."""
    _, rest_rules, _, _, _ = scalar_rules(ints, floats)
    bg = tags_disjoint(e_bgp, e_bgt, i, m_bgp, m_bgt, j) if ints[4] & 16 else -1
    return rest_parts(rest_rules, attrs(e_attr, i), attrs(m_attr, j), bg)


@helper
def teach_sum(
    t_ptr, t_skill, t_level, t, l_ptr, l_skill, l_level, learner, values
):  # pragma: no cover
    """Uncapped topic values of teacher t for learner, in the learner's order."""
    total = 0.0
    for q in range(l_ptr[learner], l_ptr[learner + 1]):
        s = l_skill[q]
        for r in range(t_ptr[t], t_ptr[t + 1]):
            if t_skill[r] == s:
                total += values[t_level[r], l_level[q]]
                break
    return total


@helper
def better(w1, j1, w2, j2):  # pragma: no cover - compiled
    return w1 > w2 or (w1 == w2 and j1 < j2)


@helper
def top_insert(scores, who, n, k, w, j):  # pragma: no cover - compiled
    """Insert (w, j) into the sorted top-k row (scores, who) holding n; new n."""
    if n == k and not better(w, j, scores[k - 1], who[k - 1]):
        return n
    pos = n if n < k else k - 1
    while pos > 0 and better(w, j, scores[pos - 1], who[pos - 1]):
        scores[pos] = scores[pos - 1]
        who[pos] = who[pos - 1]
        pos -= 1
    scores[pos] = w
    who[pos] = j
    return n + 1 if n < k else n


@helper
def head_table(weight, cap):  # pragma: no cover - compiled
    """weight * min(a / 8, cap) for a = 0 .. 8 cap: a teaching part by eighths."""
    top = int(cap * 8)
    table = np.empty(top + 1)
    for a in range(top + 1):
        table[a] = weight * min(a / 8.0, cap)
    return table


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
    n_valued = ints[5]
    crossing = 0.0
    if n_valued > 0:
        count = 0
        for line in range(4):
            if ints[4] & (1 << line) and attr[x, line + 1] != UNKNOWN:
                count += 1
        if ints[4] & 16:
            count += 1
        crossing = count / n_valued
    level_gap = 0.0
    senior = ints[1]
    lv = attr[x, 0]
    if senior != 0 and lv != UNKNOWN and partner_low <= partner_high:
        own_is_senior = (senior == 1) == on_mentor_side
        gap = lv - partner_low if own_is_senior else partner_high - lv
        level_gap = min(max(gap, 0), 4) / 4.0
    a = 0.5 if attr[x, 6] == 0 else 1.0
    f = 0.5 if attr[x, 7] == 0 else 1.0
    availability = (a + f) / 2.0
    time_zone = 0.5 if attr[x, 5] == UNKNOWN else 1.0
    return ((floats[3] * crossing + floats[4] * level_gap) + floats[5] * availability) + floats[
        6
    ] * time_zone


@jit
def rest_bounds(attr, partner_attr, ints, floats, on_mentor_side):  # pragma: no cover - compiled
    low = 1 << 62
    high = -(1 << 62)
    for y in range(partner_attr.shape[0]):
        lv = partner_attr[y, 0]
        if lv != UNKNOWN:
            low = min(low, lv)
            high = max(high, lv)
    out = np.empty(attr.shape[0])
    for x in range(attr.shape[0]):
        out[x] = rest_bound(attr, x, ints, floats, on_mentor_side, low, high)
    return out


@helper
def top_insert_carry(scores, who, carry, n, k, w, j, c):  # pragma: no cover - compiled
    """``top_insert`` that moves ``carry`` (a second value per entry) along."""
    if n == k and not better(w, j, scores[k - 1], who[k - 1]):
        return n
    pos = n if n < k else k - 1
    while pos > 0 and better(w, j, scores[pos - 1], who[pos - 1]):
        scores[pos] = scores[pos - 1]
        who[pos] = who[pos - 1]
        carry[pos] = carry[pos - 1]
        pos -= 1
    scores[pos] = w
    who[pos] = j
    carry[pos] = c
    return n + 1 if n < k else n


@jit
def fill_columns(
    a0, w, perm, c_ptr, c_tok, c_level, n_skills, values, units, SV, V8, on
):  # pragma: no cover - compiled
    """Write (``on``) or clear the columns a0..a0+w-1 of the range tables.

    Row ``token * 8 + l`` is a token of a row person at level l; column x
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
                    V8[t * 8 + rl, x] = v
                    SV[t * 8 + rl, x] = units[back, v]
                else:
                    V8[t * 8 + rl, x] = 0
                    SV[t * 8 + rl, x] = 0


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
            row = SV[r_tok[q] * 8 + r_level[q]]
            for x in range(w):
                s[x] += row[x]
    else:
        for q in range(lo_q, hi_q):
            row = SV[r_tok[q] * 8 + r_level[q]]
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
        v = np.int64(V8[r_tok[q] * 8 + r_level[q], x])
        if r_tok[q] < n_skills:
            t8 += v
        else:
            b8 += v
    return t8, b8


@jit_parallel
def top_k_range(
    a0,
    w,
    perm,
    n_chunks,
    rows_are_mentors,
    SV,
    V8,
    r_ptr,
    r_tok,
    r_level,
    r_ok,
    c_ok,
    off,
    row_rest,
    scale,
    wrap,
    E,
    M,
    R,
    rest_e,
    rest_m,
    price,
    top_s,
    top_j,
    top_w,
    top_n,
):  # pragma: no cover - compiled
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
    e_ids, e_attr, e_bgp, e_bgt, e_mgr = E[0], E[1], E[2], E[3], E[4]
    m_ids, m_attr, m_bgp, m_bgt, m_mgr = M[0], M[1], M[2], M[3], M[4]
    ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor = R[0], R[1], R[2], R[3], R[4], R[5]
    mask_rules, rest_rules, depth, explicit, background = scalar_rules(ints, floats)
    n_skills = SV.shape[0] // 16
    cap = floats[7]
    table_t = head_table(floats[1], cap)
    table_b = head_table(floats[2], cap)
    top = len(table_t) - 1
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
                    row = V8[r_tok[q] * 8 + r_level[q]]
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
                wv, bg = pair_score(
                    head, i, j, e, m, rest_rules, background, e_bgp, e_bgt, m_bgp, m_bgt
                )
                if n == k and not better(wv - p, col, top_s[r, k - 1], top_j[r, k - 1]):
                    continue
                if breaks_rules(
                    i, j, e, m, bg, mask_rules, depth, explicit, e_ids, m_ids, e_mgr, m_mgr,
                    ex_ptr, ex_mentor, sc_ptr, sc_mentor,
                ):  # fmt: skip
                    continue
                if rows_are_mentors and listed(top_j[r], n, col):
                    continue  # seeded from the mentee's own list
                top_n[r] = top_insert_carry(top_s[r], top_j[r], top_w[r], n, k, wv - p, col, wv)


@helper
def listed(who, n, x):  # pragma: no cover - compiled
    """Whether x is among the first n entries of ``who``."""
    found = False
    for t in range(n):
        found |= who[t] == x
    return found


@jit
def seed_lists(e_j, e_w, e_n, enters, price, top_s, top_j, top_w, top_n):  # pragma: no cover
    """Enter the mentees' own lists into the mentors' lists (by score minus
    price): a head start that raises the mentors' bars before their sweep."""
    k = top_s.shape[1]
    for i in range(len(e_n)):
        if not enters[i]:
            continue
        for t in range(e_n[i]):
            j = e_j[i, t]
            w = e_w[i, t]
            top_n[j] = top_insert_carry(
                top_s[j], top_j[j], top_w[j], top_n[j], k, w - price[i], i, w
            )


@jit
def listed_pairs(E, M, R, active_e, active_m):  # pragma: no cover - compiled
    """Explicit-score mode: every listed pair that breaks no rule."""
    e_ids, e_attr, e_bgp, e_bgt, e_mgr = E[0], E[1], E[2], E[3], E[4]
    m_ids, m_attr, m_bgp, m_bgt, m_mgr = M[0], M[1], M[2], M[3], M[4]
    ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor, sc_score = (
        R[0],
        R[1],
        R[2],
        R[3],
        R[4],
        R[5],
        R[6],
    )
    n = sc_ptr[len(sc_ptr) - 1]
    ei = np.empty(n, dtype=np.int64)
    ej = np.empty(n, dtype=np.int64)
    ew = np.empty(n)
    count = 0
    for i in range(len(sc_ptr) - 1):
        if not active_e[i]:
            continue
        for q in range(sc_ptr[i], sc_ptr[i + 1]):
            j = sc_mentor[q]
            if not active_m[j]:
                continue
            mask = pair_mask(
                i,
                j,
                e_ids,
                e_attr,
                e_mgr,
                e_bgp,
                e_bgt,
                m_ids,
                m_attr,
                m_mgr,
                m_bgp,
                m_bgt,
                ints,
                floats,
                ex_ptr,
                ex_mentor,
                sc_ptr,
                sc_mentor,
            )
            if mask == 0:
                ei[count] = i
                ej[count] = j
                ew[count] = sc_score[q]
                count += 1
    return ei[:count], ej[:count], ew[:count]


@jit_parallel
def uncovered_range(
    a0,
    w,
    perm,
    n_chunks,
    SV,
    V8,
    rows,
    r_ptr,
    r_tok,
    r_level,
    c_ok,
    off,
    row_rest,
    scale,
    wrap,
    E,
    M,
    R,
    rest_e,
    rest_m,
    u,
    v,
    kth_e,
    kth_m,
    price,
    bonus,
    margin,
    g_ptr,
    g_j,
    excess,
    out_gap,
    out_j,
    out_n,
):  # pragma: no cover - compiled
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
    e_ids, e_attr, e_bgp, e_bgt, e_mgr = E[0], E[1], E[2], E[3], E[4]
    m_ids, m_attr, m_bgp, m_bgt, m_mgr = M[0], M[1], M[2], M[3], M[4]
    ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor = R[0], R[1], R[2], R[3], R[4], R[5]
    mask_rules, rest_rules, depth, explicit, background = scalar_rules(ints, floats)
    n_skills = SV.shape[0] // 16
    cap = floats[7]
    table_t = head_table(floats[1], cap)
    table_b = head_table(floats[2], cap)
    top = len(table_t) - 1
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
                wv, bg = pair_score(
                    head, i, j, e, m, rest_rules, background, e_bgp, e_bgt, m_bgp, m_bgt
                )
                if wv + bonus <= cover:
                    continue
                if breaks_rules(
                    i, j, e, m, bg, mask_rules, depth, explicit, e_ids, m_ids, e_mgr, m_mgr,
                    ex_ptr, ex_mentor, sc_ptr, sc_mentor,
                ):  # fmt: skip
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


@helper
def mark_sharing(
    x,
    t_ptr,
    t_skill,
    t_level,
    l_ptr,
    l_skill,
    l_level,
    inv_t_ptr,
    inv_t_who,
    inv_t_level,
    inv_l_ptr,
    inv_l_who,
    inv_l_level,
    values,
    shares,
):  # pragma: no cover
    """Mark, in ``shares``, everyone on the other side sharing a topic with x.

    ``t_*``/``l_*`` are x's own offers and wants; ``inv_t_*`` the other
    side's wants by skill (what x can teach), ``inv_l_*`` its offers by skill.
    """
    for q in range(t_ptr[x], t_ptr[x + 1]):
        s = t_skill[q]
        for t in range(inv_t_ptr[s], inv_t_ptr[s + 1]):
            if values[t_level[q], inv_t_level[t]] > 0.0:
                shares[inv_t_who[t]] = True
    for q in range(l_ptr[x], l_ptr[x + 1]):
        s = l_skill[q]
        for t in range(inv_l_ptr[s], inv_l_ptr[s + 1]):
            if values[inv_l_level[t], l_level[q]] > 0.0:
                shares[inv_l_who[t]] = True


@jit_parallel
def person_scan(people, on_mentor_side, E, M, IE, IM, R, budget_each):  # pragma: no cover
    """Why each of ``people`` has no partner: counts over the whole other side.

    Returns ``counts[r, b]`` (partners that rule bit b rules out, a partner
    counting under each rule it breaks), ``allowed[r]`` (partners breaking
    nothing), ``passing[r]`` (partners breaking no rule but topics) and
    ``sharing[r]`` (partners sharing a topic, rules aside). People whose
    other side is larger than ``budget_each`` get ``sharing`` only.
    """
    e_ids, e_attr, e_bgp, e_bgt, e_mgr = E[0], E[1], E[2], E[3], E[4]
    m_ids, m_attr, m_bgp, m_bgt, m_mgr = M[0], M[1], M[2], M[3], M[4]
    ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor = R[0], R[1], R[2], R[3], R[4], R[5]
    values = R[7]
    n = len(people)
    counts = np.zeros((n, N_BITS), dtype=np.int64)
    allowed = np.zeros(n, dtype=np.int64)
    passing = np.zeros(n, dtype=np.int64)
    sharing = np.zeros(n, dtype=np.int64)
    explicit = ints[6] == 1
    other = len(e_ids) if on_mentor_side else len(m_ids)
    for r in prange(n):
        x = people[r]
        shares = np.zeros(other, dtype=np.bool_)
        if not explicit:
            if on_mentor_side:
                mark_sharing(
                    x,
                    M[5],
                    M[6],
                    M[7],
                    M[8],
                    M[9],
                    M[10],
                    IE[3],
                    IE[4],
                    IE[5],
                    IE[0],
                    IE[1],
                    IE[2],
                    values,
                    shares,
                )
            else:
                mark_sharing(
                    x,
                    E[5],
                    E[6],
                    E[7],
                    E[8],
                    E[9],
                    E[10],
                    IM[3],
                    IM[4],
                    IM[5],
                    IM[0],
                    IM[1],
                    IM[2],
                    values,
                    shares,
                )
        for y in range(other):
            if shares[y]:
                sharing[r] += 1
        if other > budget_each:
            continue
        for y in range(other):
            i, j = (y, x) if on_mentor_side else (x, y)
            mask = pair_mask(
                i,
                j,
                e_ids,
                e_attr,
                e_mgr,
                e_bgp,
                e_bgt,
                m_ids,
                m_attr,
                m_mgr,
                m_bgp,
                m_bgt,
                ints,
                floats,
                ex_ptr,
                ex_mentor,
                sc_ptr,
                sc_mentor,
            )
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
    e_ids, e_attr, e_bgp, e_bgt, e_mgr = E[0], E[1], E[2], E[3], E[4]
    m_ids, m_attr, m_bgp, m_bgt, m_mgr = M[0], M[1], M[2], M[3], M[4]
    ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor, sc_score = (
        R[0],
        R[1],
        R[2],
        R[3],
        R[4],
        R[5],
        R[6],
    )
    values = R[7]
    other = len(e_ids) if on_mentor_side else len(m_ids)
    masks = np.zeros(other, dtype=np.int64)
    scores = np.zeros(other)
    explicit = ints[6] == 1
    for y in range(other):
        i, j = (y, x) if on_mentor_side else (x, y)
        mask = pair_mask(
            i,
            j,
            e_ids,
            e_attr,
            e_mgr,
            e_bgp,
            e_bgt,
            m_ids,
            m_attr,
            m_mgr,
            m_bgp,
            m_bgt,
            ints,
            floats,
            ex_ptr,
            ex_mentor,
            sc_ptr,
            sc_mentor,
        )
        if explicit:
            pos = find_sorted(sc_mentor, sc_ptr[i], sc_ptr[i + 1], j)
            w = sc_score[pos] if pos >= 0 else 0.0
        else:
            teach = teach_sum(M[5], M[6], M[7], j, E[8], E[9], E[10], i, values)
            back = teach_sum(E[5], E[6], E[7], i, M[8], M[9], M[10], j, values)
            if teach == 0.0 and back == 0.0:
                mask |= B_NO_TOPIC
            head = floats[1] * min(teach, floats[7]) + floats[2] * min(back, floats[7])
            w = head + pair_rest(i, j, e_attr, e_bgp, e_bgt, m_attr, m_bgp, m_bgt, ints, floats)
        masks[y] = mask
        scores[y] = w
    return masks, scores

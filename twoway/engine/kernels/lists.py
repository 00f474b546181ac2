# mypy: allow-untyped-defs, allow-untyped-calls
"""Top-k lists: rows of (ranking value, partner) kept sorted, best first.

One total order ranks entries: a higher value, then a lower partner index.
"""

from __future__ import annotations

from twoway.engine.jit import helper, jit


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

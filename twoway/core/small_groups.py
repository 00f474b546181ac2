"""Never show a group small enough to point at a person.

Every report that breaks people down (by department, level, generation,
gender, background...) passes its rows through ``suppress_small_groups``: a row
counting fewer than ``settings.REPORT_MIN_GROUP_SIZE`` people keeps its label
but loses every figure. When exactly one row of a breakdown is hidden, the next
smallest is hidden too, so that the hidden one cannot be worked out by
subtracting the others from a total shown elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings


def min_group_size() -> int:
    return int(settings.REPORT_MIN_GROUP_SIZE)


def is_small(people: int, min_size: int | None = None) -> bool:
    """True for a group that must not be shown (an empty group is not shown either)."""
    return people < (min_size if min_size is not None else min_group_size())


def suppress_small_groups(
    rows: Iterable[Mapping[str, Any]],
    *,
    size_key: str = "people",
    keep: tuple[str, ...] = ("label",),
    min_size: int | None = None,
    complementary: bool = True,
) -> list[dict[str, Any]]:
    """Rows with ``suppressed`` set, and their figures removed where it is True.

    ``rows`` are one breakdown (the groups of one characteristic). Each row keeps
    the keys in ``keep``; every other value of a suppressed row becomes None,
    ``size_key`` included. ``suppressed_because`` says why, so that a page can say
    it truthfully: ``"small"`` (under the minimum) or ``"complement"`` (a group
    large enough, hidden so that a smaller one cannot be worked out).

    >>> rows = [{"label": "A", "people": 12}, {"label": "B", "people": 2},
    ...         {"label": "C", "people": 30}]
    >>> shown = suppress_small_groups(rows, min_size=5)
    >>> [(r["suppressed"], r["suppressed_because"]) for r in shown]
    [(True, 'complement'), (True, 'small'), (False, '')]
    """
    limit = min_size if min_size is not None else min_group_size()
    result = [dict(row) for row in rows]
    hidden = [is_small(int(row.get(size_key) or 0), limit) for row in result]
    because = ["small" if hide else "" for hide in hidden]
    if complementary and sum(hidden) == 1:
        shown = [i for i, h in enumerate(hidden) if not h]
        if shown:
            # The smallest shown group goes too: one hidden cell alone could be
            # derived from the total; two hidden cells only as their sum.
            smallest = min(shown, key=lambda i: int(result[i].get(size_key) or 0))
            hidden[smallest] = True
            because[smallest] = "complement"
    for row, hide, reason in zip(result, hidden, because, strict=True):
        row["suppressed"] = hide
        row["suppressed_because"] = reason
        if hide:
            for key in row:
                if key not in keep and key not in ("suppressed", "suppressed_because"):
                    row[key] = None
    return result

"""The people with a place at a seated event, as the group former's members.

Built like a circle's, by ``matching.adapters.group_members``: level, the
top-level department, a generation only for people who chose to share it, and
the line manager (``MANAGER_DEPTH`` deep): nobody sits with their own manager.
"""

from __future__ import annotations

from collections.abc import Iterable

from twoway.engine.grouping import Member
from twoway.matching.adapters import group_members

# "Never with their line manager": one level up is the rule.
MANAGER_DEPTH = 1


def members_build(person_ids: Iterable[int]) -> list[Member]:
    """One ``Member`` per person, in id order (a handful of queries in all)."""
    return group_members(person_ids, depth=MANAGER_DEPTH)

"""Mixed groups: circles that meet, tables at a social.

The pair matcher puts one mentee with one mentor; a group is several people
who should be as unlike one another as the room allows (generations,
departments, levels), never with their own line manager. Mixing is a
property of the whole group, so there is no single score per pair to give
the assignment. The groups are instead filled round by round, and each round
is an optimal assignment (``assignment.solve_assignment``, the same min-cost
flow the matcher uses):

1. Everyone is sorted by side (seniors first, when sides are balanced), then
   level, highest first. A round takes as many people as there are groups,
   so the people of one round are alike, and the round gives each group at
   most one of them: alike people are spread across the groups.
2. A person's weight for a group is what they add to it: a department, a
   generation, a level not yet in it, less a little for each member already
   sharing one. A group that holds the person's manager, or a person they
   manage, gets no arc at all: the rule is never traded for mixing.
3. Someone no group of their round could take (each held a manager, or the
   side's places were full) waits for a last round over the places left;
   if their manager is in every group with room, one swap with a member of
   another group makes room. Whoever is left is returned as ``unplaced``.
4. The last groups of the rounds hold whoever was left, who may be alike: a
   final step swaps members (same side, the rule kept) between the least mixed
   group and the others while a swap adds to the two groups together.

    >>> from twoway.engine.grouping import GroupOptions, Member, groups_form
    >>> people = [Member(id=i, level=i % 4, department=i % 3) for i in range(12)]
    >>> grouping = groups_form(people, GroupOptions(min_size=6, max_size=8))
    >>> [len(group.members) for group in grouping.groups]
    [6, 6]
    >>> [group.departments for group in grouping.groups]
    [3, 3]
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from twoway.engine.assignment import solve_assignment
from twoway.engine.types import EngineInputError

# What a person adds to a group, and what sharing with a member costs.
NEW_DEPARTMENT = 1.0
NEW_GENERATION = 1.0
NEW_LEVEL = 0.5
SHARED_DEPARTMENT = 0.25
SHARED_GENERATION = 0.25
SHARED_LEVEL = 0.1
# How many possible swaps the last step weighs, at most (it runs in plain Python).
IMPROVE_WEIGHINGS = 100_000
# Every allowed place is worth something, so nobody is left out for mixing.
PLACED = 1.0


@dataclass(frozen=True, slots=True)
class Member:
    """One person to place. ``managers`` are their managers upwards, as far as
    the caller's rule reaches (at least the line manager)."""

    id: int
    side: int = 0
    level: int | None = None
    department: int | None = None
    generation: int | None = None
    managers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupOptions:
    min_size: int = 6
    max_size: int = 8
    # Circles: each group as even as possible between side 0 and side 1.
    balance_sides: bool = False
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Group:
    members: tuple[int, ...]
    departments: int
    generations: int
    levels: int


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: tuple[Group, ...]
    # People whose manager (or report) sat in every group that had room.
    unplaced: tuple[int, ...]
    # 0..1: the share of the departments, generations and levels a group could
    # hold that it does hold, averaged over the groups.
    mixing: float


def _validate(members: Sequence[Member], options: GroupOptions) -> None:
    if options.min_size < 2:
        raise EngineInputError(f"min_size: a group needs at least 2 people, not {options.min_size}")
    if options.max_size < options.min_size:
        raise EngineInputError(
            f"max_size: {options.max_size} is smaller than min_size {options.min_size}"
        )
    seen: set[int] = set()
    for index, member in enumerate(members):
        if member.id in seen:
            raise EngineInputError(f"members[{index}].id: {member.id} appears twice")
        seen.add(member.id)
        if member.side not in (0, 1):
            raise EngineInputError(f"members[{index}].side: must be 0 or 1, not {member.side}")


def group_sizes(count: int, options: GroupOptions) -> list[int]:
    """How many people each group holds: as few groups as ``max_size`` allows,
    sizes differing by one at most (fewer than ``min_size`` people: one group).

    >>> group_sizes(20, GroupOptions(min_size=6, max_size=8))
    [7, 7, 6]
    """
    if count == 0:
        return []
    groups = max(1, math.ceil(count / options.max_size))
    base, extra = divmod(count, groups)
    return [base + (1 if g < extra else 0) for g in range(groups)]


class _Groups:
    """The groups being filled, and what each already holds."""

    def __init__(self, sizes: list[int], by_id: dict[int, Member]) -> None:
        self.room = list(sizes)
        self.members: list[list[int]] = [[] for _ in sizes]
        self.by_id = by_id
        self.departments: list[dict[int, int]] = [{} for _ in sizes]
        self.generations: list[dict[int, int]] = [{} for _ in sizes]
        self.levels: list[dict[int, int]] = [{} for _ in sizes]
        # Everyone a group's members report to, and the group's members.
        self.bosses: list[set[int]] = [set() for _ in sizes]
        self.ids: list[set[int]] = [set() for _ in sizes]

    def allowed(self, person: Member, g: int) -> bool:
        return person.id not in self.bosses[g] and not any(
            m in self.ids[g] for m in person.managers
        )

    def gain(self, person: Member, g: int) -> float:
        value = PLACED
        for attribute, counts, new, shared in (
            (person.department, self.departments[g], NEW_DEPARTMENT, SHARED_DEPARTMENT),
            (person.generation, self.generations[g], NEW_GENERATION, SHARED_GENERATION),
            (person.level, self.levels[g], NEW_LEVEL, SHARED_LEVEL),
        ):
            if attribute is None:
                continue
            already = counts.get(attribute, 0)
            value += new if already == 0 else -shared * already
        return max(value, 0.01)

    def score(self, g: int) -> float:
        """What group ``g`` holds: its departments, generations and levels, weighted."""
        return (
            NEW_DEPARTMENT * len(self.departments[g])
            + NEW_GENERATION * len(self.generations[g])
            + NEW_LEVEL * len(self.levels[g])
        )

    def change(self, g: int, out: Member, into: Member) -> float:
        """How ``score(g)`` changes when ``out`` leaves group ``g`` and ``into`` joins."""
        total = 0.0
        for leaving, joining, counts, weight in (
            (out.department, into.department, self.departments[g], NEW_DEPARTMENT),
            (out.generation, into.generation, self.generations[g], NEW_GENERATION),
            (out.level, into.level, self.levels[g], NEW_LEVEL),
        ):
            if leaving == joining:
                continue
            if leaving is not None and counts.get(leaving, 0) == 1:
                total -= weight
            if joining is not None and counts.get(joining, 0) == 0:
                total += weight
        return total

    def _tally(self, person: Member, g: int, step: int) -> None:
        for attribute, counts in (
            (person.department, self.departments[g]),
            (person.generation, self.generations[g]),
            (person.level, self.levels[g]),
        ):
            if attribute is not None:
                counts[attribute] = counts.get(attribute, 0) + step
                if counts[attribute] == 0:
                    del counts[attribute]

    def add(self, person: Member, g: int) -> None:
        self.members[g].append(person.id)
        self.ids[g].add(person.id)
        self.bosses[g].update(person.managers)
        self.room[g] -= 1
        self._tally(person, g, 1)

    def remove(self, person: Member, g: int) -> None:
        self.members[g].remove(person.id)
        self.ids[g].discard(person.id)
        self.bosses[g] = {m for pid in self.members[g] for m in self.by_id[pid].managers}
        self.room[g] += 1
        self._tally(person, g, -1)


def _assign(people: list[Member], groups: _Groups, places: list[int], seed: int) -> list[Member]:
    """Give each of ``people`` one group with a place (``places[g]`` at most per
    group this round), maximising the mixing gained; returns who was not placed."""
    ei, ej, weight = [], [], []
    for i, person in enumerate(people):
        for g, room in enumerate(places):
            if room > 0 and groups.allowed(person, g):
                ei.append(i)
                ej.append(g)
                weight.append(groups.gain(person, g))
    match = solve_assignment(
        len(people),
        len(places),
        np.asarray(ei, dtype=np.int64),
        np.asarray(ej, dtype=np.int64),
        np.asarray(weight, dtype=np.float64),
        np.asarray(places, dtype=np.int64),
        objective="most_matched",
        seed=seed,
    )
    left = []
    for i, person in enumerate(people):
        if match[i] < 0:
            left.append(person)
        else:
            groups.add(person, int(match[i]))
    return left


def _conflicts(person: Member, groups: _Groups, g: int) -> list[int]:
    by_id = groups.by_id
    return [
        pid
        for pid in groups.members[g]
        if pid in person.managers or person.id in by_id[pid].managers
    ]


def _swap_in(person: Member, groups: _Groups) -> bool:
    """Place ``person`` with one swap. Either someone moves out of a full group
    the person may join, into a group with room; or the one member of a group
    with room who is the person's manager (or report) trades places with
    someone of another group. True when it worked."""
    count = len(groups.room)
    for g in range(count):
        if groups.room[g] <= 0:
            continue
        in_the_way = _conflicts(person, groups, g)
        for h in range(count):
            if h == g:
                continue
            if groups.allowed(person, h):
                # Make room in h: one of its members moves to g.
                for other_id in list(groups.members[h]):
                    other = groups.by_id[other_id]
                    groups.remove(other, h)
                    if other.side == person.side and groups.allowed(other, g):
                        groups.add(other, g)
                        groups.add(person, h)
                        return True
                    groups.add(other, h)
            elif len(in_the_way) == 1:
                # Move the one in the way to h, in exchange for one of h's members.
                blocker = groups.by_id[in_the_way[0]]
                for other_id in list(groups.members[h]):
                    other = groups.by_id[other_id]
                    if other.side != blocker.side:
                        continue
                    groups.remove(blocker, g)
                    groups.remove(other, h)
                    if groups.allowed(blocker, h) and groups.allowed(other, g):
                        groups.add(blocker, h)
                        groups.add(other, g)
                        if groups.allowed(person, g):
                            groups.add(person, g)
                            return True
                        groups.remove(blocker, h)
                        groups.remove(other, g)
                    groups.add(blocker, g)
                    groups.add(other, h)
    return False


def _improve(groups: _Groups, budget: int) -> None:
    """Swap members between groups while it mixes the least mixed group more.

    The rounds fill the last groups with whoever is left, who may be alike; each
    step takes the least mixed group not yet settled and makes the one swap (same
    side, the manager rule kept) that adds most to the two groups together.
    """
    count = len(groups.members)
    settled: set[int] = set()
    for _ in range(budget):
        open_groups = [g for g in range(count) if g not in settled and groups.members[g]]
        if not open_groups:
            return
        g = min(open_groups, key=lambda k: (groups.score(k) / len(groups.members[k]), k))
        best, swap = 1e-9, None
        for a_id in groups.members[g]:
            a = groups.by_id[a_id]
            for h in range(count):
                if h == g:
                    continue
                for b_id in groups.members[h]:
                    b = groups.by_id[b_id]
                    if b.side != a.side:
                        continue
                    gain = groups.change(g, a, b) + groups.change(h, b, a)
                    if gain > best and groups.allowed(b, g) and groups.allowed(a, h):
                        best, swap = gain, (a, b, h)
        if swap is None:
            settled.add(g)
            continue
        a, b, h = swap
        groups.remove(a, g)
        groups.remove(b, h)
        groups.add(b, g)
        groups.add(a, h)


def _side_places(sizes: list[int], count: int) -> list[int]:
    """Seats for one side, spread evenly, never more than a group holds."""
    total = sum(sizes)
    places = [math.floor(count * size / total) if total else 0 for size in sizes]
    order = sorted(range(len(sizes)), key=lambda g: (places[g] - count * sizes[g] / total, g))
    for g in order[: count - sum(places)]:
        places[g] += 1
    return places


def groups_form(members: Sequence[Member], options: GroupOptions | None = None) -> Grouping:
    """Mixed groups of ``members`` that never hold a person and their manager."""
    options = options or GroupOptions()
    _validate(members, options)
    by_id = {member.id: member for member in members}
    sizes = group_sizes(len(members), options)
    groups = _Groups(sizes, by_id)
    rng = random.Random(options.seed)
    shuffled = list(members)
    rng.shuffle(shuffled)
    sides: list[int | None] = [0, 1] if options.balance_sides else [None]
    seniors = _side_places(sizes, sum(1 for m in members if m.side == 0))
    side_places: dict[int | None, list[int]] = (
        {0: seniors, 1: [size - taken for size, taken in zip(sizes, seniors, strict=True)]}
        if options.balance_sides
        else {None: list(sizes)}
    )
    waiting: list[Member] = []
    for side in sides:
        people = [m for m in shuffled if side is None or m.side == side]
        people.sort(key=lambda m: -(m.level if m.level is not None else -1))
        places = side_places[side]
        left: list[Member] = []
        for start in range(0, len(people), max(1, len(sizes))):
            chunk = people[start : start + len(sizes)]
            round_places = [min(1, room) for room in places]
            before = [len(ids) for ids in groups.ids]
            left += _assign(chunk, groups, round_places, options.seed + start)
            for g, count in enumerate(before):
                places[g] -= len(groups.ids[g]) - count
        if left:
            # A last round for this side over every place it has left.
            left = _assign(left, groups, places, options.seed + len(people))
        waiting += left
    if waiting:
        # Any room at all, then one swap where a manager sits in every group with room.
        waiting = _assign(waiting, groups, list(groups.room), options.seed + 1)
        waiting = [person for person in waiting if not _swap_in(person, groups)]
    # About 100,000 swaps weighed at most, whatever the headcount.
    _improve(groups, min(3 * len(sizes), max(5, IMPROVE_WEIGHINGS // max(1, 8 * len(members)))))
    return _grouping(groups, [person.id for person in waiting], by_id)


def _grouping(groups: _Groups, unplaced: list[int], by_id: dict[int, Member]) -> Grouping:
    everyone = list(by_id.values())
    kinds = {
        "departments": len({m.department for m in everyone if m.department is not None}),
        "generations": len({m.generation for m in everyone if m.generation is not None}),
        "levels": len({m.level for m in everyone if m.level is not None}),
    }
    result, shares = [], []
    for g, ids in enumerate(groups.members):
        if not ids:
            continue
        counts = {
            "departments": len(groups.departments[g]),
            "generations": len(groups.generations[g]),
            "levels": len(groups.levels[g]),
        }
        result.append(Group(members=tuple(sorted(ids)), **counts))
        for kind, available in kinds.items():
            if available:
                shares.append(counts[kind] / min(available, len(ids)))
    mixing = sum(shares) / len(shares) if shares else 0.0
    return Grouping(groups=tuple(result), unplaced=tuple(sorted(unplaced)), mixing=round(mixing, 4))

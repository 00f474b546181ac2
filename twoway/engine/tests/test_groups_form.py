"""Mixed groups: never a person with their manager, sizes as asked, sides balanced."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.engine import grouping
from twoway.engine.grouping import Group, GroupOptions, Member, group_sizes, groups_form
from twoway.engine.types import EngineInputError


def _org(rng: random.Random, count: int, *, depth: int = 2) -> list[Member]:
    """A small organisation: each person reports to someone earlier in the list."""
    manager_of: dict[int, int | None] = {}
    people = []
    for pid in range(count):
        boss = rng.randrange(pid) if pid and rng.random() < 0.85 else None
        manager_of[pid] = boss
        chain: list[int] = []
        current = boss
        while current is not None and len(chain) < depth:
            chain.append(current)
            current = manager_of[current]
        people.append(
            Member(
                id=pid,
                side=rng.randrange(2),
                level=rng.randrange(1, 9),
                department=rng.randrange(5),
                generation=rng.choice([None, 1, 2, 3, 4]),
                managers=tuple(chain),
            )
        )
    return people


def _manager_pairs_together(
    people: list[Member], groups: tuple[Group, ...]
) -> list[tuple[int, int]]:
    by_id = {p.id: p for p in people}
    found = []
    for group in groups:
        ids = set(group.members)
        for pid in group.members:
            found += [(pid, m) for m in by_id[pid].managers if m in ids]
    return found


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=70),
    seed=st.integers(min_value=0, max_value=10_000),
    balance=st.booleans(),
)
def test_no_group_holds_a_person_and_their_manager(count: int, seed: int, balance: bool) -> None:
    people = _org(random.Random(seed), count)
    grouping = groups_form(people, GroupOptions(min_size=6, max_size=8, balance_sides=balance))

    assert _manager_pairs_together(people, grouping.groups) == []
    placed = [pid for group in grouping.groups for pid in group.members]
    assert sorted(placed + list(grouping.unplaced)) == [p.id for p in people]
    assert len(set(placed)) == len(placed)
    assert all(len(group.members) <= 8 for group in grouping.groups)


def test_a_team_and_its_manager_are_spread_over_the_groups() -> None:
    # One manager and seven reports, and eight people from elsewhere: two groups.
    people = [Member(id=0, level=6, department=1)]
    people += [Member(id=i, level=2, department=1, managers=(0,)) for i in range(1, 8)]
    people += [Member(id=i, level=3, department=2) for i in range(8, 16)]

    grouping = groups_form(people, GroupOptions(min_size=6, max_size=8))

    assert grouping.unplaced == ()
    boss_group = next(g for g in grouping.groups if 0 in g.members)
    assert not set(boss_group.members) & set(range(1, 8))
    assert sorted(len(g.members) for g in grouping.groups) == [8, 8]


def test_a_manager_in_every_group_with_room_is_fixed_by_one_swap() -> None:
    # Two groups of three; the last person's manager is wherever room is left,
    # unless the former swaps someone out.
    people = [
        Member(id=1, level=5),
        Member(id=2, level=5),
        Member(id=3, level=4),
        Member(id=4, level=4),
        Member(id=5, level=3),
        Member(id=6, level=1, managers=(1, 2)),
    ]
    grouping = groups_form(people, GroupOptions(min_size=2, max_size=3))

    assert grouping.unplaced == ()
    assert _manager_pairs_together(people, grouping.groups) == []


def test_someone_whose_managers_fill_every_group_is_left_unplaced() -> None:
    people = [Member(id=1), Member(id=2), Member(id=3), Member(id=4, managers=(1, 2, 3))]
    grouping = groups_form(people, GroupOptions(min_size=2, max_size=2))

    assert grouping.unplaced == (4,)
    assert _manager_pairs_together(people, grouping.groups) == []


def test_sides_are_balanced_in_every_circle() -> None:
    people = [Member(id=i, side=0, level=7, department=i % 4) for i in range(9)]
    people += [Member(id=100 + i, side=1, level=2, department=i % 4) for i in range(15)]

    grouping = groups_form(people, GroupOptions(min_size=6, max_size=8, balance_sides=True))

    seniors = [sum(1 for pid in g.members if pid < 100) for g in grouping.groups]
    assert sorted(len(g.members) for g in grouping.groups) == [8, 8, 8]
    assert sorted(seniors) == [3, 3, 3]


def test_groups_mix_departments_more_than_chance() -> None:
    rng = random.Random(7)
    people = [Member(id=i, level=rng.randrange(1, 6), department=i // 8) for i in range(48)]

    grouping = groups_form(people, GroupOptions(min_size=6, max_size=8))

    # Six departments of eight: cut by department, each table would hold one.
    assert min(g.departments for g in grouping.groups) >= 5
    assert grouping.mixing > 0.8


def test_sizes_differ_by_one_at_most() -> None:
    assert group_sizes(0, GroupOptions()) == []
    assert group_sizes(5, GroupOptions()) == [5]
    assert group_sizes(17, GroupOptions(min_size=6, max_size=8)) == [6, 6, 5]
    assert group_sizes(48, GroupOptions(min_size=6, max_size=8)) == [8] * 6


def test_the_same_seed_gives_the_same_groups() -> None:
    people = _org(random.Random(3), 40)
    first = groups_form(people, GroupOptions(seed=5))
    again = groups_form(people, GroupOptions(seed=5))
    assert first == again


@pytest.mark.parametrize(
    ("people", "options", "message"),
    [
        ([Member(id=1), Member(id=1)], GroupOptions(), "members[1].id: 1 appears twice"),
        ([Member(id=1, side=2)], GroupOptions(), "members[0].side: must be 0 or 1"),
        ([], GroupOptions(min_size=8, max_size=6), "max_size: 6 is smaller than min_size 8"),
        ([], GroupOptions(min_size=1, max_size=6), "min_size: a group needs at least 2"),
    ],
)
def test_bad_input_is_refused_with_the_place_named(
    people: list[Member], options: GroupOptions, message: str
) -> None:
    with pytest.raises(EngineInputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        groups_form(people, options)


def test_the_last_swaps_mix_the_least_mixed_groups_more(monkeypatch: pytest.MonkeyPatch) -> None:
    organisations = [_org(random.Random(seed), 40) for seed in range(8)]
    options = GroupOptions(min_size=6, max_size=8)
    with_swaps = [groups_form(people, options) for people in organisations]
    monkeypatch.setattr(grouping, "_improve", lambda groups, budget: None)
    without = [groups_form(people, options) for people in organisations]

    gains = [a.mixing - b.mixing for a, b in zip(with_swaps, without, strict=True)]
    assert min(gains) >= 0
    assert max(gains) > 0.02
    for result, people in zip(with_swaps, organisations, strict=True):
        assert _manager_pairs_together(people, result.groups) == []

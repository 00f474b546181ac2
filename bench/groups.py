"""Time the group former (circles, the tables of a social) and measure its mixing.

    .venv/bin/python bench/groups.py [--sizes 60 300 1000 3000] [--repeat 3]

For each size, builds an organisation (12 departments, 8 levels, four
generations of which a quarter undeclared, everyone reporting to someone
earlier) and forms groups of 6 to 8 with the sides balanced, as circles are.
The baseline in the same run is the least a group former must do: shuffle
everyone into groups of the same sizes, then check every group for a person
and their manager. Printed per size: the former's time (median of
``--repeat``), the baseline's, their ratio, how mixed the groups are (0..1)
against the shuffle's, and how many manager pairs the shuffle seated
together, which the former never does. Target: 1,000 people under 1 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twoway.engine.grouping import (  # noqa: E402
    GroupOptions,
    Member,
    group_sizes,
    groups_form,
)

TARGET_SECONDS = 1.0
TARGET_SIZE = 1000


def organisation(count: int, seed: int) -> list[Member]:
    rng = random.Random(seed)
    manager_of: dict[int, int | None] = {}
    people = []
    for pid in range(count):
        boss = rng.randrange(max(1, pid // 2)) if pid else None
        manager_of[pid] = boss
        chain = []
        current = boss
        while current is not None and len(chain) < 2:
            chain.append(current)
            current = manager_of[current]
        level = max(1, 8 - len(chain) * 2 - rng.randrange(3))
        people.append(
            Member(
                id=pid,
                side=0 if level >= 5 else 1,
                level=level,
                department=rng.randrange(12),
                generation=rng.choice([None, 1, 2, 3, 4]),
                managers=tuple(chain),
            )
        )
    return people


def shuffled(people: list[Member], options: GroupOptions, seed: int) -> tuple[float, int]:
    """The baseline: random groups of the same sizes; their mixing and clashes."""
    order = list(people)
    random.Random(seed).shuffle(order)
    shares, clashes, start = [], 0, 0
    kinds = [
        len({p.department for p in people}),
        len({p.generation for p in people if p.generation is not None}),
        len({p.level for p in people}),
    ]
    for size in group_sizes(len(people), options):
        group = order[start : start + size]
        start += size
        ids = {p.id for p in group}
        clashes += sum(1 for p in group for m in p.managers if m in ids)
        values = [
            len({p.department for p in group}),
            len({p.generation for p in group if p.generation is not None}),
            len({p.level for p in group}),
        ]
        shares += [v / min(k, size) for v, k in zip(values, kinds, strict=True) if k]
    return sum(shares) / len(shares), clashes


def timed(func: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 300, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    options = GroupOptions(min_size=6, max_size=8, balance_sides=True)
    print(
        f"{'people':>7} {'former s':>9} {'baseline s':>11} {'ratio':>6} "
        f"{'mixing':>7} {'shuffled':>9} {'clashes':>8} {'unplaced':>9}"
    )
    verdict = 0
    for size in args.sizes:
        people = organisation(size, seed=size)
        former_s, grouping = timed(partial(groups_form, people, options), args.repeat)
        base_s, (base_mixing, clashes) = timed(
            partial(shuffled, people, options, seed=size), args.repeat
        )
        print(
            f"{size:>7} {former_s:>9.3f} {base_s:>11.4f} {former_s / base_s:>6.0f} "
            f"{grouping.mixing:>7.3f} {base_mixing:>9.3f} {clashes:>8} "
            f"{len(grouping.unplaced):>9}"
        )
        if size == TARGET_SIZE:
            ok = former_s < TARGET_SECONDS
            verdict |= 0 if ok else 1
            print(
                f"target: {TARGET_SIZE} people under {TARGET_SECONDS} s: {'PASS' if ok else 'FAIL'}"
            )
    return verdict


if __name__ == "__main__":
    sys.exit(main())

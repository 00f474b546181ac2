"""The organisation as arrays, for matching the comparison group (``outcomes.comparison``).

Three queries whatever the size of the organisation: people, and their recorded
changes of level and of department. Not scoped to a user: the report that calls
it decides who may see what, and shows no person.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from twoway.outcomes.comparison import NEVER, UNKNOWN, Changes, Population
from twoway.people.models import PATH_SEPARATOR, Person, PersonChange
from twoway.programs.models import Enrollment


def _top(path: str) -> str:
    return path.split(PATH_SEPARATOR, 1)[0]


def _day(value: dt.date | None, default: int) -> int:
    return value.toordinal() if value is not None else default


class _Codes(dict[str, int]):
    """Top-level department names to small integers, given out as met."""

    def code(self, path: str | None) -> int:
        if not path:
            return UNKNOWN
        return self.setdefault(_top(path), len(self))


def population_load() -> tuple[Population, dict[int, int]]:
    """Everyone, and each person's index in the arrays by their id."""
    rows = list(
        Person.objects.order_by("id").values_list(
            "id", "hire_date", "leave_date", "level", "department__path"
        )
    )
    codes = _Codes()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    hire = np.fromiter((_day(r[1], UNKNOWN) for r in rows), dtype=np.int64, count=len(rows))
    leave = np.fromiter((_day(r[2], NEVER) for r in rows), dtype=np.int64, count=len(rows))
    level = np.fromiter(
        (r[3] if r[3] is not None else UNKNOWN for r in rows), dtype=np.int64, count=len(rows)
    )
    department = np.fromiter((codes.code(r[4]) for r in rows), dtype=np.int64, count=len(rows))
    index = {int(person_id): i for i, person_id in enumerate(ids)}

    took_part = np.zeros(len(rows), dtype=bool)
    joined = Enrollment.objects.filter(joined_on__isnull=False).values_list("person_id", flat=True)
    took_part[[index[p] for p in set(joined) if p in index]] = True

    level_rows = PersonChange.objects.filter(
        field=PersonChange.Field.LEVEL, old_level__isnull=False
    ).values_list("person_id", "effective_on", "old_level")
    # A person's first level or department (nothing before it) is not a change:
    # before the history starts, people are taken to have had their first ones.
    department_rows = (
        PersonChange.objects.filter(field=PersonChange.Field.DEPARTMENT)
        .exclude(old_value="")
        .values_list("person_id", "effective_on", "old_value")
    )
    level_changes = [
        (p, on.toordinal(), old) for p, on, old in level_rows if p in index and old is not None
    ]
    department_changes = [
        (p, on.toordinal(), codes.code(old)) for p, on, old in department_rows if p in index
    ]
    population = Population(
        ids=ids,
        hire=hire,
        leave=leave,
        level=level,
        department=department,
        took_part=took_part,
        level_changes=_indexed(level_changes, index),
        department_changes=_indexed(department_changes, index),
    )
    return population, index


def _indexed(rows: list[tuple[int, int, int]], index: dict[int, int]) -> Changes:
    if not rows:
        return Changes.empty()
    people, days, old = zip(*rows, strict=True)
    return Changes(
        person=np.array([index[p] for p in people], dtype=np.int64),
        effective=np.array(days, dtype=np.int64),
        old=np.array(old, dtype=np.int64),
    )

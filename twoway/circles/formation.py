"""The shell around the engine's group former: a circles program's enrolled
people in, ``engine.grouping.Member`` rows out (ids are person ids), built by
``matching.adapters.group_members`` like a social's tables.

- **side**: 0 senior, 1 junior (``rules.sides_for``).
- **managers**: the chain upwards, as deep as the program's reporting-line
  rule, and at least the line manager: nobody sits with their own manager.
"""

from __future__ import annotations

from typing import Any

from twoway.circles.models import Side
from twoway.circles.rules import sides_for
from twoway.engine.grouping import Member
from twoway.matching.adapters import group_members
from twoway.people.models import current_q
from twoway.programs.models import Enrollment, Program

SIDE_CODES: dict[str, int] = {Side.SENIOR: 0, Side.JUNIOR: 1}


def enrolled_rows(program: Program) -> list[dict[str, Any]]:
    """The program's enrolled people who have not left, in person order."""
    rows = (
        Enrollment.objects.filter(
            current_q("person__"), program=program, status=Enrollment.Status.ENROLLED
        )
        .order_by("person_id")
        .values("person_id", "role", "person__level", "person__department__path")
    )
    return [dict(row) for row in rows]


def members_build(program: Program) -> tuple[list[Member], dict[int, str]]:
    """The engine's members for ``program`` and each person's side."""
    rows = enrolled_rows(program)
    sides = sides_for([(r["person_id"], r["role"], r["person__level"]) for r in rows])
    members = group_members(
        sides,
        sides={pid: SIDE_CODES[side] for pid, side in sides.items()},
        depth=program.reporting_line_depth,
    )
    return members, sides

"""A small organisation with a past cohort, for the outcome tests.

``cohort(...)`` makes a closed reverse program, its participants (joined on
``JOINED``), and colleagues who never took part in the same department, level
band and tenure band, some of whom left. Who leaves is fixed, not random, so
that the expected figures can be computed by hand or by lifelines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import PersonFactory, ProgramFactory, enroll, unit

JOINED = dt.date(2024, 3, 1)
AS_OF = dt.date(2026, 6, 1)
HIRED = dt.date(2019, 6, 1)


@dataclass
class Cohort:
    program: Program
    mentors: list[Person] = field(default_factory=list)
    mentees: list[Person] = field(default_factory=list)
    colleagues: list[Person] = field(default_factory=list)

    @property
    def participants(self) -> list[Person]:
        return self.mentors + self.mentees


def cohort(
    *,
    mentors: int = 10,
    mentees: int = 10,
    colleagues: int = 60,
    participants_leaving: dict[int, int] | None = None,
    colleagues_leaving: dict[int, int] | None = None,
    department: str = "Operations",
    joined: dt.date = JOINED,
) -> Cohort:
    """``*_leaving`` maps a person's position (participants: mentors first) to the
    days after ``joined`` they left the organisation."""
    participants_leaving = participants_leaving or {}
    colleagues_leaving = colleagues_leaving or {}
    program = ProgramFactory(
        status=Program.Status.CLOSED,
        starts_on=joined,
        ends_on=joined + dt.timedelta(days=180),
    )
    team = unit(department)
    result = Cohort(program)
    for position in range(mentors + mentees):
        side = "mentor" if position < mentors else "mentee"
        days = participants_leaving.get(position)
        who = PersonFactory(
            department=team,
            level=2 if side == "mentor" else 8,
            hire_date=HIRED,
            leave_date=joined + dt.timedelta(days=days) if days is not None else None,
        )
        enroll(
            program,
            who,
            Enrollment.Role.MENTOR if side == "mentor" else Enrollment.Role.MENTEE,
            joined_on=joined,
        )
        (result.mentors if side == "mentor" else result.mentees).append(who)
    for position in range(colleagues):
        days = colleagues_leaving.get(position)
        result.colleagues.append(
            PersonFactory(
                department=team,
                level=2 if position % 2 == 0 else 8,
                hire_date=HIRED,
                leave_date=joined + dt.timedelta(days=days) if days is not None else None,
            )
        )
    return result

"""What the pairs' pages and services share about when a step is due."""

from __future__ import annotations

from datetime import date, timedelta

from twoway.programs.models import Program

# How close to the program's end date the closing reflection is offered.
REFLECTION_WINDOW = timedelta(weeks=3)


def reflection_due(*, program: Program, held: int, today: date) -> bool:
    """Is it time for the closing reflection? Near the end only: once the pair has
    held all the program's planned meetings, or when the program ends within
    ``REFLECTION_WINDOW`` (or has ended). Offered earlier, it reads as a goodbye
    after the second meeting."""
    if held >= program.planned_sessions:
        return True
    return program.ends_on is not None and program.ends_on - today <= REFLECTION_WINDOW

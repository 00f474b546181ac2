"""How many mentees a mentor may take in a program.

A mentor offers a capacity when they enroll; the program sets the most any
mentor may take. The rule is shared: matching holds it when it builds and
publishes pairs, and pairs hold it when one is made by hand.
"""

from __future__ import annotations

from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program


def mentor_capacity_limit(program: Program, offered: int | None) -> int:
    """How many mentees a mentor who offered ``offered`` (their enrollment's
    capacity) may have in ``program``: what they offered, within the program's limit."""
    return max(1, min(offered or 1, program.mentor_capacity))


def mentor_capacity(program: Program, mentor: Person | int) -> int:
    """How many mentees ``mentor`` (a person or their id) may have in ``program``."""
    capacity = (
        Enrollment.objects.filter(program=program, person=mentor)
        .values_list("capacity", flat=True)
        .first()
    )
    return mentor_capacity_limit(program, capacity)

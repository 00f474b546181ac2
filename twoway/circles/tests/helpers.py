"""Shared steps of the circles tests: a circles program with people enrolled on
both sides, formed, published and planned as its manager would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from twoway.circles.models import Circle, CircleMember, CircleSession
from twoway.circles.services import circle_sessions_plan, circles_form, circles_publish
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program
from twoway.testing.cast import Cast
from twoway.testing.factories import UserFactory, enroll, open_program, person

ZONE = "Europe/London"
DEPARTMENTS = ("Finance", "Marketing", "Technology", "Operations")


def circles_program(status: str = Program.Status.MATCHING, **fields: Any) -> Program:
    fields.setdefault("weeks_between_sessions", 2)
    fields.setdefault("planned_sessions", 8)
    fields.setdefault("reporting_line_depth", 1)
    return open_program(status, kind=Program.Kind.CIRCLES, **fields)


def enroll_many(program: Program, count: int, *, prefix: str = "Member") -> list[Person]:
    """``count`` people across departments and levels, half seniors (mentees)."""
    people = []
    for index in range(count):
        senior = index % 2 == 1
        email = f"{prefix.lower()}{index}@example.org"
        who = person(
            f"{prefix} {index:02d}",
            user=UserFactory(email=email, first_name=prefix),
            email=email,
            level=6 + index % 4 if senior else 1 + index % 4,
            department=DEPARTMENTS[index % len(DEPARTMENTS)],
        )
        role = Enrollment.Role.MENTEE if senior else Enrollment.Role.MENTOR
        enroll(program, who, role)
        people.append(who)
    return people


def local_in(days: int, hour: int = 12) -> datetime:
    """A naive wall-clock time ``days`` from today at ``hour``:00."""
    day = (timezone.now() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 0)


@dataclass
class World:
    program: Program
    circle: Circle  # Juno's
    other: Circle  # another circle of the same program
    juno: Person
    sterling: Person

    def outsider(self) -> Person:
        """A member of the other circle, with a login."""
        member = (
            CircleMember.objects.filter(circle=self.other, person__user__isnull=False)
            .select_related("person__user")
            .first()
        )
        assert member is not None
        return member.person


def circles_world(cast: Cast, *, people: int = 12, sessions: int = 0) -> World:
    """Juno (junior) and Sterling (senior) with ``people`` others in a circles
    program run by Priya; formed and published; Juno's circle has ``sessions``
    sessions planned from next week."""
    program = circles_program(name="Innovation circles", slug="innovation-circles")
    enroll(program, cast.juno.person, Enrollment.Role.MENTOR)
    enroll(program, cast.sterling.person, Enrollment.Role.MENTEE)
    enroll_many(program, people)
    circles_form(actor=cast.priya, program=program)
    circles_publish(actor=cast.priya, program=program)
    program.refresh_from_db()
    circle = Circle.objects.get(members__person=cast.juno.person)
    other = Circle.objects.filter(program=program).exclude(pk=circle.pk).first()
    assert other is not None, "the world has two circles"
    if sessions:
        plan(cast, circle, count=sessions)
    return World(
        program=program,
        circle=circle,
        other=other,
        juno=cast.juno.person,
        sterling=cast.sterling.person,
    )


def plan(cast: Cast, circle: Circle, *, count: int = 1, days: int = 7) -> list[CircleSession]:
    return circle_sessions_plan(
        actor=cast.priya,
        circle=circle,
        first_starts_at=local_in(days),
        time_zone=ZONE,
        count=count,
        place="Room 4",
        video_url="https://meet.example.org/circle",
    )


def started(session: CircleSession, *, hours_ago: int = 2) -> CircleSession:
    """The session's time has come (moved into the past in the database)."""
    CircleSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    session.refresh_from_db()
    return session

"""Reads of the circles app, scoped to the reader.

A circle is seen by its members (once it is published) and by the managers of
its program; anyone else is told it does not exist (404). Managers see who is
in a circle, its dates and its attendance, never its shared log: the log is
the members'.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from twoway.circles.formation import enrolled_rows
from twoway.circles.models import Circle, CircleAttendance, CircleMember, CircleSession, Side
from twoway.circles.rules import sides_for
from twoway.core.actors import Actor
from twoway.core.roles import user_manages_program
from twoway.guides.arc import ArcStep
from twoway.guides.selectors import program_arc
from twoway.people.access import user_person
from twoway.people.models import Person, department_root
from twoway.programs.models import Program


def program_topics(program: Program) -> list[str]:
    """The topics of ``program``'s sessions, in order: the titles of its session
    arc (the default arc until a program manager edits it)."""
    return [step.title for step in program_arc(program)]


def session_arc_step(session: CircleSession) -> ArcStep | None:
    """The arc's step whose topic the session took, for its suggested agenda (none
    once the circle chooses its own topic, or if the arc has changed since)."""
    program = session.circle.program
    return next((step for step in program_arc(program) if step.title == session.topic), None)


def session_span(session: CircleSession, time_zone: str = "") -> str:
    """ "Tuesday 14 October 2025, 10:00–11:00 (Europe/London)", in ``time_zone``
    (the session's own when empty or unknown)."""
    name = time_zone or session.time_zone
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(session.time_zone)
    starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    label = zone.key.replace("_", " ")
    return f"{starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M}–{ends:%H:%M} ({label})"


# --- access ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CircleAccess:
    circle: Circle
    person: Person | None
    is_member: bool
    is_manager: bool


def _access(user: Actor, circle: Circle) -> CircleAccess:
    person = user_person(user)
    is_member = (
        person is not None
        and circle.is_published
        and CircleMember.objects.filter(circle=circle, person=person).exists()
    )
    is_manager = user_manages_program(user, circle.program)
    if not (is_member or is_manager):
        raise Http404("No such circle")
    return CircleAccess(circle=circle, person=person, is_member=is_member, is_manager=is_manager)


def circle_get_for_user(*, user: Actor, uuid: UUID | str) -> CircleAccess:
    """The circle ``uuid`` for one of its members or its program's managers; 404 otherwise."""
    circle = Circle.objects.select_related("program").filter(uuid=uuid).first()
    if circle is None:
        raise Http404("No such circle")
    return _access(user, circle)


@dataclass(frozen=True)
class SessionAccess:
    session: CircleSession
    person: Person | None
    is_member: bool
    is_manager: bool


def session_get_for_user(*, user: Actor, uuid: UUID | str) -> SessionAccess:
    """The session ``uuid`` for its circle's members or its program's managers; 404 otherwise."""
    session = (
        CircleSession.objects.select_related("circle__program", "presenter", "logged_by")
        .filter(uuid=uuid)
        .first()
    )
    if session is None:
        raise Http404("No such session")
    access = _access(user, session.circle)
    return SessionAccess(
        session=session,
        person=access.person,
        is_member=access.is_member,
        is_manager=access.is_manager,
    )


# --- one circle -------------------------------------------------------------------------


def circle_members(*, circle: Circle) -> list[CircleMember]:
    """The circle's members with their person and department, seniors first."""
    return list(
        CircleMember.objects.filter(circle=circle)
        .select_related("person__department")
        .order_by("side", "person__name", "id")
    )


def circle_sessions(*, circle: Circle) -> list[CircleSession]:
    """Every session of the circle, first first, with presenter and attendance."""
    attendance = CircleAttendance.objects.select_related("person").order_by("person__name")
    return list(
        CircleSession.objects.filter(circle=circle)
        .select_related("presenter", "logged_by")
        .prefetch_related(Prefetch("attendance", queryset=attendance))
        .order_by("starts_at", "id")
    )


@dataclass
class CirclePage:
    members: list[CircleMember]
    upcoming: list[CircleSession]
    past: list[CircleSession]
    next_session: CircleSession | None
    to_log: list[CircleSession]


def circle_page(*, circle: Circle, now: datetime) -> CirclePage:
    """What a circle's page shows, in a fixed number of queries."""
    members = circle_members(circle=circle)
    sessions = circle_sessions(circle=circle)
    upcoming = [s for s in sessions if s.starts_at > now and not s.is_held]
    past = [s for s in sessions if s not in upcoming]
    past.reverse()
    planned = [s for s in upcoming if not s.is_cancelled]
    to_log = [s for s in past if s.status == CircleSession.Status.PLANNED and s.starts_at <= now]
    return CirclePage(
        members=members,
        upcoming=upcoming,
        past=past,
        next_session=planned[0] if planned else None,
        to_log=to_log,
    )


# --- a program's circles (its managers) --------------------------------------------------


@dataclass
class CircleCard:
    circle: Circle
    members: list[CircleMember]
    seniors: int
    juniors: int
    departments: int
    levels: int
    planned: int = 0
    held: int = 0
    next_session: CircleSession | None = None


@dataclass
class ProgramCircles:
    cards: list[CircleCard]
    enrolled: int
    seniors: int
    juniors: int
    unplaced: list[Person] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return any(card.circle.is_published for card in self.cards)

    @property
    def held(self) -> int:
        return sum(card.held for card in self.cards)


def _mix(members: Sequence[CircleMember]) -> tuple[int, int]:
    """How many departments and levels a circle mixes (never generations: a
    circle is far too small a group for that)."""
    roots = {department_root(m.person.department.path) for m in members if m.person.department}
    levels = {m.person.level for m in members if m.person.level is not None}
    return len(roots - {""}), len(levels)


def program_circles(*, program: Program, now: datetime) -> ProgramCircles:
    """``program``'s circles with who is in each and how mixed each is, and
    the enrolled people no circle holds. A fixed number of queries."""
    members = CircleMember.objects.select_related("person__department").order_by(
        "side", "person__name", "id"
    )
    sessions = CircleSession.objects.exclude(status=CircleSession.Status.CANCELLED).order_by(
        "starts_at", "id"
    )
    circles = list(
        Circle.objects.filter(program=program)
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="member_list"),
            Prefetch("sessions", queryset=sessions, to_attr="session_list"),
        )
        .order_by("number")
    )
    rows = enrolled_rows(program)
    sides = Counter(
        sides_for([(r["person_id"], r["role"], r["person__level"]) for r in rows]).values()
    )
    cards = []
    placed: set[int] = set()
    for circle in circles:
        people: list[CircleMember] = getattr(circle, "member_list", [])
        placed.update(m.person_id for m in people)
        departments, levels = _mix(people)
        session_list: list[CircleSession] = getattr(circle, "session_list", [])
        coming = [s for s in session_list if s.starts_at > now and not s.is_held]
        cards.append(
            CircleCard(
                circle=circle,
                members=people,
                seniors=sum(1 for m in people if m.side == Side.SENIOR),
                juniors=sum(1 for m in people if m.side == Side.JUNIOR),
                departments=departments,
                levels=levels,
                planned=len(coming),
                held=sum(1 for s in session_list if s.is_held),
                next_session=coming[0] if coming else None,
            )
        )
    unplaced: list[Person] = []
    if circles:
        missing = [r["person_id"] for r in rows if r["person_id"] not in placed]
        unplaced = list(Person.objects.filter(pk__in=missing).order_by("name"))
    return ProgramCircles(
        cards=cards,
        enrolled=len(rows),
        seniors=sides[Side.SENIOR],
        juniors=sides[Side.JUNIOR],
        unplaced=unplaced,
    )


# --- a person's circles (home) ------------------------------------------------------------


@dataclass(frozen=True)
class CircleNext:
    circle: Circle
    session: CircleSession | None
    when: str  # in the reader's time zone


def person_circles_next(*, person: Person, now: datetime) -> list[CircleNext]:
    """``person``'s published circles in running programs, each with its next
    planned session. Two queries, however many circles."""
    circles = list(
        Circle.objects.filter(
            members__person=person,
            published_at__isnull=False,
            program__status__in=(Program.Status.ACTIVE, Program.Status.MATCHING),
        )
        .select_related("program")
        .order_by("program__name", "number")
    )
    if not circles:
        return []
    upcoming: dict[int, CircleSession] = {}
    for session in (
        CircleSession.objects.filter(
            circle__in=circles, status=CircleSession.Status.PLANNED, starts_at__gt=now
        )
        .select_related("presenter")
        .order_by("starts_at", "id")
    ):
        upcoming.setdefault(session.circle_id, session)
    result = []
    for circle in circles:
        coming = upcoming.get(circle.pk)
        when = session_span(coming, person.time_zone) if coming else ""
        result.append(CircleNext(circle=circle, session=coming, when=when))
    return result


def sessions_of_person(*, person: Person) -> QuerySet[CircleSession]:
    """Sessions of the published circles ``person`` is in (for lists such as events)."""
    return CircleSession.objects.filter(
        Q(circle__members__person=person), circle__published_at__isnull=False
    ).select_related("circle__program", "presenter")

"""Reads of the events app, scoped to the reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from twoway.circles.models import CircleMember, CircleSession
from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.small_groups import is_small
from twoway.events.access import (
    event_audience_q,
    events_for_audience,
    events_organised_q,
    person_enrolled_program_ids,
    user_organises_event,
)
from twoway.events.models import Event, Rsvp, TablePlan, TableSeat
from twoway.people.access import user_person
from twoway.people.models import LevelLabel, Person, department_root

NOT_FOUND = "No such event, or it is not open to you."
HOME_EVENTS = 3

_PLACE = Q(rsvps__answer=Rsvp.Answer.YES, rsvps__waiting_since__isnull=True)


def _visible_q(user: RequestUser, person: Person | None) -> Q:
    return events_for_audience(person, person_enrolled_program_ids(person)) | events_organised_q(
        user
    )


def _with_my_answer(events: QuerySet[Event], person: Person | None) -> QuerySet[Event]:
    events = events.annotate(going=Count("rsvps", filter=_PLACE))
    if person is None:
        return events
    mine = Rsvp.objects.filter(event=OuterRef("pk"), person=person)
    return events.annotate(
        my_answer=Subquery(mine.values("answer")[:1]),
        my_waiting=Exists(mine.filter(waiting_since__isnull=False)),
    )


def event_list_upcoming(*, user: RequestUser, now: dt.datetime) -> QuerySet[Event]:
    """Events still to start that ``user`` may see (their audience's, or organised
    by them), soonest first, with ``going`` (places taken) and the reader's
    ``my_answer`` / ``my_waiting``."""
    person = user_person(user)
    events = Event.objects.filter(_visible_q(user, person)).filter(starts_at__gte=now)
    return _with_my_answer(events, person).prefetch_related("programs").order_by("starts_at", "pk")


def event_get_for_user(*, user: RequestUser, uuid: str) -> tuple[Event, bool]:
    """The event and whether ``user`` organises it; 404 for anyone outside its
    audience who does not organise it."""
    event = object_or_404(Event.objects.prefetch_related("programs"), NOT_FOUND, uuid=uuid)
    if user_organises_event(user, event):
        return event, True
    person = user_person(user)
    if person is None or not person_in_audience(event=event, person=person):
        raise Http404(NOT_FOUND)
    return event, False


def person_in_audience(*, event: Event, person: Person) -> bool:
    return Person.objects.filter(pk=person.pk).filter(event_audience_q(event)).exists()


@dataclass(frozen=True)
class Counts:
    yes: int = 0
    maybe: int = 0
    no: int = 0
    waiting: int = 0


def event_counts(*, event: Event) -> Counts:
    row = Rsvp.objects.filter(event=event).aggregate(
        yes=Count("pk", filter=Q(answer=Rsvp.Answer.YES, waiting_since__isnull=True)),
        maybe=Count("pk", filter=Q(answer=Rsvp.Answer.MAYBE)),
        no=Count("pk", filter=Q(answer=Rsvp.Answer.NO)),
        waiting=Count("pk", filter=Q(waiting_since__isnull=False)),
    )
    return Counts(**row)


def rsvp_for(*, event: Event, person: Person | None) -> Rsvp | None:
    if person is None:
        return None
    return Rsvp.objects.filter(event=event, person=person).first()


def waiting_position(*, rsvp: Rsvp | None) -> int | None:
    """1 for the first person waiting; None for someone not waiting."""
    if rsvp is None or rsvp.waiting_since is None:
        return None
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, waiting_since__isnull=False).filter(
        Q(waiting_since__lt=rsvp.waiting_since)
        | Q(waiting_since=rsvp.waiting_since, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


@dataclass
class Attendees:
    coming: list[Rsvp] = field(default_factory=list)
    waiting: list[Rsvp] = field(default_factory=list)
    maybe: list[Rsvp] = field(default_factory=list)
    no: list[Rsvp] = field(default_factory=list)


def event_attendees(*, event: Event) -> Attendees:
    """Every answer, in the organiser's groups (one query): the waiting list in order."""
    rows = Rsvp.objects.filter(event=event).select_related("person", "person__department")
    result = Attendees()
    for rsvp in rows.order_by("person__name", "pk"):
        if rsvp.answer == Rsvp.Answer.YES and rsvp.waiting_since is None:
            result.coming.append(rsvp)
        elif rsvp.answer == Rsvp.Answer.MAYBE:
            result.maybe.append(rsvp)
        elif rsvp.answer == Rsvp.Answer.NO:
            result.no.append(rsvp)
    result.waiting = sorted(
        (r for r in rows if r.waiting_since is not None),
        key=lambda r: (r.waiting_since, r.pk),
    )
    return result


def circle_sessions_upcoming(
    *, person: Person | None, now: dt.datetime, limit: int = 10
) -> list[CircleSession]:
    """The planned sessions of the circles ``person`` is in, soonest first."""
    if person is None:
        return []
    circles = CircleMember.objects.filter(person=person).values("circle_id")
    return list(
        CircleSession.objects.filter(
            circle_id__in=circles, status=CircleSession.Status.PLANNED, starts_at__gte=now
        )
        .select_related("circle")
        .order_by("starts_at", "pk")[:limit]
    )


def events_coming_up(*, person: Person | None, now: dt.datetime) -> list[Event]:
    """The next events ``person`` said yes or maybe to (for their home)."""
    if person is None:
        return []
    answered = Rsvp.objects.filter(
        person=person, answer__in=[Rsvp.Answer.YES, Rsvp.Answer.MAYBE]
    ).values("event_id")
    events = Event.objects.filter(
        pk__in=answered, status=Event.Status.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at", "pk")
    return list(_with_my_answer(events, person)[:HOME_EVENTS])


# --- table plans ----------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    name: str
    department: str  # the full path, e.g. Marketing/Digital
    level: str  # the level's name, e.g. Director


@dataclass
class Table:
    number: int
    seats: list[Seat]
    departments: int
    levels: int

    @property
    def summary(self) -> str:
        """ "4 departments, 3 levels"."""

        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return f"{count(self.departments, 'department')}, {count(self.levels, 'level')}"


@dataclass
class PlanView:
    plan: TablePlan
    tables: list[Table]
    unplaced: list[Seat]
    # Generations across the plan, or None when too few shared theirs to say.
    generation_mix: float | None


def table_plan_get(*, event: Event) -> PlanView | None:
    """The event's plan table by table (three queries), or None."""
    plan = TablePlan.objects.filter(event=event).first()
    if plan is None:
        return None
    labels = dict(LevelLabel.objects.values_list("level", "label"))
    rows = plan.seats.values_list(
        "table", "person__name", "person__department__path", "person__level"
    ).order_by("table", "person__name", "person_id")
    tables: dict[int, list[tuple[str, str, int | None]]] = {}
    unplaced = []
    for table, name, path, level in rows:
        label = labels.get(level, f"Level {level}") if level is not None else ""
        if table is None:
            unplaced.append(Seat(name, path or "", label))
        else:
            tables.setdefault(table, []).append((name, path or "", level))
    shown = []
    for number, members in sorted(tables.items()):
        departments = {department_root(path) for _, path, _ in members} - {""}
        levels = {level for _, _, level in members} - {None}
        seats = [
            Seat(name, path, labels.get(level, f"Level {level}") if level is not None else "")
            for name, path, level in members
        ]
        shown.append(Table(number, seats, len(departments), len(levels)))
    mix = None if is_small(plan.generation_people) else plan.generation_mix
    return PlanView(plan, shown, unplaced, mix)


@dataclass(frozen=True)
class MyTable:
    number: int
    mates: list[Person]


def my_table(*, event: Event, person: Person | None) -> MyTable | None:
    """The reader's table and tablemates, once a plan seats them."""
    if person is None:
        return None
    seat = TableSeat.objects.filter(plan__event=event, person=person, table__isnull=False).first()
    if seat is None or seat.table is None:
        return None
    mates = [
        s.person
        for s in TableSeat.objects.filter(plan_id=seat.plan_id, table=seat.table)
        .exclude(person=person)
        .select_related("person")
        .order_by("person__name")
    ]
    return MyTable(seat.table, mates)

"""Writes of the events app: atomic, keyword-only, actor first, audited.

An answer to an event takes the event's row lock (``SELECT ... FOR UPDATE``)
before it counts the places taken, so that two people answering "yes" at the
same moment cannot both take the last place: the second one waits for the
first to commit, then counts again.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record, diff, snapshot
from twoway.core.mail import mail_on_commit, site_link
from twoway.core.wall_clock import SkippedTime, wall_clock_series
from twoway.engine.grouping import GroupOptions, groups_form
from twoway.engine.types import EngineInputError
from twoway.events.access import event_audience_q, user_may_create_event
from twoway.events.models import LONGEST_MINUTES, TABLE_SIZES, Event, Rsvp, TablePlan, TableSeat
from twoway.events.seating import members_build
from twoway.people.models import Person, time_zone_lookup
from twoway.programs.models import Program

TITLE_MAX = 200
PLACE_MAX = 200
DESCRIPTION_MAX = 4000
CAPACITY_MAX = 5000
DURATION_MIN = 15
# Below this many people, a table plan has nothing to mix.
PLAN_MIN_PEOPLE = 2

CANCELLED = "This event is cancelled: answers are closed."
PAST = "This event has already started: answers are closed."
NOT_IN_AUDIENCE = "This event is not open to you."


class EventError(ValidationError):
    """A change to an event (or an answer to it) that was refused; the message says why."""


# --- the event ------------------------------------------------------------------------


def event_starts(*, starts_at_local: dt.datetime, time_zone: str) -> dt.datetime:
    """The UTC instant of a local wall-clock time in ``time_zone``; a time the
    clocks skip (spring forward) is refused, naming the day."""
    try:
        return wall_clock_series(starts_at_local, time_zone)[0]
    except SkippedTime as exc:
        raise EventError(str(exc)) from None


def _clean(
    *,
    actor: Actor,
    title: str,
    description: str,
    starts_at_local: dt.datetime,
    time_zone: str,
    duration_minutes: int,
    place: str,
    capacity: int | None,
    everyone: bool,
    programs: Iterable[Program],
    seated: bool,
    table_size: int,
) -> dict[str, Any]:
    title, place = (title or "").strip(), (place or "").strip()
    description = (description or "").strip()
    if not title:
        raise EventError("Give the event a title.")
    if len(title) > TITLE_MAX or len(place) > PLACE_MAX or len(description) > DESCRIPTION_MAX:
        raise EventError(
            f"The title and place fit {TITLE_MAX} characters, the description {DESCRIPTION_MAX}."
        )
    zone = time_zone_lookup((time_zone or "").strip())
    if zone is None:
        raise EventError(f"“{time_zone}” is not a time zone we know, e.g. Europe/London.")
    if starts_at_local.tzinfo is not None:
        raise EventError("Give the start as a local wall-clock time, without a time zone.")
    if not DURATION_MIN <= duration_minutes <= LONGEST_MINUTES:
        raise EventError(
            f"An event lasts between {DURATION_MIN} minutes and {LONGEST_MINUTES // 60} hours."
        )
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise EventError(f"The number of places is between 1 and {CAPACITY_MAX}, or empty.")
    if table_size not in TABLE_SIZES:
        raise EventError("A table seats 6, 7 or 8 people.")
    chosen = sorted({program.pk: program for program in programs}.values(), key=lambda p: p.pk)
    if everyone and chosen:
        raise EventError("Choose everyone, or one or more programs, not both.")
    if not everyone and not chosen:
        raise EventError("Choose who the event is for: everyone, or one or more programs.")
    if not user_may_create_event(actor, everyone=everyone, programs=chosen):
        raise EventError(
            "You can invite the people of the programs you run; an event for everyone "
            "is for organisation-wide program managers and administrators."
        )
    return {
        "title": title,
        "description": description,
        "starts_at": event_starts(starts_at_local=starts_at_local, time_zone=zone),
        "time_zone": zone,
        "duration_minutes": duration_minutes,
        "place": place,
        "capacity": capacity,
        "everyone": everyone,
        "seated": seated,
        "table_size": table_size,
        "programs": chosen,
    }


AUDITED = (
    "title",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "place",
    "capacity",
    "everyone",
    "seated",
    "table_size",
)
# Changes a calendar must see: they bump the invite's SEQUENCE.
CALENDAR_FIELDS = ("title", "description", "starts_at", "time_zone", "duration_minutes", "place")


@transaction.atomic
def event_create(*, actor: Actor, now: dt.datetime | None = None, **fields: Any) -> Event:
    """A new event. ``fields`` are ``_clean``'s: title, description,
    starts_at_local, time_zone, duration_minutes, place, capacity, everyone,
    programs, seated, table_size."""
    now = now or timezone.now()
    values = _clean(actor=actor, **fields)
    if values["starts_at"] <= now:
        raise EventError("That time has already passed. Pick a time in the future.")
    programs = values.pop("programs")
    event = Event.objects.create(created_by=actor_user(actor), **values)
    event.programs.set(programs)
    audit_record(
        actor=actor,
        action=AuditAction.EVENT_CREATE,
        subject=event,
        after={**snapshot(event, AUDITED), "programs": [p.pk for p in programs]},
    )
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, **fields: Any) -> Event:
    """Change ``event``; sent back unchanged, nothing is saved or recorded.
    More places let the first people waiting in."""
    current = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if current.is_cancelled:
        raise EventError("This event is cancelled; it can no longer change.")
    values = _clean(actor=actor, **fields)
    programs = values.pop("programs")
    before = {**snapshot(current, AUDITED), "description": current.description}
    old_programs = sorted(current.programs.values_list("pk", flat=True))
    for name, value in values.items():
        setattr(current, name, value)
    after = {**snapshot(current, AUDITED), "description": current.description}
    new_programs = [p.pk for p in programs]
    changed_before, changed_after = diff(before, after)
    if old_programs != new_programs:
        changed_before["programs"], changed_after["programs"] = old_programs, new_programs
    if not changed_after:
        return current
    if "starts_at" in changed_after and current.starts_at <= timezone.now():
        raise EventError("That time has already passed. Pick a time in the future.")
    if any(name in changed_after for name in CALENDAR_FIELDS):
        current.sequence += 1
    current.save()
    current.programs.set(programs)
    for texts in (changed_before, changed_after):
        if "description" in texts:
            texts["description"] = "[changed]"
    audit_record(
        actor=actor,
        action=AuditAction.EVENT_UPDATE,
        subject=current,
        before=changed_before,
        after=changed_after,
    )
    _promote_waiting(current)
    return current


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, now: dt.datetime | None = None) -> Event:
    """Cancel ``event`` and tell everyone who said yes or maybe (waiting or not)."""
    now = now or timezone.now()
    current = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if current.is_cancelled:
        return current  # a second click changes nothing
    current.status = Event.Status.CANCELLED
    current.cancelled_at = now
    current.sequence += 1
    current.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    told = list(
        Person.objects.filter(
            event_rsvps__event=current,
            event_rsvps__answer__in=[Rsvp.Answer.YES, Rsvp.Answer.MAYBE],
        ).order_by("name")
    )
    for person in told:
        mail_on_commit(
            subject=f"Cancelled: {current.title}",
            template="events/email/cancelled.txt",
            context={"person": person, "event": current, "when": event_when(current)},
            to=person.email,
        )
    audit_record(
        actor=actor,
        action=AuditAction.EVENT_CANCEL,
        subject=current,
        before={"status": Event.Status.SCHEDULED},
        after={"status": current.status, "told": len(told)},
    )
    return current


def event_when(event: Event) -> str:
    """The start as the organiser planned it: "Friday 18 June 2027, 12:00 (Europe/London)"."""
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone))
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M} ({event.time_zone})"


# --- answers --------------------------------------------------------------------------


def _places_taken(event: Event) -> int:
    return Rsvp.objects.filter(
        event=event, answer=Rsvp.Answer.YES, waiting_since__isnull=True
    ).count()


def _is_full(event: Event) -> bool:
    return event.capacity is not None and _places_taken(event) >= event.capacity


def _promote_waiting(event: Event) -> list[Rsvp]:
    """Give the free places to the first people waiting, and e-mail them.
    The caller holds the event's row lock."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - _places_taken(event)
        if free <= 0:
            return []
    waiting = (
        Rsvp.objects.filter(event=event, waiting_since__isnull=False)
        .select_related("person")
        .order_by("waiting_since", "id")
    )
    promoted = list(waiting if free is None else waiting[:free])
    for rsvp in promoted:
        rsvp.waiting_since = None
        rsvp.save(update_fields=["waiting_since", "updated_at"])
        mail_on_commit(
            subject=f"You have a place: {event.title}",
            template="events/email/place.txt",
            context={
                "person": rsvp.person,
                "event": event,
                "when": event_when(event),
                "url": site_link("events:detail", uuid=event.uuid),
            },
            to=rsvp.person.email,
        )
    return promoted


def _state(rsvp: Rsvp | None) -> dict[str, Any]:
    if rsvp is None:
        return {"answer": None, "waiting": False}
    return {"answer": rsvp.answer, "waiting": rsvp.is_waiting}


@transaction.atomic
def rsvp_answer(
    *,
    actor: Actor,
    event: Event,
    person: Person,
    answer: str,
    now: dt.datetime | None = None,
) -> Rsvp:
    """Record ``person``'s answer to ``event``.

    A "yes" takes a free place, or joins the end of the waiting list when the
    event is full; answering "yes" again keeps the place (or the position).
    Leaving a place (no, maybe) hands it to the first person waiting.
    """
    now = now or timezone.now()
    if answer not in Rsvp.Answer.values:
        raise EventError("Answer yes, maybe or no.")
    # The lock that makes capacity hold: every answer to this event queues here.
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.is_cancelled:
        raise EventError(CANCELLED)
    if locked.starts_at <= now:
        raise EventError(PAST)
    if not Person.objects.filter(pk=person.pk).filter(event_audience_q(locked)).exists():
        raise EventError(NOT_IN_AUDIENCE)
    rsvp = Rsvp.objects.filter(event=locked, person=person).first()
    before = _state(rsvp)
    if rsvp is not None and rsvp.answer == answer:
        return rsvp  # the same answer again (a double submit): nothing changes
    had_place = rsvp is not None and rsvp.has_place
    if rsvp is None:
        rsvp = Rsvp(event=locked, person=person)
    rsvp.answer = answer
    rsvp.answered_at = now
    rsvp.waiting_since = None
    if answer == Rsvp.Answer.YES and _is_full(locked):
        rsvp.waiting_since = now
    rsvp.save()
    promoted = _promote_waiting(locked) if had_place else []
    after = _state(rsvp)
    if promoted:
        after["promoted"] = len(promoted)
    audit_record(
        actor=actor, action=AuditAction.RSVP_ANSWER, subject=rsvp, before=before, after=after
    )
    return rsvp


# --- table plans ----------------------------------------------------------------------


def _seat_rows(plan: TablePlan, tables: Sequence[Sequence[int]], unplaced: Iterable[int]) -> list:
    rows = [
        TableSeat(plan=plan, person_id=person_id, table=number)
        for number, members in enumerate(tables, start=1)
        for person_id in members
    ]
    rows += [TableSeat(plan=plan, person_id=person_id, table=None) for person_id in unplaced]
    return rows


@transaction.atomic
def table_plan_propose(
    *, actor: Actor, event: Event, now: dt.datetime | None = None, seed: int = 0
) -> TablePlan:
    """Seat the people with a place at ``event`` at mixed tables (replacing any
    plan there was): generations, departments and levels together, never a
    person with their line manager."""
    now = now or timezone.now()
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if not locked.seated:
        raise EventError("This event is not seated: tick “seated, with a table plan” first.")
    if locked.is_cancelled:
        raise EventError(CANCELLED)
    coming = list(
        Rsvp.objects.filter(
            event=locked, answer=Rsvp.Answer.YES, waiting_since__isnull=True
        ).values_list("person_id", flat=True)
    )
    if len(coming) < PLAN_MIN_PEOPLE:
        raise EventError("A table plan needs at least two people who said yes.")
    members = members_build(coming)
    try:
        grouping = groups_form(
            members,
            GroupOptions(min_size=min(TABLE_SIZES), max_size=locked.table_size, seed=seed),
        )
    except EngineInputError as error:
        raise EventError(f"The table plan could not be made: {error}") from None
    generation_people = sum(1 for member in members if member.generation is not None)
    generation_mix = (
        sum(group.generations for group in grouping.groups) / len(grouping.groups)
        if grouping.groups
        else 0.0
    )
    plan, created = TablePlan.objects.get_or_create(
        event=locked, defaults={"proposed_at": now, "proposed_by": actor_user(actor)}
    )
    before = None if created else {"tables": plan.tables, "proposed_at": plan.proposed_at}
    plan.proposed_at = now
    plan.proposed_by = actor_user(actor)
    plan.tables = len(grouping.groups)
    plan.mixing = grouping.mixing
    plan.generation_people = generation_people
    plan.generation_mix = generation_mix
    plan.save()
    plan.seats.all().delete()
    TableSeat.objects.bulk_create(
        _seat_rows(plan, [group.members for group in grouping.groups], grouping.unplaced)
    )
    audit_record(
        actor=actor,
        action=AuditAction.TABLE_PLAN_PROPOSE,
        subject=plan,
        before={k: str(v) for k, v in before.items()} if before else None,
        after={
            "tables": plan.tables,
            "people": len(coming),
            "unplaced": len(grouping.unplaced),
        },
    )
    return plan

"""Writes of the circles app: atomic, keyword-only, actor first, audited.

A circles program's managers form the circles (the engine's group former,
``engine.grouping``), look at them, form them again if they like, and publish
them; then they plan each circle's sessions. Members log a session once it has
taken place, with who came. The words of a log never enter the audit log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from twoway.circles.formation import members_build
from twoway.circles.models import (
    LONGEST_MINUTES,
    Circle,
    CircleAttendance,
    CircleMember,
    CircleSession,
)
from twoway.circles.rules import presenter_turns, session_topic
from twoway.circles.selectors import program_topics
from twoway.circles.signals import circle_invites_due
from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.roles import user_manages_program
from twoway.core.wall_clock import SkippedTime, wall_clock_series
from twoway.engine.grouping import GroupOptions, groups_form
from twoway.meetings.rules import DURATION_MIN, place_and_link_problem
from twoway.people.access import user_person
from twoway.people.models import Person, time_zone_lookup
from twoway.programs.models import Program
from twoway.programs.services import program_transition

SIZE_SMALLEST, SIZE_LARGEST = 3, 12
SERIES_MAX = 26
LOG_MAX = 2000
REASON_MAX = 500
FORMING = (Program.Status.ENROLLING, Program.Status.MATCHING, Program.Status.ACTIVE)


class CircleError(ValidationError):
    """A change to circles that was refused; the message says why."""


def _require_manager(actor: Actor, program: Program) -> None:
    if not user_manages_program(actor, program):
        raise PermissionDenied("Only the program's managers can do this.")


def _require_circles(program: Program) -> None:
    if program.kind != Program.Kind.CIRCLES:
        raise CircleError(
            f"{program.name} is a {program.get_kind_display().split(' (')[0].lower()} program, "
            "not a circles program: its people meet in pairs."
        )


def _people(count: int) -> str:
    return "person" if count == 1 else "people"


# --- forming and publishing -----------------------------------------------------------------


@dataclass(frozen=True)
class Formed:
    circles: list[Circle]
    unplaced: list[Person]
    mixing: float


@transaction.atomic
def circles_form(
    *, actor: Actor, program: Program, size_min: int = 6, size_max: int = 8, seed: int = 0
) -> Formed:
    """Form ``program``'s circles from its enrolled people, mixing generations,
    departments and levels and never seating anyone with their manager.

    Circles formed before are replaced while they are unpublished and none
    of their sessions has been held."""
    _require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_circles(program)
    if program.status not in FORMING:
        raise CircleError(
            f"Circles are formed once people have joined and while the program runs; "
            f"{program.name} is {program.get_status_display().lower()}."
        )
    if not SIZE_SMALLEST <= size_min <= size_max <= SIZE_LARGEST:
        raise CircleError(
            f"A circle holds between {SIZE_SMALLEST} and {SIZE_LARGEST} people, and the "
            f"smallest size cannot be above the largest ({size_min} to {size_max} asked)."
        )
    existing = Circle.objects.filter(program=program)
    if CircleSession.objects.filter(
        circle__program=program, status=CircleSession.Status.HELD
    ).exists():
        raise CircleError("The circles have already met: they stay as they are.")
    if existing.filter(published_at__isnull=False).exists():
        raise CircleError(
            "The circles are published and their members see them: they stay as they are."
        )
    members, sides = members_build(program)
    if len(members) < size_min:
        raise CircleError(
            f"A circle needs at least {size_min} people and {len(members)} "
            f"{'is' if len(members) == 1 else 'are'} enrolled. Invite more people first."
        )
    counts = Counter(sides.values())
    for side, word in (("senior", "seniors"), ("junior", "juniors")):
        if not counts[side]:
            raise CircleError(
                f"A circle mixes seniors and juniors, and none of the people enrolled is "
                f"one of the {word}. Invite some first."
            )
    grouping = groups_form(
        members,
        GroupOptions(min_size=size_min, max_size=size_max, balance_sides=True, seed=seed),
    )
    replaced = existing.count()
    existing.delete()
    user = actor_user(actor)
    circles = []
    for number, group in enumerate(grouping.groups, start=1):
        circle = Circle.objects.create(
            program=program,
            number=number,
            name=f"Circle {number}",
            weeks_between_sessions=program.weeks_between_sessions,
            session_minutes=program.session_minutes,
            formed_by=user,
        )
        CircleMember.objects.bulk_create(
            CircleMember(circle=circle, program=program, person_id=pid, side=sides[pid])
            for pid in group.members
        )
        circles.append(circle)
    unplaced = list(Person.objects.filter(pk__in=grouping.unplaced).order_by("name"))
    audit_record(
        actor=actor,
        action=AuditAction.CIRCLES_FORM,
        subject=program,
        before={"circles": replaced},
        after={
            "circles": len(circles),
            "people": len(members) - len(unplaced),
            "unplaced": len(unplaced),
            "size_min": size_min,
            "size_max": size_max,
            "mixing": round(grouping.mixing, 3),
        },
    )
    return Formed(circles=circles, unplaced=unplaced, mixing=grouping.mixing)


@transaction.atomic
def circles_publish(*, actor: Actor, program: Program) -> list[Circle]:
    """Show ``program``'s circles to their members; a program still in
    matching becomes active. Publishing twice changes nothing."""
    _require_manager(actor, program)
    program = Program.objects.select_for_update().get(pk=program.pk)
    _require_circles(program)
    circles = list(Circle.objects.filter(program=program).order_by("number"))
    if not circles:
        raise CircleError("Form the circles first: there is nothing to publish yet.")
    waiting = [c for c in circles if not c.is_published]
    if not waiting:
        return circles
    if program.status == Program.Status.ENROLLING:
        raise CircleError(
            "Close enrollment before you publish the circles: people who join later "
            "would have no circle."
        )
    if program.status not in (Program.Status.MATCHING, Program.Status.ACTIVE):
        raise CircleError(f"{program.name} is {program.get_status_display().lower()}.")
    now = timezone.now()
    Circle.objects.filter(pk__in=[c.pk for c in waiting]).update(published_at=now, updated_at=now)
    if program.status == Program.Status.MATCHING:
        program_transition(actor=actor, program=program, to=Program.Status.ACTIVE)
    audit_record(
        actor=actor,
        action=AuditAction.CIRCLES_PUBLISH,
        subject=program,
        after={"circles": len(waiting)},
    )
    for circle in circles:
        circle.published_at = circle.published_at or now
    return circles


# --- sessions ---------------------------------------------------------------------------


def _zone(time_zone: str) -> str:
    name = time_zone_lookup((time_zone or "").strip())
    if name is None:
        raise CircleError(
            f"“{time_zone}” is not a time zone we know. Pick one from the list, e.g. Europe/London."
        )
    return name


def _where(*, duration_minutes: int, place: str, video_url: str) -> tuple[str, str]:
    if not DURATION_MIN <= duration_minutes <= LONGEST_MINUTES:
        raise CircleError(
            f"A session lasts between {DURATION_MIN} and {LONGEST_MINUTES} minutes; "
            f"{duration_minutes} is outside that."
        )
    place, video_url = (place or "").strip(), (video_url or "").strip()
    problem = place_and_link_problem(place, video_url)
    if problem:
        raise CircleError(problem)
    return place, video_url


def session_starts(
    *, starts_at_local: datetime, time_zone: str, every_weeks: int, count: int
) -> list[datetime]:
    """The UTC starts of ``count`` sessions ``every_weeks`` apart, at the same
    local time in ``time_zone``; a local time the clocks skip is refused."""
    if starts_at_local.tzinfo is not None:
        raise CircleError("Give the start as a local wall-clock time, without a time zone.")
    try:
        return wall_clock_series(starts_at_local, time_zone, every_weeks=every_weeks, count=count)
    except SkippedTime as exc:
        raise CircleError(str(exc)) from None


def _invites_on_commit(session_ids: list[int], change: str) -> None:
    # The e-mails are the notifications' (above this app): they go after commit.
    circle_invites_due.send(sender=CircleSession, session_ids=session_ids, change=change)


@transaction.atomic
def circle_sessions_plan(
    *,
    actor: Actor,
    circle: Circle,
    first_starts_at: datetime,
    time_zone: str,
    count: int,
    place: str = "",
    video_url: str = "",
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> list[CircleSession]:
    """Plan ``count`` sessions of ``circle`` at its cadence, from the local
    time ``first_starts_at`` in ``time_zone``. Topics follow the program's
    list; presenters take turns (``rules.presenter_turns``). Every member gets
    the invites once the sessions are saved. ``now``: the moment the first
    session must come after (the present, unless a past cohort is loaded)."""
    circle = (
        Circle.objects.select_for_update(of=("self",)).select_related("program").get(pk=circle.pk)
    )
    program = circle.program
    _require_manager(actor, program)
    if not circle.is_published:
        raise CircleError("Publish the circles before you plan their sessions.")
    if program.status != Program.Status.ACTIVE:
        raise CircleError(f"{program.name} is {program.get_status_display().lower()}.")
    if not 1 <= count <= SERIES_MAX:
        raise CircleError(f"Plan between 1 and {SERIES_MAX} sessions at once ({count} asked).")
    time_zone = _zone(time_zone)
    duration = duration_minutes or circle.session_minutes
    place, video_url = _where(duration_minutes=duration, place=place, video_url=video_url)
    starts = session_starts(
        starts_at_local=first_starts_at,
        time_zone=time_zone,
        every_weeks=circle.weeks_between_sessions,
        count=count,
    )
    if starts[0] <= (now or timezone.now()):
        raise CircleError("That time has already passed. Pick a time in the future.")
    members = list(CircleMember.objects.filter(circle=circle).order_by("side", "id"))
    if not members:
        raise CircleError("This circle has nobody in it.")
    earlier = list(
        CircleSession.objects.filter(circle=circle)
        .exclude(status=CircleSession.Status.CANCELLED)
        .order_by("starts_at", "id")
        .values_list("presenter_id", "presenter_side")
    )
    last_number = CircleSession.objects.filter(circle=circle).aggregate(n=Max("number"))["n"] or 0
    # Juniors and seniors alternate in the circle's own order: members by side, then joined.
    order = [(m.person_id, m.side) for m in members]
    juniors = [o for o in order if o[1] == "junior"]
    seniors = [o for o in order if o[1] == "senior"]
    turns = presenter_turns(
        [*juniors, *seniors],
        count,
        presented=Counter(pid for pid, _side in earlier if pid is not None),
        last_side=earlier[-1][1] if earlier else "",
    )
    topics = program_topics(program)
    sessions = []
    for index, (starts_at, turn) in enumerate(zip(starts, turns, strict=True)):
        number = last_number + index + 1
        session = CircleSession.objects.create(
            circle=circle,
            number=number,
            starts_at=starts_at,
            time_zone=time_zone,
            duration_minutes=duration,
            place=place,
            video_url=video_url,
            topic=session_topic(topics, number),
            presenter_id=turn.person_id,
            presenter_side=turn.side,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CIRCLE_SESSION_PLAN,
            subject=session,
            after={
                "circle": str(circle.uuid),
                "number": number,
                "starts_at": starts_at.isoformat(),
                "time_zone": time_zone,
                "presenter_side": turn.side,
            },
        )
        sessions.append(session)
    if place != circle.place or time_zone != circle.time_zone:
        Circle.objects.filter(pk=circle.pk).update(place=place, time_zone=time_zone)
    _invites_on_commit([s.pk for s in sessions], "planned")
    return sessions


def _member(session: CircleSession, actor: Actor) -> Person | None:
    """The actor's person if they are in the session's circle, else None."""
    person = user_person(actor)
    if person is None:
        return None
    is_member = CircleMember.objects.filter(circle_id=session.circle_id, person=person).exists()
    return person if is_member else None


def _require_member_or_manager(session: CircleSession, actor: Actor, what: str) -> None:
    if _member(session, actor) is None and not user_manages_program(actor, session.circle.program):
        raise PermissionDenied(f"Only the circle's members and its program's managers can {what}.")


def _still_to_come(session: CircleSession, now: datetime, what: str) -> None:
    if session.is_cancelled:
        raise CircleError("This session is cancelled already.")
    if session.is_held:
        raise CircleError(f"This session has taken place: it cannot be {what}.")
    if session.starts_at <= now:
        raise CircleError(f"This session has started: it can no longer be {what}.")


@transaction.atomic
def circle_session_log(
    *,
    actor: Actor,
    session: CircleSession,
    log: str,
    attended_ids: Collection[int],
    person: Person | None = None,
) -> CircleSession:
    """A member writes the circle's log of a session that took place, with who
    came (``attended_ids``: person ids of members). The session is then held;
    a session is logged once. ``person``: the member writing, when it is not
    the actor's own person (a past cohort loaded by the system)."""
    current = (
        CircleSession.objects.select_for_update(of=("self",))
        .select_related("circle__program", "logged_by")
        .get(pk=session.pk)
    )
    if person is None:
        person = _member(current, actor)
    elif not CircleMember.objects.filter(circle_id=current.circle_id, person=person).exists():
        person = None
    if person is None:
        raise PermissionDenied("Only the circle's members can log its sessions.")
    if current.is_held:
        who = current.logged_by.name if current.logged_by else "a member"
        raise CircleError(f"This session is logged already, by {who}.")
    if current.is_cancelled:
        raise CircleError("This session was cancelled: there is nothing to log.")
    now = timezone.now()
    if current.starts_at > now:
        raise CircleError("This session has not taken place yet: log it once it has.")
    text = (log or "").strip()
    if not text:
        raise CircleError("Write a line or two: what was presented, and what you took away.")
    if len(text) > LOG_MAX:
        raise CircleError(f"The log is {len(text)} characters long; at most {LOG_MAX} fit.")
    members = set(
        CircleMember.objects.filter(circle_id=current.circle_id).values_list("person_id", flat=True)
    )
    came = set(attended_ids)
    if not came <= members:
        raise CircleError("Only the circle's members can be marked as present. Reload the page.")
    if not came:
        raise CircleError("Tick who came: at least one member did, to write this log.")
    updated = CircleSession.objects.filter(
        pk=current.pk, status=CircleSession.Status.PLANNED
    ).update(
        status=CircleSession.Status.HELD,
        log=text,
        logged_by=person,
        logged_at=now,
        updated_at=now,
    )
    if not updated:
        raise CircleError("This session changed meanwhile. Reload the page.")
    CircleAttendance.objects.bulk_create(
        CircleAttendance(session=current, person_id=pid, attended=pid in came)
        for pid in sorted(members)
    )
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CIRCLE_SESSION_LOG,
        subject=current,
        before={"status": CircleSession.Status.PLANNED},
        after={"status": current.status, "attended": len(came), "members": len(members)},
    )
    return current


@transaction.atomic
def circle_session_cancel(
    *, actor: Actor, session: CircleSession, reason: str, now: datetime | None = None
) -> CircleSession:
    """Cancel a session still to come, saying why; every member gets the
    cancellation. A second cancel changes nothing and says so."""
    current = CircleSession.objects.select_related("circle__program").get(pk=session.pk)
    _require_member_or_manager(current, actor, "cancel its sessions")
    reason = (reason or "").strip()
    if not reason:
        raise CircleError("Say why the session is cancelled: the members read it.")
    if len(reason) > REASON_MAX:
        raise CircleError(f"The reason is {len(reason)} characters long; at most {REASON_MAX} fit.")
    now = now or timezone.now()
    _still_to_come(current, now, "cancelled")
    cancelled = CircleSession.objects.filter(
        pk=current.pk, status=CircleSession.Status.PLANNED
    ).update(
        status=CircleSession.Status.CANCELLED,
        cancel_reason=reason,
        cancelled_at=now,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    if not cancelled:
        raise CircleError("This session is cancelled already.")
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CIRCLE_SESSION_CANCEL,
        subject=current,
        before={"status": CircleSession.Status.PLANNED},
        after={"status": current.status, "sequence": current.sequence},
    )
    _invites_on_commit([current.pk], "cancelled")
    return current


@transaction.atomic
def circle_session_move(
    *,
    actor: Actor,
    session: CircleSession,
    starts_at_local: datetime,
    time_zone: str,
    duration_minutes: int,
    place: str,
    video_url: str,
) -> CircleSession:
    """Move a session still to come; every member gets the updated invite."""
    current = (
        CircleSession.objects.select_for_update(of=("self",))
        .select_related("circle__program")
        .get(pk=session.pk)
    )
    _require_member_or_manager(current, actor, "move its sessions")
    now = timezone.now()
    _still_to_come(current, now, "moved")
    time_zone = _zone(time_zone)
    place, video_url = _where(duration_minutes=duration_minutes, place=place, video_url=video_url)
    (starts_at,) = session_starts(
        starts_at_local=starts_at_local, time_zone=time_zone, every_weeks=0, count=1
    )
    if starts_at <= now:
        raise CircleError("That time has already passed. Pick a time in the future.")
    fields = {
        "starts_at": starts_at,
        "time_zone": time_zone,
        "duration_minutes": duration_minutes,
        "place": place,
        "video_url": video_url,
    }
    before = {name: getattr(current, name) for name in fields}
    if before == fields:
        raise CircleError("That is the session as it stands: change the time, length or place.")
    updated = CircleSession.objects.filter(
        pk=current.pk, status=CircleSession.Status.PLANNED, sequence=current.sequence
    ).update(**fields, sequence=F("sequence") + 1, updated_at=now)
    if not updated:
        raise CircleError("This session changed while you were editing it. Reload the page.")
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CIRCLE_SESSION_MOVE,
        subject=current,
        before={"starts_at": before["starts_at"].isoformat(), "time_zone": before["time_zone"]},
        after={
            "starts_at": starts_at.isoformat(),
            "time_zone": time_zone,
            "changed": [name for name in fields if before[name] != fields[name]],
            "sequence": current.sequence,
        },
    )
    _invites_on_commit([current.pk], "moved")
    return current

"""Writes about meetings. Each service is atomic, takes ``actor=`` first and is audited.

Partners plan meetings in their own wall-clock time: a meeting stores the UTC
instant and the IANA zone it was planned in, and a series keeps the same local
time across daylight-saving changes. Invites go out by e-mail after commit.
The words of a log never enter the audit log: only which fields changed.
"""

from __future__ import annotations

import uuid as uuid_lib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Field
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_event, audit_record
from twoway.core.models import AuditEvent
from twoway.core.wall_clock import SkippedTime, wall_clock_series
from twoway.meetings.models import Meeting, MeetingChange, MeetingLog
from twoway.meetings.progress import pair_complete_if_done, pair_health_update
from twoway.meetings.rules import (
    ALREADY_LOGGED,
    CANCELLED_ALREADY,
    DURATION_MAX,
    DURATION_MIN,
    LOG_TEXTS,
    PAIR_ENDED,
    PROGRESS_MAX,
    PROGRESS_MIN,
    RATING_MAX,
    RATING_MIN,
    REASON_MAX,
    agreement_goals,
    cancel_refusal,
    log_goals,
    log_refusal,
    log_update_refusal,
    place_and_link_problem,
    reschedule_refusal,
)
from twoway.meetings.signals import meeting_invites_due
from twoway.pairs.models import Agreement, Pair
from twoway.people.models import Person, time_zone_lookup


class MeetingError(ValidationError):
    """A meeting change or log that was refused; the message says why."""


def meeting_starts(
    *, starts_at_local: datetime, time_zone: str, every_weeks: int, count: int
) -> list[datetime]:
    """The UTC starts of ``count`` meetings, ``every_weeks`` apart at the same
    local wall-clock time in ``time_zone``.

    A local time the clocks skip (the spring-forward gap) is refused, naming the day.
    """
    try:
        return wall_clock_series(starts_at_local, time_zone, every_weeks=every_weeks, count=count)
    except SkippedTime as exc:
        raise MeetingError(str(exc)) from None


def _side(pair: Pair, person: Person | None, what: str) -> str:
    side = pair.side_of(person)
    if not side:
        raise MeetingError(f"Only the two partners can {what}.")
    return side


def _zone(time_zone: str) -> str:
    name = time_zone_lookup((time_zone or "").strip())
    if name is None:
        raise MeetingError(
            f"“{time_zone}” is not a time zone we know. Pick one from the list, e.g. Europe/London."
        )
    return name


def _details(
    *, starts_at_local: datetime, duration_minutes: int, place: str, video_url: str
) -> tuple[str, str]:
    """Check what every planned meeting needs; returns the cleaned place and link."""
    if starts_at_local.tzinfo is not None:
        raise MeetingError("Give the start as a local wall-clock time, without a time zone.")
    if not DURATION_MIN <= duration_minutes <= DURATION_MAX:
        raise MeetingError(
            f"A meeting lasts between {DURATION_MIN} and {DURATION_MAX} minutes "
            f"({DURATION_MAX // 60} hours); {duration_minutes} is outside that."
        )
    place, video_url = (place or "").strip(), (video_url or "").strip()
    problem = place_and_link_problem(place, video_url)
    if problem:
        raise MeetingError(problem)
    return place, video_url


def _not_past(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise MeetingError("That time has already passed. Pick a time in the future.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise MeetingError(
            f"The reason is {len(reason)} characters long; at most {REASON_MAX} fit."
        )
    return reason


def _refuse(refusal: str) -> None:
    if refusal:
        raise MeetingError(refusal)


def _invites_on_commit(meeting_ids: list[int], change: str) -> None:
    # The e-mails are the notifications' (above this app): they go after commit.
    meeting_invites_due.send(sender=Meeting, meeting_ids=meeting_ids, change=change)


# --- planning -------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    pair: Pair,
    person: Person,
    starts_at_local: datetime,
    time_zone: str,
    duration_minutes: int,
    place: str = "",
    video_url: str = "",
    repeat: int = 1,
) -> list[Meeting]:
    """``person`` plans a meeting of their pair, or a series of ``repeat``
    meetings at the program's cadence, at the same local time in ``time_zone``.
    Both partners get the invite once the meetings are saved."""
    side = _side(pair, person, "plan their meetings")
    # The pair's row as it is now, locked: a pair ending at the same moment
    # either waits for these meetings (and cancels them) or is seen ended here.
    pair.status = (
        Pair.objects.select_for_update().filter(pk=pair.pk).values_list("status", flat=True).get()
    )
    if not pair.is_live:
        raise MeetingError(
            f"This pair is no longer running ({pair.get_status_display().lower()}): "
            "no more meetings can be planned."
        )
    program = pair.program
    if not 1 <= repeat <= Meeting.SERIES_MAX:
        raise MeetingError(
            f"A series has between 1 and {Meeting.SERIES_MAX} meetings "
            f"(the program plans {program.planned_sessions})."
        )
    time_zone = _zone(time_zone)
    place, video_url = _details(
        starts_at_local=starts_at_local,
        duration_minutes=duration_minutes,
        place=place,
        video_url=video_url,
    )
    starts = meeting_starts(
        starts_at_local=starts_at_local,
        time_zone=time_zone,
        every_weeks=program.weeks_between_sessions,
        count=repeat,
    )
    _not_past(starts[0], timezone.now())
    series = uuid_lib.uuid4() if repeat > 1 else None
    meetings = []
    for starts_at in starts:
        meeting = Meeting.objects.create(
            pair=pair,
            series=series,
            starts_at=starts_at,
            time_zone=time_zone,
            duration_minutes=duration_minutes,
            place=place,
            video_url=video_url,
            proposed_by=person,
        )
        MeetingChange.objects.create(
            meeting=meeting,
            kind=MeetingChange.Kind.SCHEDULED,
            by=person,
            side=side,
            starts_after=starts_at,
        )
        audit_record(
            actor=actor,
            action=AuditAction.MEETING_SCHEDULE,
            subject=meeting,
            after={
                "starts_at": starts_at.isoformat(),
                "time_zone": time_zone,
                "duration_minutes": duration_minutes,
                "series": str(series) if series else None,
                "side": side,
            },
        )
        meetings.append(meeting)
    _invites_on_commit([meeting.pk for meeting in meetings], "scheduled")
    pair_health_update(pairs=[pair])
    return meetings


@transaction.atomic
def meeting_reschedule(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    starts_at_local: datetime,
    time_zone: str,
    duration_minutes: int,
    place: str,
    video_url: str,
    reason: str = "",
) -> Meeting:
    """``person`` moves a meeting that has not started yet; both partners get
    the updated invite."""
    current = (
        Meeting.objects.select_for_update()
        .select_related("pair__program", "pair__mentor", "pair__mentee")
        .get(pk=meeting.pk)
    )
    pair = current.pair
    side = _side(pair, person, "move their meetings")
    now = timezone.now()
    _refuse(reschedule_refusal(current, now))
    time_zone = _zone(time_zone)
    place, video_url = _details(
        starts_at_local=starts_at_local,
        duration_minutes=duration_minutes,
        place=place,
        video_url=video_url,
    )
    (starts_at,) = meeting_starts(
        starts_at_local=starts_at_local, time_zone=time_zone, every_weeks=0, count=1
    )
    _not_past(starts_at, now)
    reason = _reason(reason)
    fields = {
        "starts_at": starts_at,
        "time_zone": time_zone,
        "duration_minutes": duration_minutes,
        "place": place,
        "video_url": video_url,
    }
    before = {name: getattr(current, name) for name in fields}
    if before == fields:
        raise MeetingError("That is the meeting as it stands: change the time, length or place.")
    updated = Meeting.objects.filter(
        pk=current.pk, status=Meeting.Status.SCHEDULED, sequence=current.sequence
    ).update(**fields, sequence=F("sequence") + 1, updated_at=now)
    if not updated:
        raise MeetingError("This meeting changed while you were editing it. Reload the page.")
    MeetingChange.objects.create(
        meeting=current,
        kind=MeetingChange.Kind.RESCHEDULED,
        by=person,
        side=side,
        reason=reason,
        starts_before=before["starts_at"],
        starts_after=starts_at,
    )
    current.refresh_from_db()
    changed = [name for name in fields if before[name] != fields[name]]
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_RESCHEDULE,
        subject=current,
        before={"starts_at": before["starts_at"].isoformat(), "time_zone": before["time_zone"]},
        after={
            "starts_at": starts_at.isoformat(),
            "time_zone": time_zone,
            "changed": changed,
            "sequence": current.sequence,
            "side": side,
        },
    )
    _invites_on_commit([current.pk], "rescheduled")
    pair_health_update(pairs=[pair])
    return current


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, person: Person, reason: str) -> Meeting:
    """``person`` cancels a meeting, saying why; both partners get the
    cancellation. A second cancel, at once or later, changes nothing."""
    current = Meeting.objects.select_related("pair__program").get(pk=meeting.pk)
    pair = current.pair
    side = _side(pair, person, "cancel their meetings")
    reason = _reason(reason)
    if not reason:
        raise MeetingError("Say why you cancel: your partner reads it.")
    logged = MeetingLog.objects.filter(meeting_id=meeting.pk).exists()
    _refuse(cancel_refusal(current, logged=logged))
    now = timezone.now()
    # Conditional on the status: of two cancels at once, one changes the row.
    cancelled = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED,
        cancelled_by=person,
        cancelled_side=side,
        cancel_reason=reason,
        cancelled_at=now,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    if not cancelled:
        raise MeetingError(CANCELLED_ALREADY)
    current.refresh_from_db()
    MeetingChange.objects.create(
        meeting=current,
        kind=MeetingChange.Kind.CANCELLED,
        by=person,
        side=side,
        reason=reason,
        starts_before=current.starts_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CANCEL,
        subject=current,
        before={"status": Meeting.Status.SCHEDULED},
        after={"status": current.status, "side": side, "sequence": current.sequence},
    )
    _invites_on_commit([current.pk], "cancelled")
    pair_health_update(pairs=[pair])
    return current


@transaction.atomic
def meetings_cancel_with_pair(
    *, actor: Actor, pair: Pair, now: datetime | None = None
) -> list[Meeting]:
    """Cancel the meetings still to come of ``pair``, which has ended (called
    through ``pairs.signals.pair_ended``, in the ending's transaction).

    The ledger says the pair ended, never why nor who ended it. Each partner
    gets one e-mail whose one calendar file takes them all out of the
    calendar. Meetings that have started stay as they are. Returns the
    meetings cancelled (none on a second call)."""
    if pair.status != Pair.Status.ENDED:
        raise MeetingError("Only the meetings of a pair that has ended are cancelled with it.")
    now = now or timezone.now()
    # Locked, so a partner cancelling or moving one of them at this moment waits.
    ids = list(
        Meeting.objects.select_for_update()
        .filter(pair=pair, status=Meeting.Status.SCHEDULED, starts_at__gt=now)
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    Meeting.objects.filter(pk__in=ids, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED,
        cancelled_by=None,
        cancelled_side="",
        cancel_reason=PAIR_ENDED,
        cancelled_at=now,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    meetings = list(
        Meeting.objects.filter(pk__in=ids).select_related("pair__mentor", "pair__mentee")
    )
    MeetingChange.objects.bulk_create(
        MeetingChange(
            meeting=meeting,
            kind=MeetingChange.Kind.CANCELLED,
            reason=PAIR_ENDED,
            starts_before=meeting.starts_at,
        )
        for meeting in meetings
    )
    AuditEvent.objects.bulk_create(
        audit_event(
            actor=actor,
            action=AuditAction.MEETING_CANCEL,
            subject=meeting,
            before={"status": Meeting.Status.SCHEDULED},
            after={"status": meeting.status, "pair_ended": True, "sequence": meeting.sequence},
        )
        for meeting in meetings
    )
    _invites_on_commit(ids, "pair_ended")
    return meetings


# --- logs -----------------------------------------------------------------------------


def _log_fields(
    *,
    goals: Sequence[str],
    topics: str,
    learned: str,
    taught: str,
    goal_progress: Sequence[dict[str, Any]],
    rating: int,
    shared_notes: str,
    private_notes: str,
) -> dict[str, Any]:
    """The log's fields, checked; ``goals`` are the author's goals in the agreement."""
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise MeetingError("Rate the meeting from 1 to 5.")
    if not RATING_MIN <= rating <= RATING_MAX:
        raise MeetingError(f"Rate the meeting from 1 to 5; {rating} is outside that.")
    texts = {
        "topics": topics,
        "learned": learned,
        "taught": taught,
        "shared_notes": shared_notes,
        "private_notes": private_notes,
    }
    for name, text in texts.items():
        texts[name] = (text or "").strip()
        if len(texts[name]) > MeetingLog.MAX_LENGTH:
            field = MeetingLog._meta.get_field(name)
            assert isinstance(field, Field)  # a column of the log, not a relation
            label = field.verbose_name
            raise MeetingError(
                f"“{label.capitalize()}” is {len(texts[name])} characters long; "
                f"at most {MeetingLog.MAX_LENGTH} fit."
            )
    progress: dict[str, int] = {}
    for entry in goal_progress or []:
        if not isinstance(entry, dict) or set(entry) != {"goal", "progress"}:
            raise MeetingError("Each goal's progress needs the goal and a step from 0 to 4.")
        goal, step = entry["goal"], entry["progress"]
        if goal not in goals:
            raise MeetingError(
                f"“{goal}” is not one of your goals in the agreement. Reload the page: "
                "the goals may have changed."
            )
        if goal in progress:
            raise MeetingError(f"“{goal}” has two progress steps; give one.")
        if isinstance(step, bool) or not isinstance(step, int):
            raise MeetingError(f"Give the progress on “{goal}” as a step from 0 to 4.")
        if not PROGRESS_MIN <= step <= PROGRESS_MAX:
            raise MeetingError(f"Progress on “{goal}” goes from 0 to 4; {step} is outside that.")
        progress[goal] = step
    ordered = [{"goal": goal, "progress": progress[goal]} for goal in goals if goal in progress]
    return {**texts, "rating": rating, "goal_progress": ordered}


def _already_logged(meeting: Meeting, person: Person) -> bool:
    return MeetingLog.objects.filter(meeting=meeting, author=person).exists()


@transaction.atomic
def meeting_log_write(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    topics: str,
    learned: str,
    taught: str,
    goal_progress: list[dict[str, Any]],
    rating: int,
    shared_notes: str,
    private_notes: str,
) -> MeetingLog:
    """``person`` logs a meeting that took place, once. Private notes are
    encrypted and read by their author alone."""
    meeting = Meeting.objects.select_related("pair__program").get(pk=meeting.pk)
    pair = meeting.pair
    side = _side(pair, person, "log their meetings")
    logged = _already_logged(meeting, person)
    agreement = Agreement.objects.filter(pair=pair).first()
    _refuse(log_refusal(meeting, timezone.now(), logged=logged, agreement=agreement))
    fields = _log_fields(
        goals=agreement_goals(agreement, side),
        topics=topics,
        learned=learned,
        taught=taught,
        goal_progress=goal_progress,
        rating=rating,
        shared_notes=shared_notes,
        private_notes=private_notes,
    )
    try:
        # A savepoint: a concurrent double submit loses on the unique constraint.
        with transaction.atomic():
            log = MeetingLog.objects.create(meeting=meeting, author=person, side=side, **fields)
    except IntegrityError:
        raise MeetingError(ALREADY_LOGGED) from None
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_LOG,
        subject=log,
        after={
            "meeting": str(meeting.uuid),
            "side": side,
            "rating": log.rating,
            "filled": sorted(name for name in LOG_TEXTS if fields[name]),
        },
    )
    pair_health_update(pairs=[pair])
    pair_complete_if_done(actor=actor, pair=pair)
    return log


def _day(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"


@transaction.atomic
def meeting_log_update(
    *,
    actor: Actor,
    log: MeetingLog,
    person: Person,
    topics: str,
    learned: str,
    taught: str,
    goal_progress: list[dict[str, Any]],
    rating: int,
    shared_notes: str,
    private_notes: str,
) -> MeetingLog:
    """The author changes their log, within ``Meeting.LOG_EDIT_DAYS`` days of writing it."""
    current = (
        MeetingLog.objects.select_for_update()
        .select_related("meeting__pair__program")
        .get(pk=log.pk)
    )
    if person is None or current.author_id != person.pk:
        raise MeetingError("Only the person who wrote a log can change it.")
    _refuse(log_update_refusal(current.meeting.pair))
    if not current.is_editable(timezone.now()):
        raise MeetingError(
            f"A log can be changed for {Meeting.LOG_EDIT_DAYS} days after it was written; "
            f"this one was written on {_day(current.created_at)}."
        )
    pair = current.meeting.pair
    agreement = Agreement.objects.filter(pair=pair).first()
    fields = _log_fields(
        goals=log_goals(agreement, current.side, current.goal_progress),
        topics=topics,
        learned=learned,
        taught=taught,
        goal_progress=goal_progress,
        rating=rating,
        shared_notes=shared_notes,
        private_notes=private_notes,
    )
    changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
    if not changed:
        return current
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_LOG_UPDATE,
        subject=current,
        after={"changed": changed, "rating": current.rating},
    )
    pair_health_update(pairs=[pair])
    return current

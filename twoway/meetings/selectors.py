"""Reads about meetings, scoped to who is asking.

``meeting_get_for_user`` is the access helper: the two partners and the
program's managers may open a meeting; anybody else gets a 404. What a
manager reads stops at dates, statuses, counts and whether each side logged:
the words of a log reach the partners only, and private notes their author only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Avg, Count, Min, Prefetch
from django.http import Http404
from django.utils import timezone

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.small_groups import is_small
from twoway.meetings.health import health_facts, live_status, pair_risks
from twoway.meetings.history import WeekCount, pair_timelines, weekly_counts
from twoway.meetings.models import Meeting, MeetingChange, MeetingLog
from twoway.meetings.rules import (
    PROGRESS_LABELS,
    agreement_goals,
    cancel_refusal,
    log_goals,
    log_refusal,
    log_update_refusal,
    reschedule_refusal,
    sign_required,
)
from twoway.pairs.models import Agreement, Pair, PulseCheckin
from twoway.pairs.selectors import pair_readable_by
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Program

# The fields of a log both partners read (never ``private_notes``).
SHARED_FIELDS = (
    "id",
    "uuid",
    "meeting",
    "author",
    "side",
    "topics",
    "learned",
    "taught",
    "goal_progress",
    "rating",
    "shared_notes",
    "created_at",
    "updated_at",
)


def _meeting_or_404(uuid: UUID | str) -> Meeting:
    return object_or_404(
        Meeting.objects.select_related(
            "pair__program", "pair__mentor", "pair__mentee", "proposed_by", "cancelled_by"
        ),
        "No such meeting",
        uuid=uuid,
    )


def meeting_get_for_user(*, user: RequestUser, uuid: UUID | str) -> Meeting:
    meeting = _meeting_or_404(uuid)
    if pair_readable_by(user, meeting.pair):
        return meeting
    raise Http404("No such meeting")


def meeting_get_for_partner(*, user: RequestUser, uuid: UUID | str) -> tuple[Meeting, Person, str]:
    """The meeting, the user's person and their side, for what only the two
    partners may do; 404 for anybody else (managers too)."""
    meeting = _meeting_or_404(uuid)
    person = user_person(user)
    side = meeting.pair.side_of(person)
    if person is None or not side:
        raise Http404("No such meeting")
    return meeting, person, side


# --- what the pages show --------------------------------------------------------------


@dataclass
class LogView:
    """A log as its reader may see it: ``private_notes`` is "" unless the reader wrote it."""

    log_uuid: UUID
    side: str
    author: str
    topics: str
    learned: str
    taught: str
    goal_progress: list[dict[str, Any]]
    rating: int
    shared_notes: str
    private_notes: str
    created_at: datetime
    editable: bool

    @property
    def progress_rows(self) -> list[dict[str, Any]]:
        return [
            {**entry, "label": PROGRESS_LABELS.get(entry["progress"], "")}
            for entry in self.goal_progress
        ]


@dataclass
class MeetingRow:
    meeting: Meeting
    mentor_logged: bool = False
    mentee_logged: bool = False
    mine: LogView | None = None  # partners only
    theirs: LogView | None = None  # partners only, without private notes

    @property
    def both_logged(self) -> bool:
        return self.mentor_logged and self.mentee_logged


@dataclass
class ChangeRow:
    meeting: Meeting
    kind: str
    kind_label: str
    side: str
    at: datetime
    by: str = ""  # partners only
    reason: str = ""  # partners only
    starts_before: datetime | None = None
    starts_after: datetime | None = None


@dataclass
class GoalRow:
    goal: str
    progress: int | None  # None: not rated yet
    label: str


@dataclass
class MeetingsPanel:
    pair: Pair
    side: str  # the viewer's side; "" for a program manager
    next: MeetingRow | None
    upcoming: list[MeetingRow]
    past: list[MeetingRow]  # held: started and not cancelled, latest first
    cancelled: list[MeetingRow]
    changes: list[ChangeRow]  # latest first
    held: int
    planned: int
    cancelled_by: dict[str, int]  # "mentor" / "mentee" -> how many
    goals: dict[str, list[GoalRow]] = field(default_factory=dict)  # partners only

    @property
    def is_partner(self) -> bool:
        return bool(self.side)

    @property
    def can_schedule(self) -> bool:
        """``services.meeting_schedule`` takes a partner's meetings while the pair runs."""
        return self.is_partner and self.pair.is_live

    @property
    def partner_side(self) -> str:
        return {"mentor": "mentee", "mentee": "mentor"}.get(self.side, "")

    @property
    def partner(self) -> Person | None:
        return {"mentor": self.pair.mentee, "mentee": self.pair.mentor}.get(self.side)

    @property
    def my_goals(self) -> list[GoalRow]:
        return self.goals.get(self.side, [])

    @property
    def partner_goals(self) -> list[GoalRow]:
        return self.goals.get(self.partner_side, [])


def _log_view(log: MeetingLog, pair: Pair, *, private: bool, now: datetime) -> LogView:
    author = pair.mentor if log.author_id == pair.mentor_id else pair.mentee
    return LogView(
        log_uuid=log.uuid,
        side=log.side,
        author=author.name,
        topics=log.topics,
        learned=log.learned,
        taught=log.taught,
        goal_progress=list(log.goal_progress),
        rating=log.rating,
        shared_notes=log.shared_notes,
        # The partner's private notes were never loaded (deferred): never touch them.
        private_notes=log.private_notes if private else "",
        created_at=log.created_at,
        editable=private and log.is_editable(now),
    )


def _meeting_rows(
    meetings: list[Meeting], pair: Pair, person: Person | None, now: datetime
) -> list[MeetingRow]:
    rows = []
    for meeting in meetings:
        row = MeetingRow(meeting)
        if person is None:
            sides = set(meeting.log_sides)  # type: ignore[attr-defined]  # set by _meetings_query
        else:
            # Prefetch(to_attr=...) lists, which django-stubs cannot see.
            mine, theirs = meeting.my_logs, meeting.their_logs  # type: ignore[attr-defined]
            row.mine = _log_view(mine[0], pair, private=True, now=now) if mine else None
            row.theirs = _log_view(theirs[0], pair, private=False, now=now) if theirs else None
            sides = {log.side for log in mine + theirs}
        row.mentor_logged, row.mentee_logged = "mentor" in sides, "mentee" in sides
        rows.append(row)
    return rows


def _meetings_query(
    pair: Pair, person: Person | None, only: Meeting | None = None
) -> list[Meeting]:
    """The pair's meetings (or just ``only``) with their ledger and the logs
    ``person`` may read; for a manager (None), which sides logged."""
    meetings = Meeting.objects.filter(pair=pair).select_related("proposed_by", "cancelled_by")
    if only is not None:
        meetings = meetings.filter(pk=only.pk)
    changes = MeetingChange.objects.select_related("by").order_by("created_at", "id")
    meetings = meetings.prefetch_related(Prefetch("changes", queryset=changes))
    if person is not None:
        # The viewer's logs in full, the partner's without private notes.
        mine = MeetingLog.objects.filter(author=person)
        theirs = MeetingLog.objects.exclude(author=person).only(*SHARED_FIELDS)
        meetings = meetings.prefetch_related(
            Prefetch("logs", queryset=mine, to_attr="my_logs"),
            Prefetch("logs", queryset=theirs, to_attr="their_logs"),
        )
        return list(meetings)
    # A manager: only which side logged, never a log's fields.
    result = list(meetings)
    logs = MeetingLog.objects.filter(meeting__pair=pair)
    if only is not None:
        logs = logs.filter(meeting=only)
    sides: dict[int, list[str]] = {}
    for meeting_id, side in logs.values_list("meeting_id", "side"):
        sides.setdefault(meeting_id, []).append(side)
    for meeting in result:
        # Attached for _meeting_rows; the model declares no such field.
        meeting.log_sides = sides.get(meeting.pk, [])  # type: ignore[attr-defined]
    return result


def _changes(meetings: list[Meeting], pair: Pair, partner: bool) -> list[ChangeRow]:
    rows = []
    for meeting in meetings:
        for change in meeting.changes.all():
            row = ChangeRow(
                meeting=meeting,
                kind=change.kind,
                kind_label=change.get_kind_display(),
                side=change.side,
                at=change.created_at,
                starts_before=change.starts_before,
                starts_after=change.starts_after,
            )
            if partner:
                row.by = change.by.name if change.by else ""
                row.reason = change.reason
            rows.append(row)
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows


def _goals(pair: Pair, rows: list[MeetingRow]) -> dict[str, list[GoalRow]]:
    """The latest progress each side gave on each of its goals in the agreement."""
    agreement = Agreement.objects.filter(pair=pair).first()
    latest: dict[str, dict[str, int]] = {"mentor": {}, "mentee": {}}
    # Oldest meeting first, so later logs overwrite earlier progress.
    for row in sorted(rows, key=lambda row: row.meeting.starts_at):
        for log in (row.mine, row.theirs):
            if log is None:
                continue
            for entry in log.goal_progress:
                latest[log.side][entry["goal"]] = entry["progress"]
    goals = {}
    for side in ("mentor", "mentee"):
        goals[side] = [
            GoalRow(
                goal=goal,
                progress=latest[side].get(goal),
                label=PROGRESS_LABELS.get(latest[side].get(goal, -1), "Not rated yet"),
            )
            for goal in agreement_goals(agreement, side)
        ]
    return goals


def meetings_panel(*, pair: Pair, person: Person | None, now: datetime) -> MeetingsPanel:
    """The pair's meetings for its page. ``person`` is the partner looking, or
    None for a program manager, who gets dates, statuses, counts and whether
    each side logged, and no words."""
    side = pair.side_of(person)
    viewer = person if side else None
    meetings = _meetings_query(pair, viewer)
    rows = _meeting_rows(meetings, pair, viewer, now)
    scheduled = [row for row in rows if not row.meeting.is_cancelled]
    upcoming = [row for row in scheduled if row.meeting.starts_at > now]
    past = [row for row in scheduled if row.meeting.starts_at <= now]
    past.reverse()
    cancelled = [row for row in rows if row.meeting.is_cancelled]
    cancelled_by = {"mentor": 0, "mentee": 0}
    for row in cancelled:
        if row.meeting.cancelled_side in cancelled_by:
            cancelled_by[row.meeting.cancelled_side] += 1
    return MeetingsPanel(
        pair=pair,
        side=side,
        next=upcoming[0] if upcoming else None,
        upcoming=upcoming,
        past=past,
        cancelled=cancelled,
        changes=_changes(meetings, pair, partner=bool(side)),
        held=len(past),
        planned=pair.program.planned_sessions,
        cancelled_by=cancelled_by,
        goals=_goals(pair, rows) if side else {},
    )


@dataclass
class MeetingView:
    """One meeting as the viewer sees it (see ``meetings_panel`` for who reads what)."""

    meeting: Meeting
    row: MeetingRow
    side: str
    changes: list[ChangeRow]
    started: bool
    # Partners only, from here on: a program manager reads and changes nothing.
    partner: Person | None = None
    ended: bool = False  # the pair ended: nothing can change any more
    can_reschedule: bool = False  # also: the pair still runs
    can_cancel: bool = False  # until it is logged
    can_log: bool = False  # write a new log
    can_edit_log: bool = False  # change one's log, while it may change
    goals: list[str] = field(default_factory=list)  # what the viewer's log may rate
    must_sign: bool = False  # the agreement must be signed before logging


def meeting_view(*, meeting: Meeting, person: Person | None, now: datetime) -> MeetingView:
    """What the meeting's page shows ``person`` (None: a program manager)."""
    pair = meeting.pair
    side = pair.side_of(person)
    viewer = person if side else None
    meetings = _meetings_query(pair, viewer, only=meeting)
    (row,) = _meeting_rows(meetings, pair, viewer, now)
    view = MeetingView(
        meeting=meeting,
        row=row,
        side=side,
        changes=_changes(meetings, pair, partner=bool(side)),
        started=meeting.starts_at <= now,
    )
    if person is None or not side:
        return view
    # The services' own rules decide which forms the page offers.
    agreement = Agreement.objects.filter(pair=pair).first()
    mine = row.mine
    view.partner = pair.partner_of(person)
    view.ended = pair.status == Pair.Status.ENDED
    view.can_reschedule = not reschedule_refusal(meeting, now)
    view.can_cancel = not cancel_refusal(meeting, logged=row.mentor_logged or row.mentee_logged)
    view.can_log = not log_refusal(meeting, now, logged=mine is not None, agreement=agreement)
    view.can_edit_log = bool(mine and mine.editable) and not log_update_refusal(pair)
    view.goals = log_goals(agreement, side, mine.goal_progress if mine else ())
    view.must_sign = sign_required(pair, agreement)
    return view


def meeting_log_own(*, meeting: Meeting, person: Person) -> tuple[MeetingLog | None, list[str]]:
    """``person``'s log of ``meeting`` (None before they write it) and the goals it may rate."""
    log = MeetingLog.objects.filter(meeting=meeting, author=person).first()
    agreement = Agreement.objects.filter(pair=meeting.pair).first()
    return log, log_goals(agreement, meeting.pair.side_of(person), log.goal_progress if log else ())


# --- the health board (program managers) ------------------------------------------------

# The order of the board: the pairs that need a manager first.
BOARD_ORDER: dict[str, int] = {
    Pair.Status.AT_RISK: 0,
    Pair.Status.NEW: 1,
    Pair.Status.ACTIVE: 2,
    Pair.Status.ENDED: 3,
    Pair.Status.COMPLETED: 4,
}


@dataclass
class HealthRow:
    pair: Pair
    status: str  # as the rules find it now
    risks: list[str]
    signed: bool
    held: int
    cancelled: Counter[str]  # meetings cancelled, by side
    last_met: datetime | None
    next_meeting: datetime | None
    rematch: Pair | None = None

    @property
    def status_label(self) -> str:
        return Pair.Status(self.status).label


@dataclass
class HealthFigures:
    pairs: int
    by_status: dict[str, int]
    held: int
    planned: int
    upcoming: int
    cancelled: dict[str, int]
    checkins_answered: int
    # Mean check-in quality: None while fewer than REPORT_MIN_GROUP_SIZE answered.
    checkin_quality: float | None


def health_rows(*, program: Program, now: datetime) -> list[HealthRow]:
    """Every pair of ``program`` with what a manager needs to act: status and
    risks as the rules find them now, signatures, meetings held and cancelled,
    last and next meeting, the pair that replaced an ended one. No content of
    agreements, logs or notes."""
    pairs = list(
        Pair.objects.filter(program=program)
        .select_related("mentor", "mentee")
        .prefetch_related("rematches")
        .order_by("created_at", "id")
    )
    facts = health_facts(pairs, now)
    upcoming = dict(
        Meeting.objects.filter(
            pair__program=program, status=Meeting.Status.SCHEDULED, starts_at__gt=now
        )
        .values("pair_id")
        .annotate(first=Min("starts_at"))
        .values_list("pair_id", "first")
    )
    rows = []
    for pair in pairs:
        fact = facts[pair.pk]
        risks = pair_risks(fact, program, now) if pair.is_live else []
        outcomes = Counter(fact.outcomes)
        rematches = list(pair.rematches.all())
        rows.append(
            HealthRow(
                pair=pair,
                status=live_status(fact, risks) if pair.is_live else pair.status,
                risks=risks,
                signed=fact.signed,
                held=outcomes.pop("", 0),
                cancelled=outcomes,
                last_met=fact.last_met,
                next_meeting=upcoming.get(pair.pk),
                rematch=rematches[0] if rematches else None,
            )
        )
    rows.sort(key=lambda row: (BOARD_ORDER.get(row.status, 5), -len(row.risks)))
    return rows


def health_figures(*, program: Program, rows: list[HealthRow]) -> HealthFigures:
    """The program's figures: pairs by status, meetings held against planned,
    cancellations by side, check-ins (their mean hidden under the group minimum)."""
    by_status = Counter(row.status for row in rows)
    counted = [row for row in rows if row.pair.status != Pair.Status.ENDED]
    cancelled = sum((row.cancelled for row in rows), Counter())
    answered = PulseCheckin.objects.filter(
        pair__program=program, answered_at__isnull=False
    ).aggregate(n=Count("id"), mean=Avg("quality"))
    mean = answered["mean"]
    return HealthFigures(
        pairs=len(rows),
        by_status={status: by_status[status] for status in Pair.Status.values},
        held=sum(row.held for row in rows),
        planned=program.planned_sessions * len(counted),
        upcoming=sum(1 for row in rows if row.next_meeting),
        cancelled={side: cancelled[side] for side in ("mentor", "mentee")},
        checkins_answered=answered["n"],
        checkin_quality=None if is_small(answered["n"]) or mean is None else round(mean, 1),
    )


def health_history(*, rows: list[HealthRow], now: datetime) -> list[WeekCount]:
    """The board's pairs by status, week by week since the first was published
    (``meetings.history``); this week agrees with ``rows``."""
    pairs = [row.pair for row in rows]
    current = {row.pair.pk: row.status for row in rows}
    timelines = pair_timelines(pairs, now=now, current=current)
    return weekly_counts(timelines, now=now, tz=timezone.get_current_timezone())

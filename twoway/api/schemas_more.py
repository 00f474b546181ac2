"""The shapes of the API's program work: enrollments, match runs, pairs,
meetings, outcomes and people imports (their OpenAPI components).

As in ``twoway.api.schemas``: an ``…Out`` schema and a ``…Page`` of them per
resource, and a builder that turns a row into its schema. A field some readers
may not see is nullable and says "Null unless …".
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from twoway.core.typed_text import typed_text_clean
from twoway.matching.models import MatchRun, Proposal
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.people.models import ImportUpload, Person
from twoway.programs.models import Enrollment

# --- enrollments ----------------------------------------------------------------


class EnrollmentPersonOut(Schema):
    uuid: UUID
    name: str
    job_title: str
    department: str | None = Field(description="The department's full path.")


class EnrollmentTopicOut(Schema):
    skill: UUID
    name: str
    direction: str = Field(description="teach or learn.")
    level: int


class EnrollmentOut(Schema):
    uuid: UUID
    program: str = Field(description="The program's slug.")
    person: EnrollmentPersonOut
    role: str = Field(description="mentor, mentee, both, or empty before joining.")
    status: str
    capacity: int
    availability: list[str]
    formats: list[str]
    goal: str
    topics: list[EnrollmentTopicOut]
    joined_on: dt.date | None
    left_on: dt.date | None
    updated_at: dt.datetime


class EnrollmentPage(Schema):
    items: list[EnrollmentOut]
    next: str | None


class EnrollmentTopicIn(Schema):
    model_config = ConfigDict(extra="forbid")

    skill: UUID = Field(description="A skill of the catalogue (GET /skills).")
    level: int = Field(ge=1, le=5)


class EnrollmentIn(Schema):
    """Joining (or changing your enrollment) as the join page does: your role, the
    topics you teach and learn, how many you mentor, when and how you meet."""

    model_config = ConfigDict(extra="forbid")

    role: str = Field(description="mentor, mentee, or both (mutual programs).", max_length=8)
    teach: list[EnrollmentTopicIn] = Field(default_factory=list, max_length=50)
    learn: list[EnrollmentTopicIn] = Field(default_factory=list, max_length=50)
    capacity: int = Field(default=1, ge=1, le=100)
    availability: list[str] = Field(default_factory=list, max_length=50)
    formats: list[str] = Field(default_factory=list, max_length=50)
    goal: str = Field(default="", max_length=2000)

    @field_validator("goal")
    @classmethod
    def _typed_text(cls, value: str) -> str:
        return typed_text_clean(value)


def enrollment_out(enrollment: Enrollment, *, slug: str) -> EnrollmentOut:
    person = enrollment.person
    return EnrollmentOut(
        uuid=enrollment.uuid,
        program=slug,
        person=EnrollmentPersonOut(
            uuid=person.uuid,
            name=person.name,
            job_title=person.job_title,
            department=person.department.path if person.department else None,
        ),
        role=enrollment.role,
        status=enrollment.status,
        capacity=enrollment.capacity,
        availability=list(enrollment.availability or []),
        formats=list(enrollment.formats or []),
        goal=enrollment.goal,
        topics=[
            EnrollmentTopicOut(
                skill=t.skill.uuid, name=t.skill.name, direction=t.direction, level=t.level
            )
            for t in enrollment.topics.all()
        ],
        joined_on=enrollment.joined_on,
        left_on=enrollment.left_on,
        updated_at=enrollment.updated_at,
    )


# --- match runs -----------------------------------------------------------------


class MatchRunOut(Schema):
    uuid: UUID
    program: str = Field(description="The program's slug.")
    status: str = Field(description="queued, running, succeeded or failed.")
    phase: str = Field(description="What the run is doing now.")
    percent: int = Field(description="Progress, 0 to 100.")
    dry_run: bool
    weights: dict[str, float]
    total: float | None
    certified_optimal: bool | None
    pairs: int | None = Field(description="Null until the run has succeeded.")
    error: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    shared_at: dt.datetime | None
    published_at: dt.datetime | None
    updated_at: dt.datetime


class MatchRunPage(Schema):
    items: list[MatchRunOut]
    next: str | None


class MatchRunIn(Schema):
    """What the matching page's start button sends."""

    model_config = ConfigDict(extra="forbid")

    dry_run: bool = Field(default=False, description="Only show what matching would do.")
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="Score weights (0 to 100) to use instead of the program's.",
    )


def match_run_out(run: MatchRun, *, slug: str) -> MatchRunOut:
    succeeded = run.status == MatchRun.Status.SUCCEEDED
    return MatchRunOut(
        uuid=run.uuid,
        program=slug,
        status=run.status,
        phase=run.phase,
        percent=run.percent,
        dry_run=run.is_dry_run,
        weights={k: float(v) for k, v in (run.settings or {}).get("weights", {}).items()},
        total=run.total,
        certified_optimal=run.certified_optimal,
        pairs=int((run.counts or {}).get("pairs", 0)) if succeeded else None,
        error=run.error,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
        shared_at=run.shared_at,
        published_at=run.published_at,
        updated_at=run.updated_at,
    )


class ProposalOut(Schema):
    uuid: UUID
    mentor: UUID = Field(description="The mentor's person uuid.")
    mentor_name: str
    mentee: UUID = Field(description="The mentee's person uuid.")
    mentee_name: str
    score: float
    decision: str | None = Field(description="lock or exclude, or null for no decision.")
    opted_out: bool
    updated_at: dt.datetime


class ProposalPage(Schema):
    items: list[ProposalOut]
    next: str | None


class ReviewDecisionIn(Schema):
    """A review decision on a proposed pair, as the review page offers it."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(
        description="lock (every re-run keeps them together), exclude (no run pairs them "
        "again) or clear (take the decision back).",
        max_length=8,
    )


class SwapIn(Schema):
    """Two proposed pairs of the run whose partners to swap."""

    model_config = ConfigDict(extra="forbid")

    proposals: list[UUID] = Field(min_length=2, max_length=2)


class SwapOut(Schema):
    proposals: list[ProposalOut] = Field(description="The two new pairs, both locked.")
    total_before: float
    total_after: float


def proposal_out(proposal: Proposal) -> ProposalOut:
    return ProposalOut(
        uuid=proposal.uuid,
        mentor=proposal.mentor.uuid,
        mentor_name=proposal.mentor.name,
        mentee=proposal.mentee.uuid,
        mentee_name=proposal.mentee.name,
        score=proposal.score,
        decision=getattr(proposal, "decision", None),
        opted_out=proposal.opted_out_at is not None,
        updated_at=proposal.updated_at,
    )


class PublishOut(Schema):
    run: MatchRunOut
    pairs_created: int = Field(description="0 when the run was already published.")


# --- pairs ----------------------------------------------------------------------


class PairPersonOut(Schema):
    uuid: UUID
    name: str
    job_title: str


class PairOut(Schema):
    uuid: UUID
    program: str = Field(description="The program's slug.")
    mentor: PairPersonOut
    mentee: PairPersonOut
    status: str
    origin: str
    published_at: dt.datetime | None
    signed_at: dt.datetime | None
    ended_at: dt.datetime | None
    completed_at: dt.datetime | None
    my_side: str | None = Field(description="mentor or mentee; null unless you are in the pair.")
    risk_reasons: list[str] | None = Field(
        description="Why the pair looks at risk. Null unless you manage its program."
    )


class PairPage(Schema):
    items: list[PairOut]
    next: str | None


def _pair_person(person: Person) -> PairPersonOut:
    return PairPersonOut(uuid=person.uuid, name=person.name, job_title=person.job_title)


def pair_out(pair: Pair, *, my_side: str, manager: bool) -> PairOut:
    return PairOut(
        uuid=pair.uuid,
        program=pair.program.slug,
        mentor=_pair_person(pair.mentor),
        mentee=_pair_person(pair.mentee),
        status=pair.status,
        origin=pair.origin,
        published_at=pair.published_at,
        signed_at=pair.signed_at,
        ended_at=pair.ended_at,
        completed_at=pair.completed_at,
        my_side=my_side or None,
        risk_reasons=[str(r) for r in pair.risk_reasons or []] if manager else None,
    )


# --- meetings -------------------------------------------------------------------


class MeetingOut(Schema):
    uuid: UUID
    pair: UUID
    starts_at: dt.datetime
    time_zone: str
    duration_minutes: int
    status: str
    mentor_logged: bool
    mentee_logged: bool
    place: str | None = Field(description="Null unless you are in the pair.")
    video_url: str | None = Field(description="Null unless you are in the pair.")


class MeetingPage(Schema):
    items: list[MeetingOut]
    next: str | None


class MeetingIn(Schema):
    """Planning a meeting (or a series) as the pair's meeting form does."""

    model_config = ConfigDict(extra="forbid")

    starts_at_local: dt.datetime = Field(
        description="The local date and time, without offset, in time_zone."
    )
    time_zone: str = Field(max_length=64, description="An IANA time zone, e.g. Europe/London.")
    duration_minutes: int
    place: str = Field(default="", max_length=200)
    video_url: str = Field(default="", max_length=500)
    repeat: int = Field(default=1, description="How many meetings in the series.")

    @field_validator("place", "video_url", "time_zone")
    @classmethod
    def _typed_text(cls, value: str) -> str:
        return typed_text_clean(value)


def meeting_out(meeting: Meeting, *, sides: list[str], partner: bool) -> MeetingOut:
    return MeetingOut(
        uuid=meeting.uuid,
        pair=meeting.pair.uuid,
        starts_at=meeting.starts_at,
        time_zone=meeting.time_zone,
        duration_minutes=meeting.duration_minutes,
        status=meeting.status,
        mentor_logged="mentor" in sides,
        mentee_logged="mentee" in sides,
        place=meeting.place if partner else None,
        video_url=meeting.video_url if partner else None,
    )


# --- outcomes -------------------------------------------------------------------


class OutcomesOut(Schema):
    """A program's outcome report, as ``twoway outcomes --json`` writes it. Every
    figure has been through the small-group rule: a group under ``k`` people has
    no figures (null), and neither has the next smallest group of the same
    breakdown when one alone would be hidden."""

    program: str
    as_of: dt.date
    k: int = Field(description="The smallest group shown.")
    suppressed: bool = Field(description="True when the whole program is under k.")
    participants: dict[str, Any]
    comparison: dict[str, Any]
    hazard_ratio: dict[str, float | None] | None
    log_rank: dict[str, float | None]
    promotions_12_months: list[dict[str, Any]]
    by_side: list[dict[str, Any]]
    learning: list[dict[str, Any]]
    meetings: dict[str, Any] | None
    reach: list[dict[str, Any]]
    surveys: dict[str, Any] | None


# --- people imports -------------------------------------------------------------


class ImportOut(Schema):
    """An uploaded HR file: its check (while pending), or what importing it did."""

    uuid: UUID
    filename: str
    status: str = Field(description="pending, applied or discarded.")
    mark_leavers: bool
    created_at: dt.datetime
    checked_at: dt.datetime | None
    applied_at: dt.datetime | None
    summary: str
    created: int
    updated: int
    unchanged: int
    leavers: int
    error_count: int
    errors: list[str] = Field(description="One line per problem: row, column, message.")


def import_out(upload: ImportUpload) -> ImportOut:
    stored: dict[str, Any] = (
        upload.review if upload.status == ImportUpload.Status.PENDING else upload.result
    ) or {}
    return ImportOut(
        uuid=upload.uuid,
        filename=upload.filename,
        status=upload.status,
        mark_leavers=upload.mark_leavers,
        created_at=upload.created_at,
        checked_at=upload.checked_at,
        applied_at=upload.applied_at,
        summary=str(stored.get("summary", "")),
        created=int(stored.get("created", 0)),
        updated=int(stored.get("updated", 0)),
        unchanged=int(stored.get("unchanged", 0)),
        leavers=int(stored.get("leavers", 0)),
        error_count=int(stored.get("error_count", 0)),
        errors=[str(line) for line in stored.get("errors", [])],
    )

"""Shared steps of the meetings tests: plan, sign and log as the partners would."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.services import meeting_log_write, meeting_schedule
from twoway.pairs.models import Pair
from twoway.pairs.tests.agreements import edit, sign

ZONE = "Europe/London"


def juno_pair() -> Pair:
    """Juno mentors Sterling."""
    return Pair.objects.select_related("program", "mentor", "mentee").get(mentor__name="Juno Park")


def local_in(days: int, hour: int = 10) -> datetime:
    """A naive wall-clock time ``days`` from today at ``hour``:00."""
    day = (timezone.now() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, 0)


def plan(pair: Pair, person: Any, *, days: int = 7, **fields: Any) -> list[Meeting]:
    fields.setdefault("time_zone", ZONE)
    fields.setdefault("duration_minutes", 60)
    return meeting_schedule(
        actor=person.user,
        pair=pair,
        person=person,
        starts_at_local=fields.pop("starts_at_local", local_in(days)),
        **fields,
    )


def held(pair: Pair, person: Any, *, hours_ago: int = 2) -> Meeting:
    """A meeting planned ahead, whose time has come (moved into the past in the database)."""
    (meeting,) = plan(pair, person)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    meeting.refresh_from_db()
    return meeting


def sign_both(pair: Pair, *, mentor_goals: str = "", mentee_goals: str = "") -> None:
    agreement = pair.agreement
    version = agreement.version
    changes = {}
    if mentor_goals:
        changes["mentor_goals"] = mentor_goals
    if mentee_goals:
        changes["mentee_goals"] = mentee_goals
    if changes:
        agreement = edit(agreement, pair.mentor, version, **changes)
        version = agreement.version
    sign(agreement, pair.mentor, version)
    sign(agreement, pair.mentee, version)


def log(meeting: Meeting, person: Any, **fields: Any) -> MeetingLog:
    values: dict[str, Any] = {
        "topics": "Short video formats",
        "learned": "How a board reads a budget",
        "taught": "Cutting a 30-second reel",
        "goal_progress": [],
        "rating": 4,
        "shared_notes": "Next time: captions.",
        "private_notes": "",
    }
    values.update(fields)
    return meeting_log_write(actor=person.user, meeting=meeting, person=person, **values)


def next_clock_change(time_zone: str, *, after_days: int = 2) -> datetime:
    """The local date (at midnight) of the next day the clocks change in ``time_zone``."""
    zone = zoneinfo.ZoneInfo(time_zone)
    day = local_in(after_days, hour=12)
    offset = day.replace(tzinfo=zone).utcoffset()
    for _ in range(400):
        following = day + timedelta(days=1)
        if following.replace(tzinfo=zone).utcoffset() != offset:
            return following.replace(hour=0)
        day = following
    raise AssertionError(f"{time_zone} does not change its clocks")


def next_spring_forward(time_zone: str) -> datetime:
    """The local date (at midnight) of the next day the clocks go forward."""
    zone = zoneinfo.ZoneInfo(time_zone)
    change = next_clock_change(time_zone)
    before = (change - timedelta(days=1)).replace(tzinfo=zone).utcoffset()
    after = (change + timedelta(hours=12)).replace(tzinfo=zone).utcoffset()
    assert before is not None and after is not None, "a named zone always has an offset"
    if after > before:
        return change
    return next_clock_change(time_zone, after_days=(change - local_in(0)).days + 2)

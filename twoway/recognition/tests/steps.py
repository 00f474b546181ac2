"""Shared steps of the recognition tests: meetings that took place, a pair completed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Pair
from twoway.people.models import Person


def meet(
    pair: Pair,
    *,
    days_ago: int,
    status: str = Meeting.Status.SCHEDULED,
    logs: Iterable[Person] = (),
) -> Meeting:
    """A meeting ``days_ago`` days ago (negative: still to come), with logs by ``logs``."""
    meeting = Meeting.objects.create(
        pair=pair,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
        time_zone="Europe/London",
        status=status,
    )
    for author in logs:
        MeetingLog.objects.create(
            meeting=meeting,
            author=author,
            side=pair.side_of(author),
            topics="Budget season at the board, in confidence",
            rating=5,
            private_notes="Private: worried about the reorganisation",
        )
    return meeting


def complete(
    pair: Pair, *, on: dt.datetime = dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.UTC)
) -> Pair:
    pair.status = Pair.Status.COMPLETED
    pair.completed_at = on
    pair.save()
    return pair

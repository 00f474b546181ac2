import datetime as dt

import pytest
from django.utils import timezone

from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Pair
from twoway.pairs.tests.conftest import agreement, morgan, pilot, published  # noqa: F401
from twoway.recognition.services import recognition_award_completion


def meet(pair, *, days_ago, status=Meeting.Status.SCHEDULED, logs=()):
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


def complete(pair, *, on=dt.datetime(2026, 11, 20, 16, 0, tzinfo=dt.UTC)):
    pair.status = Pair.Status.COMPLETED
    pair.completed_at = on
    pair.save()
    return pair


@pytest.fixture
def pair(published):  # noqa: F811 (the fixture imported above)
    """Juno (mentor) and Sterling (mentee), still running."""
    return Pair.objects.select_related("program", "mentor", "mentee").get(mentor=published.juno)


@pytest.fixture
def completed(pair):
    """Juno and Sterling's pair, completed after three meetings that took place,
    one cancelled and one still to come (neither of which counts)."""
    both = (pair.mentor, pair.mentee)
    for days_ago in (60, 40, 20):
        meet(pair, days_ago=days_ago, logs=both)
    meet(pair, days_ago=30, status=Meeting.Status.CANCELLED)
    meet(pair, days_ago=-7)
    return complete(pair)


@pytest.fixture
def certificates(completed):
    """Juno's and Sterling's completion recognitions: [mentor's, mentee's]."""
    return recognition_award_completion(actor=None, pair=completed)

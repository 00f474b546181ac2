import pytest

from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.recognition.services import recognition_award_completion
from twoway.recognition.tests.steps import complete, meet


@pytest.fixture
def pair(published):
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

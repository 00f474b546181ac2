import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.services import MeetingError, meeting_log_update
from twoway.meetings.tests.helpers import held, juno_pair, log, sign_both
from twoway.pairs.services import pair_end


@pytest.fixture
def entry(published):
    pair = juno_pair()
    sign_both(pair, mentor_goals="Speak up in meetings")
    return log(held(pair, published.juno), published.juno, private_notes="first draft")


def update(entry, person, **fields):
    values = {
        "topics": entry.topics,
        "learned": entry.learned,
        "taught": entry.taught,
        "goal_progress": entry.goal_progress,
        "rating": entry.rating,
        "shared_notes": entry.shared_notes,
        "private_notes": entry.private_notes,
    }
    values.update(fields)
    return meeting_log_update(actor=person.user, log=entry, person=person, **values)


def test_the_author_changes_their_log(entry, published):
    changed = update(
        entry,
        published.juno,
        rating=2,
        private_notes="second thoughts",
        goal_progress=[{"goal": "Speak up in meetings", "progress": 2}],
    )
    changed = MeetingLog.objects.get(pk=changed.pk)
    assert changed.rating == 2 and changed.private_notes == "second thoughts"
    assert changed.goal_progress == [{"goal": "Speak up in meetings", "progress": 2}]
    event = AuditEvent.objects.get(action="meeting.log_update")
    assert event.after is not None
    assert event.after["changed"] == ["goal_progress", "private_notes", "rating"]
    assert "second thoughts" not in json.dumps(event.after)


def test_nobody_else_changes_it(entry, published):
    with pytest.raises(MeetingError, match="Only the person who wrote a log"):
        update(entry, published.sterling, rating=1)
    assert MeetingLog.objects.get(pk=entry.pk).rating == entry.rating


def test_a_log_can_be_changed_for_seven_days_only(entry, published):
    written = timezone.now() - timedelta(days=Meeting.LOG_EDIT_DAYS, minutes=1)
    MeetingLog.objects.filter(pk=entry.pk).update(created_at=written)
    entry.refresh_from_db()
    with pytest.raises(MeetingError, match="can be changed for 7 days after it was written"):
        update(entry, published.juno, rating=1)
    assert MeetingLog.objects.get(pk=entry.pk).rating == 4


def test_six_days_later_it_still_can(entry, published):
    MeetingLog.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=6))
    entry.refresh_from_db()
    assert update(entry, published.juno, rating=3).rating == 3


def test_a_change_is_checked_like_a_new_log(entry, published):
    with pytest.raises(MeetingError, match="from 1 to 5"):
        update(entry, published.juno, rating=9)
    with pytest.raises(MeetingError, match="not one of your goals"):
        update(entry, published.juno, goal_progress=[{"goal": "Fly", "progress": 1}])


def test_saving_the_same_log_again_writes_no_audit_event(entry, published):
    update(entry, published.juno)
    assert not AuditEvent.objects.filter(action="meeting.log_update").exists()


def test_a_log_of_a_pair_that_ended_cannot_be_changed(entry, published):
    pair = entry.meeting.pair
    pair_end(actor=published.juno.user, pair=pair, person=published.juno, reason="New job")
    refusal = "This pair has ended, so its logs can no longer be changed."
    with pytest.raises(MeetingError, match=re.escape(refusal)):
        update(entry, published.juno, rating=1)
    assert MeetingLog.objects.get(pk=entry.pk).rating == entry.rating

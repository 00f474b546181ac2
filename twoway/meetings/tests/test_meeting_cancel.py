import re

import pytest
from django.core import mail
from icalendar import Calendar

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting, MeetingChange
from twoway.meetings.services import MeetingError, meeting_cancel
from twoway.meetings.tests.helpers import held, juno_pair, log, plan, sign_both
from twoway.pairs.models import Pair
from twoway.pairs.services import pair_end


def cancel(meeting, person, reason="Board meeting moved onto it"):
    return meeting_cancel(actor=person.user, meeting=meeting, person=person, reason=reason)


def test_cancelling_records_who_which_side_why_and_when(published):
    (meeting,) = plan(juno_pair(), published.juno)
    cancelled = cancel(meeting, published.sterling)

    assert cancelled.status == Meeting.Status.CANCELLED and cancelled.is_cancelled
    assert cancelled.cancelled_by == published.sterling
    assert cancelled.cancelled_side == "mentee"
    assert cancelled.cancel_reason == "Board meeting moved onto it"
    assert cancelled.cancelled_at is not None and cancelled.sequence == 1
    change = MeetingChange.objects.get(meeting=meeting, kind="cancelled")
    assert (change.by, change.side, change.reason) == (
        published.sterling,
        "mentee",
        "Board meeting moved onto it",
    )
    event = AuditEvent.objects.get(action="meeting.cancel")
    assert event.after is not None and event.after["side"] == "mentee"


def test_a_reason_is_required(published):
    (meeting,) = plan(juno_pair(), published.juno)
    with pytest.raises(MeetingError, match="Say why"):
        cancel(meeting, published.juno, reason="   ")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_cancelling_twice_is_refused_and_changes_nothing(published):
    (meeting,) = plan(juno_pair(), published.juno)
    cancel(meeting, published.juno, reason="First")
    with pytest.raises(MeetingError, match="cancelled already"):
        cancel(meeting, published.sterling, reason="Second")
    current = Meeting.objects.get(pk=meeting.pk)
    assert (current.cancel_reason, current.cancelled_side, current.sequence) == (
        "First",
        "mentor",
        1,
    )
    assert MeetingChange.objects.filter(kind="cancelled").count() == 1
    assert AuditEvent.objects.filter(action="meeting.cancel").count() == 1


def test_two_people_cancelling_the_same_copy_at_once_cancel_once(published):
    (meeting,) = plan(juno_pair(), published.juno)
    seen_by_juno = Meeting.objects.get(pk=meeting.pk)
    seen_by_sterling = Meeting.objects.get(pk=meeting.pk)
    cancel(seen_by_juno, published.juno, reason="First")
    with pytest.raises(MeetingError, match="cancelled already"):
        cancel(seen_by_sterling, published.sterling, reason="Second")
    assert Meeting.objects.get(pk=meeting.pk).cancelled_by == published.juno


def test_only_the_partners_cancel(published):
    (meeting,) = plan(juno_pair(), published.juno)
    with pytest.raises(MeetingError, match="Only the two partners"):
        cancel(meeting, published.maya)
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled


def test_a_logged_meeting_cannot_be_cancelled(published):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    log(meeting, published.sterling)
    with pytest.raises(MeetingError, match="was logged"):
        cancel(meeting, published.juno)


def test_both_partners_get_the_cancellation(published, django_capture_on_commit_callbacks):
    (meeting,) = plan(juno_pair(), published.juno)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel(meeting, published.sterling, reason="Travelling")

    assert sorted(m.to[0] for m in mail.outbox) == ["juno@example.org", "sterling@example.org"]
    to_juno = next(m for m in mail.outbox if m.to == ["juno@example.org"])
    assert "Meeting cancelled with Sterling Hayes" in to_juno.subject
    assert "Sterling Hayes cancelled" in to_juno.body and "Why: Travelling" in to_juno.body
    ((name, content, mimetype),) = to_juno.attachments
    assert name == "invite.ics" and mimetype == "text/calendar; method=CANCEL"
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "CANCEL" and calendar.events[0]["STATUS"] == "CANCELLED"


def test_the_same_side_cancelling_twice_in_a_row_puts_the_pair_at_risk(published):
    pair = juno_pair()
    first, second = plan(pair, published.juno, repeat=2)
    cancel(first, published.sterling)
    cancel(second, published.sterling)
    pair = Pair.objects.get(pk=pair.pk)
    assert pair.status == Pair.Status.AT_RISK
    assert "The mentee cancelled the last two meetings" in pair.risk_reasons


def test_no_meeting_of_a_pair_that_ended_can_be_cancelled(published):
    pair = juno_pair()
    sign_both(pair)
    unlogged = held(pair, published.juno)
    (coming,) = plan(pair, published.juno)
    pair_end(actor=published.juno.user, pair=pair, person=published.juno, reason="New job")
    refusal = "This pair has ended, so its meetings can no longer be cancelled."
    for meeting in (unlogged, coming):
        with pytest.raises(MeetingError, match=re.escape(refusal)):
            cancel(meeting, published.sterling)
    assert Meeting.objects.get(pk=unlogged.pk).status == Meeting.Status.SCHEDULED
    assert not Meeting.objects.filter(cancelled_by=published.sterling).exists()


def test_a_completed_pair_still_cancels_a_meeting_left_on_the_calendar(published):
    pair = juno_pair()
    (meeting,) = plan(pair, published.juno)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)
    assert cancel(meeting, published.sterling).is_cancelled

import re
import zoneinfo
from datetime import UTC, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting, MeetingChange
from twoway.meetings.services import MeetingError, meeting_cancel, meeting_reschedule
from twoway.meetings.tests.helpers import juno_pair, local_in, plan
from twoway.pairs.models import Pair
from twoway.pairs.services import pair_end


def move(meeting, person, **fields):
    values: dict[str, Any] = {
        "starts_at_local": local_in(12, hour=15),
        "time_zone": "Europe/Paris",
        "duration_minutes": 90,
        "place": "Room 1",
        "video_url": "",
        "reason": "Clash with the quarterly review",
    }
    values.update(fields)
    return meeting_reschedule(actor=person.user, meeting=meeting, person=person, **values)


def test_moving_a_meeting_keeps_its_identity_and_records_before_and_after(published):
    (meeting,) = plan(juno_pair(), published.juno)
    before = meeting.starts_at
    moved = move(meeting, published.sterling)

    assert moved.pk == meeting.pk and moved.uuid == meeting.uuid
    assert moved.sequence == 1 and moved.time_zone == "Europe/Paris"
    local = moved.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))
    assert (local.hour, local.minute) == (15, 0)
    assert (moved.duration_minutes, moved.place) == (90, "Room 1")
    change = MeetingChange.objects.get(meeting=meeting, kind="rescheduled")
    assert (change.starts_before, change.starts_after) == (before, moved.starts_at)
    assert (change.by, change.side) == (published.sterling, "mentee")
    assert change.reason == "Clash with the quarterly review"
    after = AuditEvent.objects.get(action="meeting.reschedule").after
    assert after is not None and after["sequence"] == 1


def test_both_get_the_updated_invite(published, django_capture_on_commit_callbacks):
    (meeting,) = plan(juno_pair(), published.juno)
    with django_capture_on_commit_callbacks(execute=True):
        moved = move(meeting, published.juno)
    assert len(mail.outbox) == 2
    assert all("Meeting moved with" in m.subject for m in mail.outbox)
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).events[0]
    assert event["UID"] == f"{meeting.uuid}@twoway" and event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART").astimezone(UTC) == moved.starts_at


def test_a_meeting_that_started_cannot_be_moved(published):
    (meeting,) = plan(juno_pair(), published.juno)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(MeetingError, match="already started"):
        move(meeting, published.juno)
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_a_cancelled_meeting_cannot_be_moved(published):
    (meeting,) = plan(juno_pair(), published.juno)
    meeting_cancel(actor=None, meeting=meeting, person=published.juno, reason="No")
    with pytest.raises(MeetingError, match="cancelled already"):
        move(meeting, published.juno)


def test_moving_to_the_past_or_a_bad_length_is_refused(published):
    (meeting,) = plan(juno_pair(), published.juno)
    with pytest.raises(MeetingError, match="already passed"):
        move(meeting, published.juno, starts_at_local=local_in(-2))
    with pytest.raises(MeetingError, match="between 15 and 480"):
        move(meeting, published.juno, duration_minutes=600)
    assert not MeetingChange.objects.filter(kind="rescheduled").exists()


def test_only_the_partners_move_a_meeting(published):
    (meeting,) = plan(juno_pair(), published.juno)
    with pytest.raises(MeetingError, match="Only the two partners"):
        move(meeting, published.richard)


def test_a_move_that_changes_nothing_is_refused(published):
    (meeting,) = plan(juno_pair(), published.juno)
    with pytest.raises(MeetingError, match="as it stands"):
        move(
            meeting,
            published.juno,
            starts_at_local=local_in(7),
            time_zone="Europe/London",
            duration_minutes=60,
            place="",
        )


def test_a_meeting_of_a_pair_that_ended_cannot_be_moved(published):
    pair = juno_pair()
    (meeting,) = plan(pair, published.juno)
    pair_end(actor=published.juno.user, pair=pair, person=published.juno, reason="New job")
    refusal = "This pair has ended, so its meetings can no longer be moved."
    with pytest.raises(MeetingError, match=re.escape(refusal)):
        move(meeting, published.sterling)
    assert MeetingChange.objects.filter(kind="rescheduled").count() == 0


def test_a_meeting_of_a_completed_pair_cannot_be_moved_but_a_running_pairs_can(published):
    pair = juno_pair()
    first, second = plan(pair, published.juno, repeat=2)
    assert move(first, published.sterling).sequence == 1
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)
    refusal = "This pair is complete, so its meetings can no longer be moved."
    with pytest.raises(MeetingError, match=re.escape(refusal)):
        move(second, published.sterling)
    assert Meeting.objects.get(pk=second.pk).sequence == 0

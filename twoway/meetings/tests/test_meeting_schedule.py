import itertools
import zoneinfo
from datetime import UTC, timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting, MeetingChange
from twoway.meetings.services import MeetingError
from twoway.meetings.tests.helpers import (
    juno_pair,
    local_in,
    next_clock_change,
    next_spring_forward,
    plan,
)
from twoway.notifications.models import EmailOptOut, Kind
from twoway.pairs.models import Pair
from twoway.people.models import Person


def test_plans_a_meeting_at_the_local_time_in_its_zone(published):
    pair = juno_pair()
    start = local_in(10, hour=10)
    (meeting,) = plan(pair, published.juno, starts_at_local=start, time_zone="Asia/Tokyo")

    assert meeting.starts_at == start.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert meeting.starts_at.astimezone(UTC).hour == 1  # Tokyo is UTC+9, no daylight saving
    assert meeting.time_zone == "Asia/Tokyo" and meeting.series is None
    assert meeting.proposed_by == published.juno and meeting.sequence == 0
    change = MeetingChange.objects.get(meeting=meeting)
    assert (change.kind, change.by, change.side) == ("scheduled", published.juno, "mentor")
    assert change.starts_after == meeting.starts_at
    event = AuditEvent.objects.get(action="meeting.schedule")
    assert event.subject_id == str(meeting.uuid) and event.actor == published.juno.user


def test_a_time_zone_in_any_letter_case_is_stored_by_its_iana_name(published):
    (meeting,) = plan(juno_pair(), published.sterling, time_zone="europe/berlin")
    assert meeting.time_zone == "Europe/Berlin"


def test_a_series_follows_the_program_cadence_at_the_same_local_time_across_a_clock_change(
    published,
):
    pair = juno_pair()
    zone = zoneinfo.ZoneInfo("Europe/London")
    change = next_clock_change("Europe/London")
    start = max(change - timedelta(weeks=2), local_in(1)).replace(hour=18, minute=30)
    meetings = plan(pair, published.juno, starts_at_local=start, repeat=3)

    assert len(meetings) == 3
    assert len({m.series for m in meetings}) == 1 and meetings[0].series is not None
    locals_ = [m.starts_at.astimezone(zone) for m in meetings]
    assert [(t.hour, t.minute) for t in locals_] == [(18, 30)] * 3
    weeks = pair.program.weeks_between_sessions
    assert [t.date() for t in locals_] == [
        (start + timedelta(weeks=weeks * i)).date() for i in range(3)
    ]
    # The clocks changed within the series: the UTC instants are not 3 weeks apart.
    assert len({t.utcoffset() for t in locals_}) == 2
    gaps = {b.starts_at - a.starts_at for a, b in itertools.pairwise(meetings)}
    assert gaps != {timedelta(weeks=weeks)}
    assert MeetingChange.objects.filter(kind="scheduled").count() == 3
    assert AuditEvent.objects.filter(action="meeting.schedule").count() == 3


def test_a_series_has_at_most_series_max_meetings(published):
    pair = juno_pair()
    with pytest.raises(MeetingError, match="between 1 and 26 meetings"):
        plan(pair, published.juno, repeat=Meeting.SERIES_MAX + 1)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "not a time zone we know"),
        ({"days": -1}, "already passed"),
        ({"duration_minutes": 10}, "between 15 and 480 minutes"),
        ({"duration_minutes": 481}, "between 15 and 480 minutes"),
        ({"place": "x" * 201}, "at most 200 fit"),
        ({"video_url": "ftp://video.example.org/room"}, "must be a web address"),
        ({"video_url": "javascript:alert(1)"}, "must be a web address"),
        ({"repeat": 0}, "between 1 and 26"),
    ],
)
def test_refuses_bad_input_with_a_clear_message_and_saves_nothing(published, fields, message):
    with pytest.raises(MeetingError, match=message):
        plan(juno_pair(), published.juno, **fields)
    assert not Meeting.objects.exists() and not MeetingChange.objects.exists()


def test_refuses_a_local_time_the_clocks_skip(published):
    day = next_spring_forward("Europe/London")  # 01:00 to 02:00 does not exist
    with pytest.raises(MeetingError, match="01:30 does not exist"):
        plan(juno_pair(), published.juno, starts_at_local=day.replace(hour=1, minute=30))
    assert not Meeting.objects.exists()


def test_refuses_a_series_of_which_one_meeting_falls_in_the_skipped_hour(published):
    day = next_spring_forward("Europe/London").replace(hour=1, minute=30)
    weeks = juno_pair().program.weeks_between_sessions
    start = day - timedelta(weeks=weeks)
    if start <= local_in(0):
        pytest.skip("the clocks go forward too soon for a series to reach it")
    with pytest.raises(MeetingError, match="does not exist"):
        plan(juno_pair(), published.juno, starts_at_local=start, repeat=2)
    assert not Meeting.objects.exists()


def test_only_the_two_partners_plan_their_meetings(published):
    with pytest.raises(MeetingError, match="Only the two partners"):
        plan(juno_pair(), published.richard)
    assert not Meeting.objects.exists()


def test_a_pair_that_ended_plans_no_more_meetings(published):
    pair = juno_pair()
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ENDED)
    pair.refresh_from_db()
    with pytest.raises(MeetingError, match="ended early"):
        plan(pair, published.juno)


def test_both_partners_get_the_invite_with_the_ics_attached(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (meeting,) = plan(juno_pair(), published.juno, place="Room 4.2")

    assert sorted(m.to[0] for m in mail.outbox) == ["juno@example.org", "sterling@example.org"]
    to_sterling = next(m for m in mail.outbox if m.to == ["sterling@example.org"])
    assert "New meeting with Juno Park" in to_sterling.subject
    assert "Juno Park planned a meeting" in to_sterling.body and "Room 4.2" in to_sterling.body
    assert "Switch them off with one click" in to_sterling.body
    ((name, content, mimetype),) = to_sterling.attachments
    assert name == "invite.ics" and mimetype == "text/calendar; method=REQUEST"
    calendar = Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar.events[0]["UID"] == f"{meeting.uuid}@twoway"


def test_nothing_is_sent_before_the_meeting_is_saved(published):
    plan(juno_pair(), published.juno)  # the test's transaction never commits
    assert mail.outbox == []


def test_a_series_comes_in_one_email_with_one_invite_per_meeting(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings = plan(juno_pair(), published.juno, repeat=3)
    assert len(mail.outbox) == 2
    names = [name for name, _, _ in mail.outbox[0].attachments]
    assert names == ["invite-1.ics", "invite-2.ics", "invite-3.ics"]
    uids = [Calendar.from_ical(c).events[0]["UID"] for _, c, _ in mail.outbox[0].attachments]
    assert uids == [f"{m.uuid}@twoway" for m in meetings]


def test_a_partner_who_switched_invites_off_gets_none(
    published, cast, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=cast.sterling, kind=Kind.MEETING_INVITE)
    with django_capture_on_commit_callbacks(execute=True):
        plan(juno_pair(), published.juno)
    assert [m.to for m in mail.outbox] == [["juno@example.org"]]


def test_a_partner_without_a_login_is_skipped(published, django_capture_on_commit_callbacks):
    Person.objects.filter(pk=published.sterling.pk).update(user=None)
    with django_capture_on_commit_callbacks(execute=True):
        plan(juno_pair(), published.juno)
    assert [m.to for m in mail.outbox] == [["juno@example.org"]]

import zoneinfo
from datetime import UTC, timedelta

from django.conf import settings
from icalendar import Calendar

from twoway.meetings.ics import meeting_ics
from twoway.meetings.models import Meeting
from twoway.meetings.services import meeting_cancel
from twoway.meetings.tests.helpers import juno_pair, local_in, next_clock_change, plan


def parsed(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.events
    return calendar, event


def test_the_invite_starts_in_the_meetings_zone_at_the_right_instant(published):
    (meeting,) = plan(
        juno_pair(),
        published.juno,
        starts_at_local=local_in(9, hour=9),
        time_zone="America/New_York",
        duration_minutes=45,
    )
    calendar, event = parsed(meeting_ics(meeting))

    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "REQUEST"
    assert "Twoway" in str(calendar["PRODID"])
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (9, 0)
    assert start.astimezone(UTC) == meeting.starts_at
    assert event.decoded("DTEND") - start == timedelta(minutes=45)
    # The zone's rules travel with the invite.
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_zone_in_the_invite_gives_the_same_offset_as_the_tz_database(published):
    change = next_clock_change("Europe/Berlin")
    start = max(change - timedelta(days=3), local_in(1)).replace(hour=10)
    meetings = plan(
        juno_pair(), published.juno, starts_at_local=start, time_zone="Europe/Berlin", repeat=2
    )
    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    for meeting in meetings:
        _, event = parsed(meeting_ics(meeting))
        start_in_invite = event.decoded("DTSTART")
        assert start_in_invite.hour == 10
        assert start_in_invite.utcoffset() == meeting.starts_at.astimezone(zone).utcoffset()
        assert start_in_invite.astimezone(UTC) == meeting.starts_at


def test_the_event_names_the_pair_the_place_the_page_and_both_partners(published):
    (meeting,) = plan(
        juno_pair(), published.sterling, place="Café Nord", video_url="https://meet.example.org/x"
    )
    _, event = parsed(meeting_ics(meeting))

    assert event["UID"] == f"{meeting.uuid}@twoway"
    assert event["SUMMARY"] == "Reverse mentoring: Juno & Sterling"
    assert "Café Nord" in event["LOCATION"] and "https://meet.example.org/x" in event["LOCATION"]
    assert event["URL"] == f"{settings.SITE_URL}/meetings/{meeting.uuid}/"
    assert "Juno Park (mentor) and Sterling Hayes (mentee)" in event["DESCRIPTION"]
    assert str(event["ORGANIZER"]) == "mailto:sterling@example.org"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == ["mailto:juno@example.org", "mailto:sterling@example.org"]
    assert event["STATUS"] == "CONFIRMED" and event.decoded("SEQUENCE") == 0
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_a_cancelled_meeting_makes_a_cancel_with_a_higher_sequence(published):
    (meeting,) = plan(juno_pair(), published.juno)
    meeting = meeting_cancel(
        actor=published.juno.user, meeting=meeting, person=published.juno, reason="Ill"
    )
    calendar, event = parsed(meeting_ics(meeting))

    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    assert event["UID"] == f"{meeting.uuid}@twoway"


def test_cancel_can_be_asked_for_explicitly(published):
    (meeting,) = plan(juno_pair(), published.juno)
    calendar, event = parsed(meeting_ics(Meeting.objects.get(pk=meeting.pk), cancel=True))
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"

"""A meeting as an iCalendar invite (RFC 5545, iTIP methods REQUEST and CANCEL).

The start carries the zone the meeting was planned in, with its VTIMEZONE, so
calendars show "10:00 Europe/Berlin" and move it right across daylight saving.
The UID stays the same for the life of the meeting and SEQUENCE goes up with
each change, so a calendar updates the event it already has.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import date

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from twoway.core.mail import site_link
from twoway.meetings.models import Meeting
from twoway.people.models import Person

PRODID = "-//Twoway//Reverse mentoring meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uuid}@twoway"


def meeting_url(meeting: Meeting) -> str:
    return site_link("meetings:detail", uuid=meeting.uuid)


def meeting_summary(meeting: Meeting) -> str:
    pair = meeting.pair
    return f"Reverse mentoring: {pair.mentor.first_name} & {pair.mentee.first_name}"


def meeting_location(meeting: Meeting) -> str:
    return " · ".join(part for part in (meeting.place, meeting.video_url) if part)


def _address(person: Person, role: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def _event(meeting: Meeting, *, cancelled: bool) -> Event:
    pair = meeting.pair
    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting_summary(meeting))
    location = meeting_location(meeting)
    if location:
        event.add("location", location)
    url = meeting_url(meeting)
    event.add("url", url)
    lines = [
        f"{pair.program.name}: {pair.mentor.name} (mentor) and {pair.mentee.name} (mentee).",
        f"Place: {meeting.place}" if meeting.place else "",
        f"Video link: {meeting.video_url}" if meeting.video_url else "",
        f"Cancelled: {meeting.cancel_reason}" if cancelled and meeting.cancel_reason else "",
        f"The meeting's page: {url}",
    ]
    event.add("description", "\n".join(line for line in lines if line))
    organizer = meeting.proposed_by or pair.mentor
    event.add("organizer", _address(organizer))
    for person in (pair.mentor, pair.mentee):
        event.add("attendee", _address(person, "REQ-PARTICIPANT"), encode=False)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def meetings_ics(meetings: Sequence[Meeting], *, cancel: bool = False) -> bytes:
    """One calendar file with an event for each of ``meetings`` (or their
    cancellation) as .ics bytes. The invite is the partners' alone: it
    carries the place, the video link and why a meeting was cancelled."""
    if not meetings:
        raise ValueError("A calendar file needs at least one meeting.")
    cancelled = cancel or all(meeting.is_cancelled for meeting in meetings)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    for meeting in meetings:
        calendar.add_component(_event(meeting, cancelled=cancelled))

    # The zones' rules around the meetings are enough for any calendar.
    years = [meeting.starts_at.year for meeting in meetings]
    calendar.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
    )
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, *, cancel: bool = False) -> bytes:
    """The invite for ``meeting`` (or its cancellation) as .ics bytes."""
    return meetings_ics([meeting], cancel=cancel)


def ics_attachment_name(index: int, count: int) -> str:
    """``invite.ics``, or ``invite-2.ics`` for the second of a series."""
    return "invite.ics" if count == 1 else f"invite-{index + 1}.ics"

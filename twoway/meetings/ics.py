"""A meeting as an iCalendar invite (RFC 5545, iTIP methods REQUEST and CANCEL),
written through ``core.ics``: the meeting's own zone with its VTIMEZONE, one UID
for the life of the meeting, SEQUENCE up with each change.
"""

from __future__ import annotations

from collections.abc import Sequence

from icalendar import Event

from twoway.core.ics import calendar_address, calendar_entry, calendar_file
from twoway.core.mail import site_link
from twoway.meetings.models import Meeting

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


def _event(meeting: Meeting, *, cancelled: bool) -> Event:
    pair = meeting.pair
    url = meeting_url(meeting)
    entry = calendar_entry(
        uid=meeting_uid(meeting),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        sequence=meeting.sequence,
        summary=meeting_summary(meeting),
        location=meeting_location(meeting),
        url=url,
        description=[
            f"{pair.program.name}: {pair.mentor.name} (mentor) and {pair.mentee.name} (mentee).",
            f"Place: {meeting.place}" if meeting.place else "",
            f"Video link: {meeting.video_url}" if meeting.video_url else "",
            f"Cancelled: {meeting.cancel_reason}" if cancelled and meeting.cancel_reason else "",
            f"The meeting's page: {url}",
        ],
        cancelled=cancelled,
    )
    organizer = meeting.proposed_by or pair.mentor
    entry.add("organizer", calendar_address(organizer.name, organizer.email))
    for person in (pair.mentor, pair.mentee):
        entry.add(
            "attendee", calendar_address(person.name, person.email, attendee=True), encode=False
        )
    return entry


def meetings_ics(meetings: Sequence[Meeting], *, cancel: bool = False) -> bytes:
    """One calendar file with an event for each of ``meetings`` (or their
    cancellation) as .ics bytes. The invite is the partners' alone: it
    carries the place, the video link and why a meeting was cancelled."""
    if not meetings:
        raise ValueError("A calendar file needs at least one meeting.")
    cancelled = cancel or all(meeting.is_cancelled for meeting in meetings)
    return calendar_file(
        [_event(meeting, cancelled=cancelled) for meeting in meetings],
        prodid=PRODID,
        method="CANCEL" if cancelled else "REQUEST",
        years=[meeting.starts_at.year for meeting in meetings],
    )


def meeting_ics(meeting: Meeting, *, cancel: bool = False) -> bytes:
    """The invite for ``meeting`` (or its cancellation) as .ics bytes."""
    return meetings_ics([meeting], cancel=cancel)


def ics_attachment_name(index: int, count: int) -> str:
    """``invite.ics``, or ``invite-2.ics`` for the second of a series."""
    return "invite.ics" if count == 1 else f"invite-{index + 1}.ics"

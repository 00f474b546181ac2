"""An event as an iCalendar file (RFC 5545) to put in one's calendar.

The start carries the zone the event was planned in, with its VTIMEZONE; the
UID stays the same for the life of the event and SEQUENCE goes up with each
change, so a calendar updates the entry it already has. The file names nobody
who is coming: it is the same for everyone in the audience.
"""

from __future__ import annotations

from twoway.core.ics import calendar_entry, calendar_file
from twoway.core.mail import site_link
from twoway.events.models import Event

PRODID = "-//Twoway//Events//EN"


def event_uid(event: Event) -> str:
    return f"event-{event.uuid}@twoway"


def event_ics(event: Event) -> bytes:
    """``event`` (or its cancellation) as .ics bytes."""
    url = site_link("events:detail", uuid=event.uuid)
    entry = calendar_entry(
        uid=event_uid(event),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        sequence=event.sequence,
        summary=event.title,
        location=event.place,
        url=url,
        description=[event.description, f"Answer and see who is coming: {url}"],
        cancelled=event.is_cancelled,
        separator="\n\n",
    )
    return calendar_file(
        [entry],
        prodid=PRODID,
        method="CANCEL" if event.is_cancelled else "PUBLISH",
        years=[event.starts_at.year],
    )

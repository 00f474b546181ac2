"""Calendar files (RFC 5545), written the same way for every kind of invite.

A pair's meeting, a circle's session and a social each build their entries with
``calendar_entry`` and their file with ``calendar_file``. The start carries the
zone the entry was planned in, with its VTIMEZONE, so calendars show "10:00
Europe/Berlin" and move it right across daylight saving. The UID stays the same
for the life of the entry and SEQUENCE goes up with each change the invitees
must see, so a calendar updates the entry it already has.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def calendar_address(name: str, email: str, *, attendee: bool = False) -> vCalAddress:
    """An organizer, or (``attendee``) someone asked to take part."""
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if attendee:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def calendar_entry(
    *,
    uid: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    sequence: int,
    summary: str,
    url: str,
    description: Iterable[str],
    location: str = "",
    cancelled: bool = False,
    separator: str = "\n",
) -> Event:
    """One entry; ``description``'s empty lines are left out."""
    zone = zoneinfo.ZoneInfo(time_zone)
    entry = Event()
    entry.add("uid", uid)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", starts_at.astimezone(zone))
    entry.add("dtend", ends_at.astimezone(zone))
    entry.add("sequence", sequence)
    entry.add("summary", summary)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", separator.join(line for line in description if line))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("transp", "OPAQUE")
    return entry


def calendar_file(
    entries: Sequence[Event], *, prodid: str, method: str, years: Iterable[int]
) -> bytes:
    """The .ics bytes of ``entries``, with the time zones they use: their rules
    from the year before the first entry to two years after the last are enough
    for any calendar."""
    if not entries:
        raise ValueError("A calendar file needs at least one entry.")
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for entry in entries:
        calendar.add_component(entry)
    spread = list(years)
    calendar.add_missing_timezones(
        first_date=date(min(spread) - 1, 1, 1), last_date=date(max(spread) + 2, 1, 1)
    )
    return calendar.to_ical()

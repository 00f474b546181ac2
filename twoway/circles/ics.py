"""A circle's session as an iCalendar invite (RFC 5545, iTIP REQUEST and CANCEL),
like a pair's meeting (``meetings.ics``): the start carries the zone the
session was planned in, with its VTIMEZONE; the UID stays the same for the
life of the session and SEQUENCE goes up with each change.
"""

from __future__ import annotations

from collections.abc import Sequence

from icalendar import Event

from twoway.circles.models import CircleSession
from twoway.core.ics import calendar_address, calendar_entry, calendar_file
from twoway.core.mail import site_link
from twoway.people.models import Person

PRODID = "-//Twoway//Circles//EN"


def session_uid(session: CircleSession) -> str:
    return f"{session.uuid}@twoway"


def session_url(session: CircleSession) -> str:
    return site_link("circles:session", uuid=session.uuid)


def session_summary(session: CircleSession) -> str:
    return f"{session.circle.name}: {session.topic}" if session.topic else session.circle.name


def _event(session: CircleSession, members: Sequence[Person], *, cancelled: bool) -> Event:
    url = session_url(session)
    presenter = session.presenter
    entry = calendar_entry(
        uid=session_uid(session),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        time_zone=session.time_zone,
        sequence=session.sequence,
        summary=session_summary(session),
        location=" · ".join(part for part in (session.place, session.video_url) if part),
        url=url,
        description=[
            f"{session.circle.program.name}, {session.circle.name}: session {session.number}.",
            f"Topic: {session.topic}" if session.topic else "",
            f"Presenting: {presenter.name}" if presenter else "",
            f"Place: {session.place}" if session.place else "",
            f"Video link: {session.video_url}" if session.video_url else "",
            f"Cancelled: {session.cancel_reason}" if cancelled and session.cancel_reason else "",
            f"The session's page: {url}",
        ],
        cancelled=cancelled,
    )
    organizer = presenter or (members[0] if members else None)
    if organizer is not None:
        entry.add("organizer", calendar_address(organizer.name, organizer.email))
    for person in members:
        entry.add(
            "attendee", calendar_address(person.name, person.email, attendee=True), encode=False
        )
    return entry


def sessions_ics(
    sessions: Sequence[CircleSession], members: Sequence[Person], *, cancel: bool = False
) -> bytes:
    """One calendar file with an event for each of ``sessions`` (one circle's),
    or their cancellation; ``members`` are the circle's people, its attendees."""
    if not sessions:
        raise ValueError("A calendar file needs at least one session.")
    cancelled = cancel or all(session.is_cancelled for session in sessions)
    return calendar_file(
        [_event(session, members, cancelled=cancelled) for session in sessions],
        prodid=PRODID,
        method="CANCEL" if cancelled else "REQUEST",
        years=[session.starts_at.year for session in sessions],
    )


def session_ics(session: CircleSession, members: Sequence[Person]) -> bytes:
    """The invite for ``session`` (its cancellation, once cancelled) as .ics bytes."""
    return sessions_ics([session], members)

"""A session's invite: zone, UID, SEQUENCE that goes up on a move or a cancel."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from twoway.circles.ics import session_ics
from twoway.circles.models import CircleMember, CircleSession
from twoway.circles.services import CircleError, circle_session_cancel, circle_session_move
from twoway.circles.tests.helpers import ZONE, circles_world, local_in, plan

pytestmark = pytest.mark.django_db


def _event(session: CircleSession):
    members = [m.person for m in CircleMember.objects.filter(circle=session.circle)]
    calendar = Calendar.from_ical(session_ics(session, members))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_invite_carries_its_zone_topic_presenter_and_members(cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    calendar, event = _event(session)
    assert calendar["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [ZONE]
    assert event["DTSTART"].dt.tzinfo.key == ZONE
    assert str(event["UID"]) == f"{session.uuid}@twoway"
    assert event["SEQUENCE"] == 0
    assert session.topic in str(event["SUMMARY"])
    assert session.presenter is not None
    assert session.presenter.name in str(event["DESCRIPTION"])
    assert len(event["ATTENDEE"]) == world.circle.members.count()


def test_a_move_and_a_cancel_each_raise_the_sequence(cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    moved = circle_session_move(
        actor=cast.juno,
        session=session,
        starts_at_local=local_in(9, hour=15),
        time_zone=ZONE,
        duration_minutes=60,
        place="Room 5",
        video_url="",
    )
    _calendar, event = _event(moved)
    assert event["SEQUENCE"] == 1 and event["DTSTART"].dt.hour == 15
    with pytest.raises(CircleError, match="as it stands"):
        circle_session_move(
            actor=cast.juno,
            session=moved,
            starts_at_local=local_in(9, hour=15),
            time_zone=ZONE,
            duration_minutes=60,
            place="Room 5",
            video_url="",
        )
    cancelled = circle_session_cancel(actor=cast.priya, session=moved, reason="Offsite day")
    calendar, event = _event(cancelled)
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2 and str(event["UID"]) == f"{session.uuid}@twoway"
    with pytest.raises(CircleError, match="cancelled already"):
        circle_session_cancel(actor=cast.priya, session=moved, reason="Offsite day")

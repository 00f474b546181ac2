"""A day before a session, each member is reminded, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from twoway.circles.models import CircleMember
from twoway.circles.services import circle_session_cancel
from twoway.circles.tests.helpers import circles_world, plan
from twoway.notifications.models import Kind, Notice
from twoway.notifications.selectors import circle_sessions_coming_up
from twoway.notifications.services import reminders_send_due

pytestmark = pytest.mark.django_db


def test_each_member_is_reminded_once_the_day_before(cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    members = CircleMember.objects.filter(circle=world.circle).count()
    assert circle_sessions_coming_up(session.starts_at - timedelta(days=2)) == []
    day_before = session.starts_at - timedelta(hours=20)
    reminders = circle_sessions_coming_up(day_before)
    assert len(reminders) == members
    assert {r.template for r in reminders} == {"notifications/email/circle_session_soon.txt"}
    reminders_send_due(now=day_before)
    reminders_send_due(now=day_before)
    soon = [m for m in mail.outbox if m.subject.startswith("Coming up: Circle")]
    assert len(soon) == members
    assert session.topic in soon[0].subject and "/circles/sessions/" in soon[0].body
    assert (
        Notice.objects.filter(kind=Kind.MEETING_SOON, key__startswith="circle_soon:").count()
        == members
    )


def test_a_cancelled_session_is_not_reminded(cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    circle_session_cancel(actor=cast.priya, session=session, reason="Offsite")
    assert circle_sessions_coming_up(session.starts_at - timedelta(hours=20)) == []

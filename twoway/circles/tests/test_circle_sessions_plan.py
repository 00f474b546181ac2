"""Planning a circle's sessions: cadence, topics, presenters, invites."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from twoway.circles.models import CircleMember
from twoway.circles.services import CircleError, circle_sessions_plan
from twoway.circles.tests.helpers import ZONE, circles_world, local_in, plan
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.guides.arc import DEFAULT_ARC, ArcStep
from twoway.guides.services import arc_save

pytestmark = pytest.mark.django_db


def test_a_series_keeps_the_cadence_the_topics_and_alternating_presenters(cast):
    world = circles_world(cast)
    sessions = plan(cast, world.circle, count=8)
    zone = zoneinfo.ZoneInfo(ZONE)
    locals_ = [s.starts_at.astimezone(zone) for s in sessions]
    steps = [(b.date() - a.date()) for a, b in itertools.pairwise(locals_)]
    assert steps == [timedelta(weeks=2)] * 7
    assert {moment.hour for moment in locals_} == {12}
    assert [s.topic for s in sessions[:7]] == [step.title for step in DEFAULT_ARC]
    assert [s.presenter_side for s in sessions[:6]] == ["junior", "senior"] * 3
    members = CircleMember.objects.filter(circle=world.circle).count()
    presenters = [s.presenter_id for s in sessions[:members]]
    assert len(set(presenters)) == len(presenters)
    assert AuditEvent.objects.filter(action=AuditAction.CIRCLE_SESSION_PLAN).count() == 8


def test_planning_more_carries_on_numbers_topics_and_turns(cast):
    world = circles_world(cast)
    first = plan(cast, world.circle, count=2)
    more = plan(cast, world.circle, count=2, days=40)
    assert [s.number for s in more] == [3, 4]
    assert [s.topic for s in more] == [step.title for step in DEFAULT_ARC[2:4]]
    assert more[0].presenter_side == "junior" and more[0].presenter_id != first[0].presenter_id


def test_the_topics_are_the_programs_own_arc_once_edited(cast):
    world = circles_world(cast)
    arc_save(
        actor=cast.priya,
        program=world.circle.program,
        steps=[
            ArcStep(1, "How we launch products", "Walk through a launch.", []),
            ArcStep(2, "Our customers online", "Read real reviews together.", []),
        ],
    )
    sessions = plan(cast, world.circle, count=3)
    assert [s.topic for s in sessions] == [
        "How we launch products",
        "Our customers online",
        "Open session: the circle chooses its topic",
    ]


def test_every_member_gets_the_invites_once_saved(cast, django_capture_on_commit_callbacks):
    world = circles_world(cast)
    with django_capture_on_commit_callbacks(execute=True):
        plan(cast, world.circle, count=3)
    members = set(
        CircleMember.objects.filter(circle=world.circle).values_list("person__email", flat=True)
    )
    assert {m.to[0] for m in mail.outbox} == members
    message = mail.outbox[0]
    assert "3 sessions" in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name == "invites.ics" and "method=REQUEST" in mimetype
    assert content.count("BEGIN:VEVENT") == 3


def test_only_managers_plan_and_only_in_the_future(cast):
    world = circles_world(cast)
    with pytest.raises(PermissionDenied):
        circle_sessions_plan(
            actor=cast.juno,
            circle=world.circle,
            first_starts_at=local_in(7),
            time_zone=ZONE,
            count=1,
        )
    with pytest.raises(CircleError, match="already passed"):
        plan(cast, world.circle, days=-3)
    with pytest.raises(CircleError, match="between 1 and 26"):
        plan(cast, world.circle, count=30)
    with pytest.raises(CircleError, match="not a time zone"):
        circle_sessions_plan(
            actor=cast.priya,
            circle=world.circle,
            first_starts_at=local_in(7),
            time_zone="Mars/Base",
            count=1,
        )
    assert not world.circle.sessions.exists()

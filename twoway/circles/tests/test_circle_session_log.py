"""A member logs a session for the circle, once, with who came."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from twoway.circles.models import CircleAttendance, CircleMember, CircleSession
from twoway.circles.services import CircleError, circle_session_log
from twoway.circles.tests.helpers import circles_world, plan, started
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent

pytestmark = pytest.mark.django_db

LOG = "Juno showed the team's video tools; we agreed to try one for the next town hall."


def test_a_member_logs_the_session_with_who_came(cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    members = list(
        CircleMember.objects.filter(circle=world.circle).values_list("person_id", flat=True)
    )
    came = members[:-1]
    logged = circle_session_log(actor=cast.juno, session=session, log=LOG, attended_ids=came)
    assert logged.status == CircleSession.Status.HELD and logged.logged_by == world.juno
    rows = dict(
        CircleAttendance.objects.filter(session=session).values_list("person_id", "attended")
    )
    assert rows == {pid: pid in came for pid in members}
    event = AuditEvent.objects.get(action=AuditAction.CIRCLE_SESSION_LOG)
    assert LOG not in str(event.after)
    assert (event.after or {}).get("attended") == len(came)


def test_a_session_is_logged_once(cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    circle_session_log(actor=cast.juno, session=session, log=LOG, attended_ids=[world.juno.pk])
    with pytest.raises(CircleError, match="logged already, by Juno Park"):
        circle_session_log(
            actor=cast.juno, session=session, log="Again", attended_ids=[world.juno.pk]
        )
    assert CircleAttendance.objects.filter(session=session).count() == world.circle.members.count()


def test_outsiders_and_managers_do_not_log(cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    for actor in (cast.priya, world.outsider().user):
        with pytest.raises(PermissionDenied):
            circle_session_log(actor=actor, session=session, log=LOG, attended_ids=[world.juno.pk])


def test_a_log_needs_words_members_and_a_session_that_took_place(cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    with pytest.raises(CircleError, match="not taken place yet"):
        circle_session_log(actor=cast.juno, session=session, log=LOG, attended_ids=[world.juno.pk])
    started(session)
    with pytest.raises(CircleError, match="Write a line or two"):
        circle_session_log(actor=cast.juno, session=session, log="  ", attended_ids=[world.juno.pk])
    with pytest.raises(CircleError, match="Only the circle's members"):
        circle_session_log(
            actor=cast.juno, session=session, log=LOG, attended_ids=[world.outsider().pk]
        )
    session.refresh_from_db()
    assert session.status == CircleSession.Status.PLANNED

"""The demo's circles program, on a small demo organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.circles.models import Circle, CircleMember, CircleSession
from twoway.core.models import Role, User
from twoway.demo.builder import demo_seed
from twoway.demo.circles_demo import NAME, demo_circles
from twoway.programs.models import Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("starter_catalogue")]


def test_the_demo_circles_run_with_past_logs_and_sessions_to_come(client):
    demo_seed(people=80, seed=5, programs=False)
    manager = User.objects.filter(role_grants__role=Role.PROGRAM_MANAGER).first()
    assert manager is not None
    sponsor = User.objects.filter(role_grants__role=Role.SPONSOR).first()
    count = demo_circles(seed=5, today=timezone.localdate(), manager=manager, sponsor=sponsor)
    program = Program.objects.get(name=NAME)
    assert program.status == Program.Status.ACTIVE and program.kind == Program.Kind.CIRCLES
    assert count == Circle.objects.filter(program=program, published_at__isnull=False).count() >= 2
    now = timezone.now()
    sessions = CircleSession.objects.filter(circle__program=program)
    past = sessions.filter(starts_at__lt=now)
    assert past.exists() and not past.exclude(status=CircleSession.Status.HELD).exists()
    assert all(session.log for session in past)
    assert sessions.filter(starts_at__gt=now, status=CircleSession.Status.PLANNED).exists()
    first = past.order_by("starts_at").first()
    assert first is not None and first.starts_at < now - dt.timedelta(weeks=9)
    maya = CircleMember.objects.select_related("person__user", "circle").get(
        program=program, person__email__startswith="maya.chen@"
    )
    client.force_login(maya.person.user)
    page = client.get(reverse("circles:detail", kwargs={"uuid": maya.circle.uuid}))
    assert page.status_code == 200 and "Your circle" in page.content.decode()

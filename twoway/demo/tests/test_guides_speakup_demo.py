"""The demo's session arc, launch page and reports."""

import datetime as dt

import pytest
from django.db import transaction

from twoway.core.models import Role, RoleGrant
from twoway.demo.guides_demo import demo_guides
from twoway.demo.speakup_demo import demo_speakup
from twoway.guides.models import ProgramLaunch, TopicCallAnswer
from twoway.guides.selectors import program_arc
from twoway.programs.models import Program
from twoway.speakup.models import Report
from twoway.testing.cast import build_pilot

pytestmark = pytest.mark.django_db


def test_the_pilot_gets_its_own_arc_a_published_launch_and_reports(cast):
    pilot = build_pilot(cast, name="Reverse mentoring pilot", slug="pilot")
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    today = dt.date(2027, 5, 1)
    with transaction.atomic():
        demo_guides(seed=1, today=today, manager=cast.priya, sponsor=cast.sol)
        demo_speakup(seed=1, today=today)
    titles = [step.title for step in program_arc(pilot.program)]
    assert titles[1] == "Digital tools we use every day" and len(titles) == 7
    launch = ProgramLaunch.objects.get(program=pilot.program)
    assert launch.is_published and launch.sponsor_message
    assert TopicCallAnswer.objects.filter(program=pilot.program).count() >= 1
    assert RoleGrant.objects.filter(user=cast.ada, role=Role.SAFEGUARDING_CONTACT).exists()
    named, anonymous = Report.objects.order_by("created_at", "id")
    assert named.reporter is not None and named.replies.count() == 1
    assert anonymous.reporter is None

"""Forming a circles program's circles with the engine's group former."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from twoway.circles.models import Circle, CircleMember, Side
from twoway.circles.services import CircleError, circles_form, circles_publish
from twoway.circles.tests.helpers import circles_program, enroll_many
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import enroll, open_program, person

pytestmark = pytest.mark.django_db


def test_everyone_enrolled_is_placed_in_mixed_circles_of_the_asked_size(cast):
    program = circles_program()
    enroll_many(program, 16)
    formed = circles_form(actor=cast.priya, program=program)
    assert [c.members.count() for c in formed.circles] == [8, 8]
    assert formed.unplaced == []
    for circle in formed.circles:
        sides = list(circle.members.values_list("side", flat=True))
        assert sides.count(Side.SENIOR) == sides.count(Side.JUNIOR) == 4
    event = AuditEvent.objects.get(action=AuditAction.CIRCLES_FORM)
    after = event.after or {}
    assert (after["circles"], after["people"], after["unplaced"]) == (2, 16, 0)


def test_nobody_sits_with_their_line_manager(cast):
    """Four teams: a head (senior) and their reports (juniors), all enrolled."""
    program = circles_program()
    managed = []
    for team in range(4):
        head = person(f"Head {team}", level=8, department=f"Dept {team}")
        enroll(program, head, Enrollment.Role.MENTEE)
        for index in range(4):
            report = person(
                f"Report {team}{index}",
                level=2 + index % 2,
                department=f"Dept {team}",
                manager=head,
            )
            enroll(program, report, Enrollment.Role.MENTOR)
            managed.append((head.pk, report.pk))
        # Two more seniors, so the sides can balance.
        enroll(program, person(f"Peer {team}", level=7, department="Other"), "mentee")
    circles_form(actor=cast.priya, program=program, size_min=4, size_max=6)
    circle_of = dict(
        CircleMember.objects.filter(program=program).values_list("person_id", "circle_id")
    )
    assert len(circle_of) == 24
    for head_id, report_id in managed:
        assert circle_of[head_id] != circle_of[report_id]


def test_only_the_programs_managers_form_circles(cast):
    program = circles_program()
    enroll_many(program, 8)
    with pytest.raises(PermissionDenied):
        circles_form(actor=cast.juno, program=program)
    assert not Circle.objects.exists()


def test_too_few_people_are_refused_clearly(cast):
    program = circles_program()
    enroll_many(program, 4)
    with pytest.raises(CircleError, match="at least 6 people and 4 are enrolled"):
        circles_form(actor=cast.priya, program=program)
    assert not Circle.objects.exists() and not AuditEvent.objects.exists()


def test_a_circle_needs_both_sides(cast):
    program = circles_program()
    for index in range(6):
        enroll(program, person(f"Junior {index}", level=2), Enrollment.Role.MENTOR)
    with pytest.raises(CircleError, match="none of the people enrolled is one of the seniors"):
        circles_form(actor=cast.priya, program=program)


def test_a_pair_program_has_no_circles(cast):
    program = open_program(Program.Status.MATCHING)
    enroll_many(program, 8)
    with pytest.raises(CircleError, match="not a circles program"):
        circles_form(actor=cast.priya, program=program)


def test_forming_again_replaces_unpublished_circles_but_not_published_ones(cast):
    program = circles_program()
    enroll_many(program, 12)
    first = circles_form(actor=cast.priya, program=program)
    second = circles_form(actor=cast.priya, program=program, size_min=4, size_max=4)
    assert not Circle.objects.filter(pk__in=[c.pk for c in first.circles]).exists()
    assert Circle.objects.filter(program=program).count() == len(second.circles) == 3
    circles_publish(actor=cast.priya, program=program)
    with pytest.raises(CircleError, match="published"):
        circles_form(actor=cast.priya, program=program)
    assert Circle.objects.filter(program=program).count() == 3


def test_publishing_makes_the_program_active_and_twice_changes_nothing(cast):
    program = circles_program()
    enroll_many(program, 8)
    with pytest.raises(CircleError, match="Form the circles first"):
        circles_publish(actor=cast.priya, program=program)
    circles_form(actor=cast.priya, program=program)
    circles_publish(actor=cast.priya, program=program)
    circles_publish(actor=cast.priya, program=program)
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE
    assert AuditEvent.objects.filter(action=AuditAction.CIRCLES_PUBLISH).count() == 1
    assert not Circle.objects.filter(published_at__isnull=True).exists()


def test_circles_are_published_only_once_enrollment_is_closed(cast):
    program = circles_program(Program.Status.ENROLLING)
    enroll_many(program, 8)
    circles_form(actor=cast.priya, program=program)
    with pytest.raises(CircleError, match="Close enrollment"):
        circles_publish(actor=cast.priya, program=program)

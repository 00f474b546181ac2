"""Enrollment.joined_on and left_on: the day someone started in a program and the day
they left it early, kept by every service that enrolls or withdraws, and filled for
the enrollments that existed before the fields did."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from twoway.programs.models import Enrollment, EnrollmentTopic
from twoway.programs.services import Topic, enrollment_decide, enrollment_join, enrollment_withdraw
from twoway.testing.factories import EnrollmentFactory, SkillFactory, open_program


def _join(user, program, role="mentee"):
    skill = SkillFactory(name="Negotiation")
    direction = (
        EnrollmentTopic.Direction.LEARN if role == "mentee" else EnrollmentTopic.Direction.TEACH
    )
    return enrollment_join(
        actor=user,
        program=program,
        person=user.person,
        role=role,
        topics=[Topic(skill, direction, 2)],
    )


@pytest.mark.django_db
def test_joining_sets_joined_on_to_the_local_date_of_enrolled_at(cast):
    program = open_program(slug="open")
    enrollment = _join(cast.sterling, program)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED and enrollment.enrolled_at
    assert enrollment.joined_on == timezone.localdate(enrollment.enrolled_at)
    assert enrollment.left_on is None


@pytest.mark.django_db
def test_joining_that_waits_for_approval_has_no_joined_on_until_approved(cast):
    program = open_program(slug="approved", manager_approval=True)
    enrollment = _join(cast.sterling, program)
    assert enrollment.status == Enrollment.Status.PENDING_APPROVAL
    assert enrollment.joined_on is None
    enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=True)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert enrollment.joined_on == timezone.localdate(enrollment.enrolled_at)


@pytest.mark.django_db
def test_declining_sets_no_joined_on(cast):
    program = open_program(slug="approved", manager_approval=True)
    enrollment = _join(cast.sterling, program)
    enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=False)
    enrollment.refresh_from_db()
    assert enrollment.joined_on is None


@pytest.mark.django_db
def test_leaving_sets_left_on_and_joining_again_clears_it(cast):
    program = open_program(slug="open")
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    enrollment.refresh_from_db()
    assert enrollment.left_on == timezone.localdate(enrollment.withdrawn_at)
    again = _join(cast.juno, program, role="mentor")
    again.refresh_from_db()
    assert again.withdrawn_at is None and again.left_on is None
    assert again.joined_on == timezone.localdate(again.enrolled_at)


@pytest.mark.django_db
def test_the_migration_fills_both_dates_from_the_moments_in_the_local_time_zone(cast, settings):
    settings.TIME_ZONE = "Pacific/Auckland"  # 23:30 UTC is the next day there
    program = open_program(slug="open")
    late = dt.datetime(2024, 3, 4, 23, 30, tzinfo=dt.UTC)
    joined = EnrollmentFactory(program=program, person=cast.juno.person, enrolled_at=late)
    left = EnrollmentFactory(
        program=program,
        person=cast.sterling.person,
        status=Enrollment.Status.WITHDRAWN,
        enrolled_at=late,
        withdrawn_at=late + dt.timedelta(days=30),
    )
    untouched = EnrollmentFactory(
        program=program, person=cast.sol.person, status=Enrollment.Status.INVITED
    )
    migration = importlib.import_module("twoway.programs.migrations.0003_enrollment_dates")
    migration.fill(apps, None)
    for enrollment in (joined, left, untouched):
        enrollment.refresh_from_db()
    assert joined.joined_on == dt.date(2024, 3, 5) and joined.left_on is None
    assert (left.joined_on, left.left_on) == (dt.date(2024, 3, 5), dt.date(2024, 4, 4))
    assert (untouched.joined_on, untouched.left_on) == (None, None)

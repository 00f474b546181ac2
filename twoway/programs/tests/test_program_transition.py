import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.programs.models import Enrollment, Program, Side
from twoway.programs.services import ProgramError, program_transition
from twoway.testing.factories import (
    EnrollmentFactory,
    ProgramFactory,
    RuleFactory,
    grant,
    open_program,
)

S = Program.Status


def _move(cast, program, to, actor=None):
    return program_transition(actor=actor or cast.priya, program=program, to=to)


@pytest.mark.django_db
def test_opening_enrollment_needs_both_rules_saved(cast):
    program = ProgramFactory()
    RuleFactory(program=program, side=Side.MENTOR)
    with pytest.raises(ProgramError) as caught:
        _move(cast, program, S.ENROLLING)
    assert "Save the mentee rule first" in caught.value.messages[0]
    program.refresh_from_db()
    assert program.status == S.DRAFT and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_empty_rules_admit_everyone_and_open_enrollment(cast):
    program = open_program(status=S.DRAFT)
    assert _move(cast, program, S.ENROLLING).status == S.ENROLLING
    event = AuditEvent.objects.get(action="program.transition")
    assert event.before == {"status": "draft"} and event.after == {"status": "enrolling"}


@pytest.mark.django_db
def test_a_rule_that_admits_nobody_keeps_enrollment_closed(cast):
    program = ProgramFactory()
    RuleFactory(program=program, side=Side.MENTOR, min_level=40)
    RuleFactory(program=program, side=Side.MENTEE)
    with pytest.raises(ProgramError, match="The mentor rule admits nobody"):
        _move(cast, program, S.ENROLLING)


@pytest.mark.django_db
def test_an_impossible_pair_of_rules_keeps_enrollment_closed(cast):
    program = ProgramFactory(kind=Program.Kind.REVERSE)
    RuleFactory(program=program, side=Side.MENTOR, min_level=8)
    RuleFactory(program=program, side=Side.MENTEE, max_level=5)
    with pytest.raises(ProgramError, match="mentors are the junior side"):
        _move(cast, program, S.ENROLLING)


@pytest.mark.django_db
def test_matching_needs_someone_enrolled_on_each_side(cast):
    program = open_program()
    EnrollmentFactory(program=program, person=cast.juno.person, role="mentor")
    with pytest.raises(ProgramError) as caught:
        _move(cast, program, S.MATCHING)
    assert "no enrolled mentees yet" in caught.value.messages[0]
    EnrollmentFactory(program=program, person=cast.sterling.person, role="mentee")
    assert _move(cast, program, S.MATCHING).status == S.MATCHING


@pytest.mark.django_db
def test_someone_enrolled_as_both_counts_on_each_side(cast):
    program = open_program(kind=Program.Kind.MUTUAL)
    EnrollmentFactory(program=program, person=cast.juno.person, role=Enrollment.Role.BOTH)
    assert _move(cast, program, S.MATCHING).status == S.MATCHING


@pytest.mark.django_db
def test_enrollments_waiting_for_approval_must_be_decided_before_matching(cast):
    program = open_program()
    EnrollmentFactory(program=program, person=cast.juno.person, role="mentor")
    EnrollmentFactory(program=program, person=cast.sterling.person, role="mentee")
    EnrollmentFactory(
        program=program, person=cast.sol.person, role="mentee", status="pending_approval"
    )
    with pytest.raises(ProgramError, match="1 person still wait"):
        _move(cast, program, S.MATCHING)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "to", "words"),
    [
        (S.DRAFT, S.MATCHING, "A program that is draft cannot become matching"),
        (S.DRAFT, S.ACTIVE, "cannot become active"),
        (S.ACTIVE, S.ENROLLING, "it can move to closed"),
        (S.CLOSED, S.DRAFT, "it is final"),
    ],
)
def test_transitions_outside_the_table_are_refused_with_the_reason(cast, start, to, words):
    program = open_program(status=start)
    with pytest.raises(ProgramError, match=words):
        _move(cast, program, to)


@pytest.mark.django_db
def test_moving_to_the_status_it_already_has_is_a_harmless_double_submit(cast):
    program = open_program(status=S.DRAFT)
    _move(cast, program, S.ENROLLING)
    _move(cast, program, S.ENROLLING)
    assert AuditEvent.objects.filter(action="program.transition").count() == 1


@pytest.mark.django_db
def test_any_open_program_can_be_closed(cast):
    program = open_program()
    assert _move(cast, program, S.CLOSED).status == S.CLOSED


@pytest.mark.django_db
def test_publishing_moves_matching_to_active_through_the_same_service(cast):
    program = open_program(status=S.MATCHING)
    EnrollmentFactory(program=program, person=cast.juno.person, role="mentor")
    EnrollmentFactory(program=program, person=cast.sterling.person, role="mentee")
    assert _move(cast, program, S.ACTIVE).status == S.ACTIVE


@pytest.mark.django_db
def test_only_the_programs_managers_change_its_status(cast):
    program = open_program(status=S.DRAFT)
    grant(cast.juno, Role.PROGRAM_MANAGER, program=ProgramFactory())
    for who in (cast.juno, cast.sol, cast.otto):
        with pytest.raises(PermissionDenied):
            _move(cast, program, S.ENROLLING, actor=who)


# --- the buttons -------------------------------------------------------------------------


def _post(client, program, to):
    url = reverse("programs:transition", kwargs={"slug": program.slug})
    return client.post(url, {"to": to}, follow=True).content.decode()


@pytest.mark.django_db
def test_the_button_opens_enrollment_and_says_so(client, cast):
    program = open_program(status=S.DRAFT, name="Pilot")
    client.force_login(cast.priya)
    assert "Pilot is now Enrolling." in _post(client, program, "enrolling")


@pytest.mark.django_db
def test_a_refused_transition_says_why_and_changes_nothing(client, cast):
    program = ProgramFactory(status=S.DRAFT)
    client.force_login(cast.priya)
    page = _post(client, program, "enrolling")
    assert "Nothing changed. Save the mentor and mentee rule first" in page
    program.refresh_from_db()
    assert program.status == S.DRAFT


@pytest.mark.django_db
def test_the_pages_never_publish(client, cast):
    program = open_program(status=S.MATCHING)
    client.force_login(cast.priya)
    assert "becomes active when its pairs are published" in _post(client, program, "active")
    program.refresh_from_db()
    assert program.status == S.MATCHING


@pytest.mark.django_db
def test_the_detail_page_explains_why_an_action_is_not_possible_yet(client, cast):
    program = ProgramFactory(status=S.DRAFT)
    client.force_login(cast.priya)
    page = client.get(reverse("home:program", kwargs={"slug": program.slug})).content.decode()
    assert "Open enrollment</strong> is not possible yet" in page

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.people.models import Person
from twoway.programs.models import Enrollment, EnrollmentTopic, Program
from twoway.programs.services import ProgramError, Topic, enrollment_decide, enrollment_join
from twoway.testing.factories import EnrollmentFactory, SkillFactory, open_program


@pytest.fixture
def program(cast):
    return open_program(name="Approved pilot", slug="pilot", manager_approval=True)


def _join(user, program):
    skill = SkillFactory(name="Negotiation")
    return enrollment_join(
        actor=user,
        program=program,
        person=user.person,
        role="mentee",
        topics=[Topic(skill, EnrollmentTopic.Direction.LEARN, 2)],
        goal="Learn to negotiate",
    )


@pytest.mark.django_db
def test_joining_waits_for_the_line_manager_who_gets_an_email(
    cast, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = _join(cast.sterling, program)
    assert enrollment.status == Enrollment.Status.PENDING_APPROVAL
    (message,) = mail.outbox
    assert message.to == ["sol@example.org"]
    assert "Sterling Hayes would like to join Approved pilot" in message.subject
    assert "/approvals/" in message.body and "Learn to negotiate" in message.body


@pytest.mark.django_db
def test_sending_the_form_again_while_waiting_sends_no_second_email(
    cast, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _join(cast.sterling, program)
        _join(cast.sterling, program)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_without_a_line_manager_who_can_sign_in_nobody_is_emailed(
    cast, program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _join(cast.juno, program).status == Enrollment.Status.PENDING_APPROVAL
    Person.objects.filter(pk=cast.sol.person.pk).update(user=None)
    with django_capture_on_commit_callbacks(execute=True):
        _join(cast.sterling, program)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_line_manager_approves_and_the_person_is_told(
    cast, program, django_capture_on_commit_callbacks
):
    enrollment = _join(cast.sterling, program)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=True)
    assert enrollment.status == "enrolled" and enrollment.decided_by == cast.sol
    assert enrollment.enrolled_at is not None
    assert mail.outbox[0].to == ["sterling@example.org"]
    assert "you are enrolled" in mail.outbox[0].subject
    event = AuditEvent.objects.get(action="enrollment.approve")
    assert event.after == {"status": "enrolled", "as": "line manager"}


@pytest.mark.django_db
def test_a_decline_is_final_for_the_person(cast, program):
    enrollment = enrollment_decide(
        actor=cast.sol, enrollment=_join(cast.sterling, program), approve=False
    )
    assert enrollment.status == "declined"
    with pytest.raises(ProgramError, match="did not approve"):
        _join(cast.sterling, program)


@pytest.mark.django_db
def test_the_programs_managers_may_decide_too(cast, program):
    enrollment = enrollment_decide(
        actor=cast.priya, enrollment=_join(cast.juno, program), approve=True
    )
    after = AuditEvent.objects.get(action="enrollment.approve").after
    assert after is not None and after["as"] == "program manager"
    assert enrollment.status == "enrolled"


@pytest.mark.django_db
def test_deciding_the_same_way_twice_changes_nothing_and_changing_ones_mind_is_refused(
    cast, program
):
    enrollment = _join(cast.sterling, program)
    enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=True)
    enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=True)
    assert AuditEvent.objects.filter(action="enrollment.approve").count() == 1
    with pytest.raises(ProgramError, match="no longer waiting for approval"):
        enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=False)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "otto", "sterling"])
def test_nobody_else_decides(cast, program, who):
    enrollment = _join(cast.sterling, program)
    with pytest.raises(PermissionDenied):
        enrollment_decide(actor=getattr(cast, who), enrollment=enrollment, approve=True)


# --- the pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_approvals_page_lists_what_waits_and_approves_it(client, cast, program):
    enrollment = _join(cast.sterling, program)
    client.force_login(cast.sol)
    page = client.get(reverse("programs:approvals")).content.decode()
    assert "Sterling Hayes" in page and "Learn to negotiate" in page
    url = reverse("programs:decide", kwargs={"uuid": enrollment.uuid})
    page = client.post(url, {"decision": "approve"}, follow=True).content.decode()
    assert "Approved: Sterling Hayes in Approved pilot." in page
    enrollment.refresh_from_db()
    assert enrollment.status == "enrolled"


@pytest.mark.django_db
def test_someone_elses_approval_is_404(client, cast, program):
    enrollment = _join(cast.sterling, program)
    client.force_login(cast.juno)
    url = reverse("programs:decide", kwargs={"uuid": enrollment.uuid})
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert client.get(reverse("programs:approvals")).content.decode().count("Sterling") == 0


@pytest.mark.django_db
def test_program_managers_decide_from_the_enrollment_list(client, cast, program):
    enrollment = _join(cast.juno, program)
    client.force_login(cast.priya)
    listing = reverse("programs:enrollments", kwargs={"slug": "pilot"})
    page = client.get(listing, {"status": "pending_approval"}).content.decode()
    assert "No line manager with a login: you decide" in page
    url = reverse("programs:decide", kwargs={"uuid": enrollment.uuid})
    response = client.post(url, {"decision": "decline", "next": listing})
    assert response.url == listing
    enrollment.refresh_from_db()
    assert enrollment.status == "declined"


@pytest.mark.django_db
def test_a_next_address_elsewhere_is_ignored(client, cast, program):
    enrollment = _join(cast.sterling, program)
    client.force_login(cast.sol)
    url = reverse("programs:decide", kwargs={"uuid": enrollment.uuid})
    response = client.post(url, {"decision": "approve", "next": "https://evil.example/"})
    assert response.url == reverse("programs:approvals")


@pytest.mark.django_db
def test_decisions_stop_once_the_program_is_active(cast):
    program = open_program(status=Program.Status.ACTIVE, manager_approval=True)
    enrollment = EnrollmentFactory(
        program=program, person=cast.sterling.person, status="pending_approval"
    )
    with pytest.raises(ProgramError, match="no longer enrolling"):
        enrollment_decide(actor=cast.sol, enrollment=enrollment, approve=True)

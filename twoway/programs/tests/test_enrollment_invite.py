import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role, User
from twoway.people.models import OrgUnit
from twoway.programs.models import Enrollment, Program
from twoway.programs.selectors import invite_plan
from twoway.programs.services import ProgramError, enrollment_invite
from twoway.testing.factories import (
    EnrollmentFactory,
    PersonFactory,
    ProgramFactory,
    RuleFactory,
    grant,
    open_program,
)


def _invite(cast, program, side="mentor", department=None, capture=None):
    return enrollment_invite(actor=cast.priya, program=program, side=side, department=department)


@pytest.fixture
def reverse_program(cast):
    """Juniors (level 4 and below) mentor seniors (level 7 and above)."""
    program = ProgramFactory(name="Reverse pilot", slug="pilot", status=Program.Status.ENROLLING)
    RuleFactory(program=program, side="mentor", max_level=4)
    RuleFactory(program=program, side="mentee", min_level=7)
    return program


@pytest.mark.django_db
def test_everyone_eligible_on_the_side_is_invited_by_email_with_the_join_link(
    cast, reverse_program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _invite(cast, reverse_program, side="mentee")
    assert result.invited == 2  # Sol and Sterling
    invited = Enrollment.objects.filter(program=reverse_program)
    assert {e.person.name for e in invited} == {"Sol Bernstein", "Sterling Hayes"}
    assert all(
        e.status == "invited" and e.role == "mentee" and e.invited_by == cast.priya for e in invited
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["sol@example.org", "sterling@example.org"]
    message = mail.outbox[0]
    assert message.subject == "You are invited to Reverse pilot"
    assert reverse_program.purpose in message.body
    assert settings.SITE_URL + "/programs/pilot/join/" in message.body
    assert AuditEvent.objects.filter(action="enrollment.invite").count() == 2


@pytest.mark.django_db
def test_inviting_twice_reaches_only_the_people_not_reached_before(
    cast, reverse_program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cast, reverse_program, side="mentee")
    PersonFactory(name="New director", level=8)
    with django_capture_on_commit_callbacks(execute=True):
        result = _invite(cast, reverse_program, side="mentee")
    assert (result.invited, result.skipped) == (1, 2)
    assert Enrollment.objects.filter(program=reverse_program).count() == 3
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_people_who_joined_or_left_already_are_not_invited_again(cast, reverse_program):
    EnrollmentFactory(
        program=reverse_program, person=cast.sol.person, role="mentee", status="withdrawn"
    )
    result = _invite(cast, reverse_program, side="mentee")
    assert (result.invited, result.skipped) == (1, 1)


@pytest.mark.django_db
def test_an_invitation_can_be_limited_to_a_department_and_its_teams(cast, reverse_program):
    PersonFactory(name="Ops junior", level=2)
    marketing = OrgUnit.objects.get(path="Marketing")
    plan = invite_plan(program=reverse_program, side="mentor", department=marketing)
    assert (plan.eligible, plan.count) == (1, 1)  # Juno, in Marketing/Digital
    assert _invite(cast, reverse_program, department=marketing).invited == 1
    assert Enrollment.objects.get().person == cast.juno.person


@pytest.mark.django_db
def test_people_without_a_login_get_one_and_a_link_to_choose_a_password(
    cast, reverse_program, django_capture_on_commit_callbacks
):
    newcomer = PersonFactory(name="Nia Newcomer", email="Nia@Example.org", level=1)
    plan = invite_plan(program=reverse_program, side="mentor")
    assert plan.without_login == 1
    with django_capture_on_commit_callbacks(execute=True):
        result = _invite(cast, reverse_program)
    assert result.accounts_created == 1
    newcomer.refresh_from_db()
    user = User.objects.get(email="nia@example.org")
    assert newcomer.user == user and not user.has_usable_password()
    body = next(m.body for m in mail.outbox if m.to == ["Nia@Example.org"])
    assert "/accounts/password/reset/" in body and "Choose one here first" in body
    juno_body = next(m.body for m in mail.outbox if m.to == ["juno@example.org"])
    assert "/accounts/password/reset/" not in juno_body


@pytest.mark.django_db
def test_an_existing_login_with_the_same_email_is_linked_not_duplicated(cast, reverse_program):
    person = PersonFactory(name="Has login", email="has.login@example.org", level=1)
    existing = User.objects.create_user(email="HAS.LOGIN@example.org")
    result = _invite(cast, reverse_program)
    person.refresh_from_db()
    assert person.user == existing and result.accounts_created == 0


@pytest.mark.django_db
def test_someone_who_joins_before_the_email_goes_out_gets_none(
    cast, reverse_program, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(cast, reverse_program, side="mentee")
    Enrollment.objects.filter(person=cast.sol.person).update(status="enrolled")
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["sterling@example.org"]]


@pytest.mark.django_db
def test_invitations_wait_until_enrollment_is_open(cast):
    program = open_program(status=Program.Status.DRAFT)
    with pytest.raises(ProgramError, match="open enrollment first"):
        _invite(cast, program)
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_only_the_programs_managers_invite(cast, reverse_program):
    grant(cast.juno, Role.PROGRAM_MANAGER, program=ProgramFactory())
    with pytest.raises(PermissionDenied):
        enrollment_invite(actor=cast.juno, program=reverse_program, side="mentor")


# --- the page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_how_many_will_be_invited_before_sending(client, cast, reverse_program):
    client.force_login(cast.priya)
    url = reverse("programs:invite", kwargs={"slug": "pilot"})
    page = client.get(url, {"side": "mentee"}).content.decode()
    assert "mentees will be invited" in page and "Send 2 invitations" in page
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_htmx_gets_only_the_count(client, cast, reverse_program):
    client.force_login(cast.priya)
    url = reverse("programs:invite", kwargs={"slug": "pilot"})
    page = client.get(url, {"side": "mentee"}, headers={"HX-Request": "true"}).content.decode()
    assert "Send 2 invitations" in page and "<html" not in page


@pytest.mark.django_db
def test_sending_twice_from_the_page_invites_once(client, cast, reverse_program):
    client.force_login(cast.priya)
    url = reverse("programs:invite", kwargs={"slug": "pilot"})
    first = client.post(url, {"side": "mentee"}, follow=True).content.decode()
    second = client.post(url, {"side": "mentee"}, follow=True).content.decode()
    assert "Invited 2 people by e-mail." in first
    assert "Nobody new to invite" in second
    assert Enrollment.objects.count() == 2

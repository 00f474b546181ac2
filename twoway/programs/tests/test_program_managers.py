import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role, RoleGrant
from twoway.core.roles import user_manages_program
from twoway.programs.services import ProgramError, program_manager_add, program_manager_remove
from twoway.testing.factories import ProgramFactory, grant


@pytest.mark.django_db
def test_a_manager_added_runs_this_program_and_no_other(cast):
    program, other = ProgramFactory(), ProgramFactory()
    program_manager_add(actor=cast.priya, program=program, user=cast.sterling)
    assert user_manages_program(cast.sterling, program)
    assert not user_manages_program(cast.sterling, other)


@pytest.mark.django_db
def test_adding_twice_makes_one_grant_and_one_audit_event(cast):
    program = ProgramFactory()
    program_manager_add(actor=cast.priya, program=program, user=cast.sterling)
    program_manager_add(actor=cast.priya, program=program, user=cast.sterling)
    assert RoleGrant.objects.filter(user=cast.sterling, program=program).count() == 1
    assert AuditEvent.objects.filter(action="role.grant").count() == 1


@pytest.mark.django_db
def test_removing_is_audited_and_removing_twice_changes_nothing(cast):
    program = ProgramFactory()
    program_manager_add(actor=cast.priya, program=program, user=cast.sterling)
    assert program_manager_remove(actor=cast.priya, program=program, user=cast.sterling)
    assert not program_manager_remove(actor=cast.priya, program=program, user=cast.sterling)
    event = AuditEvent.objects.get(action="role.revoke")
    assert event.before == {"role": "program_manager", "program": program.slug}


@pytest.mark.django_db
def test_someone_who_manages_every_program_needs_no_grant_for_one(cast):
    with pytest.raises(ProgramError, match="already manages every program"):
        program_manager_add(actor=cast.ada, program=ProgramFactory(), user=cast.priya)


@pytest.mark.django_db
def test_a_manager_of_one_program_cannot_choose_its_managers(cast):
    program = ProgramFactory()
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=program)
    with pytest.raises(PermissionDenied):
        program_manager_add(actor=cast.sterling, program=program, user=cast.juno)


@pytest.mark.django_db
def test_the_program_page_adds_and_removes_managers(client, cast):
    program = ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:manager_add", kwargs={"slug": "pilot"})
    client.post(url, {"email": "STERLING@example.org"})
    assert RoleGrant.objects.filter(user=cast.sterling, program=program).exists()
    page = client.get(reverse("home:program", kwargs={"slug": "pilot"})).content.decode()
    assert "Sterling Hayes" in page
    remove = reverse("programs:manager_remove", kwargs={"slug": "pilot"})
    client.post(remove, {"email": "sterling@example.org"})
    assert not RoleGrant.objects.filter(user=cast.sterling, program=program).exists()


@pytest.mark.django_db
def test_an_unknown_email_is_refused_with_a_message(client, cast):
    ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:manager_add", kwargs={"slug": "pilot"})
    page = client.post(url, {"email": "nobody@example.org"}, follow=True).content.decode()
    assert "No login for nobody@example.org" in page


@pytest.mark.django_db
def test_a_safeguarding_contact_is_not_made_a_manager_of_one_program(cast):
    program = ProgramFactory()
    grant(cast.otto, Role.SAFEGUARDING_CONTACT)
    with pytest.raises(ProgramError, match="is a safeguarding contact, so cannot manage"):
        program_manager_add(actor=cast.priya, program=program, user=cast.otto)
    assert not RoleGrant.objects.filter(user=cast.otto, role=Role.PROGRAM_MANAGER).exists()

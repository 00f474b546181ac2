"""The safeguarding contact role: granted organisation-wide by administrators,
and never to someone who manages programs (nor the other way round)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from twoway.core.models import Role, RoleGrant
from twoway.core.services import role_grant
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db
GRANT = reverse("roles:grant")


def test_an_administrator_grants_it_from_the_roles_page(client, cast):
    client.force_login(cast.ada)
    page = client.get(reverse("roles:list")).content.decode()
    assert '<option value="safeguarding_contact">Safeguarding contact</option>' in page
    response = client.post(GRANT, {"user": "juno@example.org", "role": "safeguarding_contact"})
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=cast.juno, role=Role.SAFEGUARDING_CONTACT).exists()
    page = client.get(reverse("roles:list")).content.decode()
    section = page.split('id="role-safeguarding_contact"')[1].split("</section>")[0]
    assert "Juno Park" in section


def test_it_is_never_given_for_one_program(cast, pilot):
    with (
        pytest.raises(ValidationError, match="Only the program manager role"),
        transaction.atomic(),
    ):
        role_grant(
            actor=cast.ada, user=cast.juno, role=Role.SAFEGUARDING_CONTACT, program=pilot.program
        )


def test_a_program_manager_cannot_be_a_safeguarding_contact(client, cast):
    client.force_login(cast.ada)
    response = client.post(GRANT, {"user": "priya@example.org", "role": "safeguarding_contact"})
    assert response.status_code == 400
    assert "Priya Raman manages programs, so cannot be a safeguarding contact" in (
        response.content.decode()
    )
    assert not RoleGrant.objects.filter(role=Role.SAFEGUARDING_CONTACT).exists()


def test_a_manager_of_one_program_cannot_be_one_either(cast, morgan):
    with (
        pytest.raises(ValidationError, match="cannot be a safeguarding contact"),
        transaction.atomic(),
    ):
        role_grant(actor=cast.ada, user=morgan, role=Role.SAFEGUARDING_CONTACT)


def test_a_safeguarding_contact_cannot_be_made_a_program_manager(cast, pilot):
    grant(cast.juno, Role.SAFEGUARDING_CONTACT)
    for program in (None, pilot.program):
        refused = pytest.raises(
            ValidationError, match="is a safeguarding contact, so cannot manage"
        )
        with refused, transaction.atomic():
            role_grant(actor=cast.ada, user=cast.juno, role=Role.PROGRAM_MANAGER, program=program)
    assert not RoleGrant.objects.filter(user=cast.juno, role=Role.PROGRAM_MANAGER).exists()


def test_only_administrators_grant_it(client, cast):
    client.force_login(cast.priya)
    assert (
        client.post(GRANT, {"user": "juno@example.org", "role": "safeguarding_contact"}).status_code
        == 403
    )

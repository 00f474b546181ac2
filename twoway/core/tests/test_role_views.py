"""The roles page: administrators see who holds which role, grant and revoke,
each audited; the last administrator cannot be removed."""

import pytest
from django.urls import reverse

from tests.site.browser_form import form_find
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, Role, RoleGrant
from twoway.core.services import LAST_ADMINISTRATOR
from twoway.testing.factories import grant
from twoway.testing.queries import queries_for

LIST = reverse("roles:list")
GRANT = reverse("roles:grant")


def grant_as_browser(client, **typed):
    """GET the page, fill the grant form as a person would, post what a browser sends."""
    form = form_find(client.get(LIST).content.decode(), action=GRANT)
    data = dict(form.submission())
    data.update(typed)
    return client.post(GRANT, data)


@pytest.mark.django_db
def test_lists_who_holds_each_role_by_name(client, cast, morgan):
    client.force_login(cast.ada)
    page = client.get(LIST).content.decode()
    administrators = page.split('id="role-administrator"')[1].split("</section>")[0]
    assert "Ada Okafor" in administrators
    assert "Priya Raman" in page.split('id="role-program_manager"')[1].split("</section>")[0]
    scoped = page.split('id="role-program_manager_scoped"')[1].split("</section>")[0]
    assert "morgan@example.org" in scoped and "Other" in scoped
    assert "Sol Bernstein" in page.split('id="role-sponsor"')[1].split("</section>")[0]
    assert "Django admin stays open to superusers as a last resort" in page


@pytest.mark.django_db
def test_grants_a_sponsor_role_picked_from_the_list_and_audits_it(client, cast):
    client.force_login(cast.ada)
    response = grant_as_browser(client, user="Juno Park <juno@example.org>", role=Role.SPONSOR)
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=cast.juno, role=Role.SPONSOR, program=None).exists()
    event = AuditEvent.objects.get(action=AuditAction.ROLE_GRANT)
    assert event.actor == cast.ada and event.subject_id == str(cast.juno.pk)
    assert event.after == {"role": "sponsor"}


@pytest.mark.django_db
def test_grants_a_program_manager_of_one_program(client, cast, pilot):
    client.force_login(cast.ada)
    response = grant_as_browser(
        client, user="juno@example.org", role=Role.PROGRAM_MANAGER, program=str(pilot.program.pk)
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=cast.juno, program=pilot.program).exists()
    event = AuditEvent.objects.get(action=AuditAction.ROLE_GRANT)
    assert event.after == {"role": "program_manager", "program": pilot.program.slug}


@pytest.mark.django_db
def test_refuses_a_program_for_a_role_other_than_program_manager(client, cast, pilot):
    client.force_login(cast.ada)
    response = grant_as_browser(
        client, user="juno@example.org", role=Role.SPONSOR, program=str(pilot.program.pk)
    )
    assert response.status_code == 400
    assert "Only the program manager role is given for one program." in response.content.decode()
    assert not RoleGrant.objects.filter(user=cast.juno).exists()


@pytest.mark.django_db
def test_refuses_an_unknown_address_and_a_role_already_held(client, cast):
    client.force_login(cast.ada)
    response = grant_as_browser(client, user="nobody@example.org", role=Role.SPONSOR)
    assert response.status_code == 400
    assert "No account has the address nobody@example.org." in response.content.decode()
    response = grant_as_browser(client, user="sol@example.org", role=Role.SPONSOR)
    assert response.status_code == 400
    assert "Sol Bernstein is already sponsor." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_GRANT).exists()


@pytest.mark.django_db
def test_revokes_a_role_and_audits_it(client, cast):
    client.force_login(cast.ada)
    sponsor = RoleGrant.objects.get(user=cast.sol, role=Role.SPONSOR)
    response = client.post(reverse("roles:revoke", kwargs={"pk": sponsor.pk}))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=sponsor.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.ROLE_REVOKE)
    assert event.before == {"role": "sponsor"} and event.subject_id == str(cast.sol.pk)


@pytest.mark.django_db
def test_refuses_to_remove_the_last_administrator(client, cast):
    client.force_login(cast.ada)
    admin = RoleGrant.objects.get(user=cast.ada, role=Role.ADMINISTRATOR)
    response = client.post(reverse("roles:revoke", kwargs={"pk": admin.pk}), follow=True)
    assert LAST_ADMINISTRATOR.format(name="Ada Okafor") in response.content.decode()
    assert RoleGrant.objects.filter(pk=admin.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ROLE_REVOKE).exists()


@pytest.mark.django_db
def test_an_administrator_may_step_down_when_another_remains(client, cast):
    grant(cast.priya, Role.ADMINISTRATOR)
    client.force_login(cast.ada)
    admin = RoleGrant.objects.get(user=cast.ada, role=Role.ADMINISTRATOR)
    client.post(reverse("roles:revoke", kwargs={"pk": admin.pk}))
    assert not RoleGrant.objects.filter(pk=admin.pk).exists()


@pytest.mark.django_db
def test_revoking_is_post_only_and_checks_csrf(client, csrf_client, cast):
    sponsor = RoleGrant.objects.get(user=cast.sol, role=Role.SPONSOR)
    url = reverse("roles:revoke", kwargs={"pk": sponsor.pk})
    client.force_login(cast.ada)
    assert client.get(url).status_code == 405
    csrf_client.force_login(cast.ada)
    assert csrf_client.post(url).status_code == 403
    assert RoleGrant.objects.filter(pk=sponsor.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_only_administrators_may_use_the_roles_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(LIST).status_code == 403
    response = client.post(GRANT, {"user": "juno@example.org", "role": Role.ADMINISTRATOR})
    assert response.status_code == 403
    assert not RoleGrant.objects.filter(user=cast.juno).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, cast):
    assert client.get(LIST).status_code == 302


@pytest.mark.django_db
def test_the_page_does_not_grow_with_the_grants(client, cast, pilot):
    client.force_login(cast.ada)
    few = queries_for(client, LIST)
    for user in (cast.juno, cast.sterling, cast.otto):
        grant(user, Role.PROGRAM_MANAGER, program=pilot.program)
    assert queries_for(client, LIST) == few


@pytest.mark.django_db
def test_home_sends_administrators_to_the_roles_page(client, cast):
    client.force_login(cast.ada)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in page
    assert "in the Django admin" not in page

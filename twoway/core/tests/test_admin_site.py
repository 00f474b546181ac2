import pytest

from twoway.core.models import AuditEvent, Role, RoleGrant
from twoway.people.models import LevelLabel


@pytest.mark.django_db
def test_administrator_opens_the_django_admin(client, cast):
    client.force_login(cast.ada)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "sol", "juno"])
def test_other_roles_are_kept_out_of_the_django_admin(client, cast, who):
    user = getattr(cast, who)
    user.is_staff = True  # even a stray staff flag does not open it
    user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.django_db
def test_granting_a_role_in_the_admin_is_audited(client, cast):
    client.force_login(cast.ada)
    url = f"/admin/core/user/{cast.juno.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "email": "juno@example.org",
        "first_name": "Juno",
        "last_name": "",
        "is_active": "on",
        "role_grants-TOTAL_FORMS": "1",
        "role_grants-INITIAL_FORMS": "0",
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
        "role_grants-0-role": Role.PROGRAM_MANAGER,
        "role_grants-0-user": str(cast.juno.pk),
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoleGrant.objects.filter(user=cast.juno, role=Role.PROGRAM_MANAGER).exists()
    event = AuditEvent.objects.get(action="role.grant")
    assert event.actor == cast.ada and event.after == {"role": Role.PROGRAM_MANAGER}


@pytest.mark.django_db
def test_deleting_in_the_admin_is_audited_with_the_values_before(client, cast):
    label = LevelLabel.objects.get(level=9)
    client.force_login(cast.ada)
    response = client.post(f"/admin/people/levellabel/{label.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not LevelLabel.objects.filter(level=9).exists()
    event = AuditEvent.objects.get(action="levellabel.delete")
    assert event.before == {"level": 9, "label": "Executive"} and event.actor == cast.ada

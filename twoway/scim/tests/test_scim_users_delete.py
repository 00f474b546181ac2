"""DELETE /Users/{id}: a leaver with the login off, gone from SCIM, nothing deleted."""

from __future__ import annotations

from django.utils import timezone

from twoway.people.models import Person
from twoway.scim.models import ScimLink
from twoway.scim.tests.helpers import USERS, assert_scim_error, call, new_user


def test_delete_deactivates_and_hides_but_deletes_nothing(cast, client, scim_secret):
    juno = cast.juno.person
    response = call(client, "DELETE", f"{USERS}/{juno.uuid}", scim_secret)
    assert response.status_code == 204
    juno.refresh_from_db()
    cast.juno.refresh_from_db()
    assert juno.leave_date == timezone.localdate()
    assert not cast.juno.is_active
    assert ScimLink.objects.get(person=juno).deleted_at is not None
    assert_scim_error(call(client, "GET", f"{USERS}/{juno.uuid}", scim_secret), 404)
    listed = call(client, "GET", USERS, scim_secret).json()
    assert str(juno.uuid) not in [user["id"] for user in listed["Resources"]]
    assert Person.objects.filter(pk=juno.pk).exists()


def test_creating_the_deleted_username_again_brings_the_person_back(cast, client, scim_secret):
    juno = cast.juno.person
    call(client, "DELETE", f"{USERS}/{juno.uuid}", scim_secret)
    body = new_user("juno@example.org", employee_number=juno.employee_id, external_id="juno-ext")
    response = call(client, "POST", USERS, scim_secret, body)
    assert response.status_code == 201, response.content
    assert response.json()["id"] == str(juno.uuid)
    juno.refresh_from_db()
    cast.juno.refresh_from_db()
    assert juno.leave_date is None
    assert cast.juno.is_active

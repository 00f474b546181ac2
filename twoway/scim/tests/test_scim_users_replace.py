"""PUT /Users/{id}: the person as the User sent; what it leaves out is cleared."""

from __future__ import annotations

from twoway.core.audit import AuditAction
from twoway.core.models import AuditEvent
from twoway.scim.tests.helpers import USERS, assert_scim_error, call, new_user
from twoway.scim.urns import ENTERPRISE_USER


def test_replaces_the_fields_scim_owns_and_leaves_the_others(cast, client, scim_secret):
    juno = cast.juno.person
    body = new_user("juno@example.org", employee_number=juno.employee_id, external_id="juno-ext")
    body.pop("title")
    body["displayName"] = "Juno Park"
    response = call(client, "PUT", f"{USERS}/{juno.uuid}", scim_secret, body)
    assert response.status_code == 200, response.content
    level = juno.level
    juno.refresh_from_db()
    assert (juno.job_title, juno.department.path, juno.level) == ("", "Finance/Planning", level)
    assert response.json()["externalId"] == "juno-ext"


def test_a_new_employee_number_moves_the_persons_key(cast, client, scim_secret):
    juno = cast.juno.person
    old = juno.employee_id
    body = new_user("juno@example.org", employee_number="J-2027", external_id=None)
    call(client, "PUT", f"{USERS}/{juno.uuid}", scim_secret, body)
    juno.refresh_from_db()
    assert juno.employee_id == "J-2027"
    moved = AuditEvent.objects.get(action=AuditAction.PERSON_UPDATE, before={"employee_id": old})
    assert moved.actor == cast.otto


def test_someone_elses_employee_number_is_a_409(cast, client, scim_secret):
    juno, sol = cast.juno.person, cast.sol.person
    body = new_user("juno@example.org", employee_number=sol.employee_id, external_id=None)
    assert_scim_error(
        call(client, "PUT", f"{USERS}/{juno.uuid}", scim_secret, body), 409, "uniqueness"
    )
    juno.refresh_from_db()
    assert juno.department.path == "Marketing/Digital"


def test_replace_with_a_bad_value_changes_nothing(cast, client, scim_secret):
    juno = cast.juno.person
    body = new_user("juno@example.org", employee_number=juno.employee_id)
    body[ENTERPRISE_USER]["department"] = "Marketing//Brand"
    error = assert_scim_error(call(client, "PUT", f"{USERS}/{juno.uuid}", scim_secret, body), 400)
    assert error["detail"].startswith('department: "Marketing//Brand" has an empty part')
    juno.refresh_from_db()
    assert juno.job_title == "Marketing Assistant"

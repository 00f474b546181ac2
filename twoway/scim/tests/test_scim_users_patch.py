"""PATCH /Users/{id} as Entra ID and Okta send it; deactivating makes a leaver."""

from __future__ import annotations

from django.utils import timezone

from twoway.core.audit import AuditAction
from twoway.core.models import AuditEvent
from twoway.people.models import Person
from twoway.scim.tests.helpers import USERS, assert_scim_error, call, new_user, patch_body
from twoway.scim.urns import ENTERPRISE_USER


def _patch(client, secret, person, *operations):
    return call(client, "PATCH", f"{USERS}/{person.uuid}", secret, patch_body(*operations))


def test_entra_id_changes_names_e_mail_department_and_manager(cast, client, scim_secret):
    juno, sol = cast.juno.person, cast.sol.person
    response = _patch(
        client,
        scim_secret,
        juno,
        {"op": "Replace", "path": "name.givenName", "value": "June"},
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "june.park@example.org"},
        {"op": "Add", "path": f"{ENTERPRISE_USER}:department", "value": "Marketing/Brand"},
        {"op": "Add", "path": f"{ENTERPRISE_USER}:manager", "value": str(sol.uuid)},
        {"op": "Replace", "path": "title", "value": "Marketing Executive"},
    )
    assert response.status_code == 200, response.content
    juno.refresh_from_db()
    assert (juno.name, juno.email, juno.job_title) == (
        "June Park",
        "june.park@example.org",
        "Marketing Executive",
    )
    assert (juno.department.path, juno.manager) == ("Marketing/Brand", sol)
    body = response.json()
    assert body["userName"] == "june.park@example.org"
    assert body[ENTERPRISE_USER]["manager"]["value"] == str(sol.uuid)
    assert body["name"] == {"givenName": "June", "familyName": "Park"}


def test_entra_ids_string_false_makes_a_leaver_and_switches_the_login_off(
    cast, client, scim_secret
):
    juno = cast.juno.person
    response = _patch(
        client, scim_secret, juno, {"op": "Replace", "path": "active", "value": "False"}
    )
    assert response.json()["active"] is False
    juno.refresh_from_db()
    cast.juno.refresh_from_db()
    assert juno.leave_date == timezone.localdate()
    assert not cast.juno.is_active
    switched = AuditEvent.objects.get(action=AuditAction.SCIM_LOGIN_SWITCH)
    assert (switched.actor, switched.after) == (cast.otto, {"login_active": False})
    assert Person.objects.filter(pk=juno.pk).exists()


def test_okta_deactivates_without_a_path_and_reactivates(cast, client, scim_secret):
    juno = cast.juno.person
    _patch(client, scim_secret, juno, {"op": "replace", "value": {"active": False}})
    juno.refresh_from_db()
    assert juno.has_left
    response = _patch(client, scim_secret, juno, {"op": "replace", "value": {"active": True}})
    assert response.json()["active"] is True
    juno.refresh_from_db()
    cast.juno.refresh_from_db()
    assert juno.leave_date is None
    assert cast.juno.is_active


def test_okta_replaces_the_name_without_a_path(cast, client, scim_secret):
    juno = cast.juno.person
    _patch(
        client,
        scim_secret,
        juno,
        {"op": "replace", "value": {"name": {"givenName": "Juniper", "familyName": "Park-Lee"}}},
    )
    juno.refresh_from_db()
    assert juno.name == "Juniper Park-Lee"


def test_removing_the_manager_and_the_title_clears_them(cast, client, scim_secret):
    sterling = cast.sterling.person
    assert sterling.manager is not None
    _patch(
        client,
        scim_secret,
        sterling,
        {"op": "remove", "path": f"{ENTERPRISE_USER}:manager"},
        {"op": "remove", "path": "title"},
    )
    sterling.refresh_from_db()
    assert (sterling.manager, sterling.job_title) == (None, "")


def test_a_reporting_loop_is_refused_as_the_import_refuses_it(cast, client, scim_secret):
    sol, sterling = cast.sol.person, cast.sterling.person
    response = _patch(
        client,
        scim_secret,
        sol,
        {"op": "add", "path": f"{ENTERPRISE_USER}:manager", "value": str(sterling.uuid)},
    )
    error = assert_scim_error(response, 400, "invalidValue")
    assert error["detail"].startswith("manager: the reporting line loops back to this person")
    sol.refresh_from_db()
    assert sol.manager is None


def test_a_bad_operation_or_path_changes_nothing(cast, client, scim_secret):
    juno = cast.juno.person
    assert_scim_error(
        _patch(client, scim_secret, juno, {"op": "move", "path": "title"}), 400, "invalidSyntax"
    )
    assert_scim_error(
        _patch(
            client, scim_secret, juno, {"op": "replace", "path": "emails[type ne 1", "value": "x"}
        ),
        400,
        "invalidPath",
    )
    assert_scim_error(
        _patch(client, scim_secret, juno, {"op": "replace", "path": "id", "value": "x"}),
        400,
        "mutability",
    )
    assert_scim_error(
        call(client, "PATCH", f"{USERS}/{juno.uuid}", scim_secret, {"schemas": []}), 400
    )
    juno.refresh_from_db()
    assert juno.name == "Juno Park"


def test_a_user_scim_does_not_know_is_a_404(cast, client, scim_secret):
    response = call(
        client, "PATCH", f"{USERS}/6a1b7a4e-0000-4000-8000-000000000000", scim_secret, patch_body()
    )
    assert_scim_error(response, 404)
    assert_scim_error(call(client, "GET", f"{USERS}/not-a-uuid", scim_secret), 404)


def test_a_user_created_then_patched_keeps_its_external_id(cast, client, scim_secret):
    created = call(client, "POST", USERS, scim_secret, new_user()).json()
    lena = Person.objects.get(uuid=created["id"])
    answer = _patch(
        client,
        scim_secret,
        lena,
        {"op": "Replace", "path": "displayName", "value": "Lena Berg-Ahl"},
    ).json()
    assert answer["externalId"] == "lena-ext"
    assert answer["displayName"] == "Lena Berg-Ahl"

"""POST /Users: a person created by the HR import's rules, audited with the SCIM token."""

from __future__ import annotations

from twoway.core.audit import AuditAction
from twoway.core.audit_sentences import audit_entries
from twoway.core.models import AuditEvent
from twoway.people.models import OrgUnit, Person, PersonChange
from twoway.scim.models import ScimLink
from twoway.scim.tests.helpers import SCIM_JSON, USERS, assert_scim_error, call, new_user
from twoway.scim.urns import ENTERPRISE_USER


def test_creates_the_person_and_answers_the_user(cast, client, scim_secret):
    response = call(client, "POST", USERS, scim_secret, new_user(timezone="Europe/Oslo"))
    assert response.status_code == 201, response.content
    assert response["Content-Type"] == SCIM_JSON
    body = response.json()
    lena = Person.objects.get(email="lena.berg@example.org")
    assert response["Location"] == f"http://testserver/scim/v2/Users/{lena.uuid}"
    assert (lena.employee_id, lena.name, lena.job_title, lena.time_zone) == (
        "E900",
        "Lena Berg",
        "Analyst",
        "Europe/Oslo",
    )
    assert lena.department == OrgUnit.objects.get(path="Finance/Planning")
    assert lena.leave_date is None
    assert ScimLink.objects.get(person=lena).external_id == "lena-ext"
    assert body["id"] == str(lena.uuid)
    assert body["userName"] == "lena.berg@example.org"
    assert body["externalId"] == "lena-ext"
    assert body["active"] is True
    assert body[ENTERPRISE_USER] == {"employeeNumber": "E900", "department": "Finance/Planning"}


def test_every_change_is_audited_with_the_token(cast, client, scim_secret):
    call(client, "POST", USERS, scim_secret, new_user())
    lena = Person.objects.get(email="lena.berg@example.org")
    created = AuditEvent.objects.get(action=AuditAction.PERSON_CREATE, subject_id=str(lena.uuid))
    assert created.actor == cast.otto
    provision = AuditEvent.objects.get(action=AuditAction.SCIM_USER_PROVISION)
    assert provision.actor == cast.otto
    assert provision.after is not None
    assert provision.after["token"] == scim_secret[:8]
    assert provision.after["operation"] == "create"
    imported = AuditEvent.objects.get(action=AuditAction.PEOPLE_IMPORT)
    assert imported.subject_label == f"SCIM token {scim_secret[:8]}"
    (entry,) = audit_entries([imported])
    assert entry.sentence == (
        f"Otto updated people through SCIM provisioning with the SCIM token {scim_secret[:8]}."
    )
    assert created.request_id == provision.request_id == imported.request_id
    # The import's history of departments and job titles, as for a file.
    assert PersonChange.objects.filter(person=lena).count() == 2


def test_the_manager_is_named_by_their_scim_id(cast, client, scim_secret):
    sol = cast.sol.person
    body = new_user()
    body[ENTERPRISE_USER]["manager"] = {"value": str(sol.uuid)}
    answer = call(client, "POST", USERS, scim_secret, body).json()
    assert Person.objects.get(email="lena.berg@example.org").manager == sol
    assert answer[ENTERPRISE_USER]["manager"]["value"] == str(sol.uuid)


def test_an_unknown_manager_is_refused_and_nothing_saved(cast, client, scim_secret):
    body = new_user()
    body[ENTERPRISE_USER]["manager"] = {"value": "not-an-id"}
    error = assert_scim_error(call(client, "POST", USERS, scim_secret, body), 400, "invalidValue")
    assert error["detail"] == "manager: no User has the id 'not-an-id'."
    assert not Person.objects.filter(email="lena.berg@example.org").exists()


def test_the_import_rules_refuse_a_bad_value_in_their_own_words(cast, client, scim_secret):
    body = new_user("not an address")
    error = assert_scim_error(call(client, "POST", USERS, scim_secret, body), 400, "invalidValue")
    assert error["detail"] == 'userName: "not an address" is not a valid e-mail address'
    body = new_user(timezone="Mars/Olympus")
    error = assert_scim_error(call(client, "POST", USERS, scim_secret, body), 400, "invalidValue")
    assert error["detail"].startswith('timezone: "Mars/Olympus" is not a time zone')
    assert not Person.objects.filter(name="Lena Berg").exists()
    assert not OrgUnit.objects.filter(path="Finance/Planning").exists()


def test_a_user_without_a_username_or_a_name_is_refused(cast, client, scim_secret):
    error = assert_scim_error(
        call(client, "POST", USERS, scim_secret, {"displayName": "X"}), 400, "invalidValue"
    )
    assert error["detail"].startswith("userName is required")
    error = assert_scim_error(
        call(client, "POST", USERS, scim_secret, {"userName": "x@example.org"}), 400
    )
    assert error["detail"].startswith("Send the person's name")
    response = client.post(
        USERS,
        "{not json",
        content_type=SCIM_JSON,
        headers={"Authorization": f"Bearer {scim_secret}"},
    )
    assert_scim_error(response, 400, "invalidSyntax")


def test_someone_elses_username_or_external_id_is_a_409(cast, client, scim_secret):
    error = assert_scim_error(
        call(client, "POST", USERS, scim_secret, new_user("Juno@example.org")), 409, "uniqueness"
    )
    assert error["detail"] == "userName Juno@example.org is someone else's e-mail."
    call(client, "POST", USERS, scim_secret, new_user())
    again = new_user("other@example.org", employee_number="E901")
    error = assert_scim_error(call(client, "POST", USERS, scim_secret, again), 409, "uniqueness")
    assert error["detail"] == "externalId lena-ext is someone else's."
    taken = new_user("other@example.org", external_id=None, employee_number="E900")
    assert_scim_error(call(client, "POST", USERS, scim_secret, taken), 409, "uniqueness")
    assert Person.objects.filter(email="other@example.org").count() == 0


def test_without_an_employee_number_the_external_id_is_the_key(cast, client, scim_secret):
    call(client, "POST", USERS, scim_secret, new_user(employee_number=None))
    assert Person.objects.get(email="lena.berg@example.org").employee_id == "lena-ext"
    call(
        client,
        "POST",
        USERS,
        scim_secret,
        new_user("kai@example.org", external_id=None, employee_number=None),
    )
    assert Person.objects.get(email="kai@example.org").employee_id.startswith("scim-")

"""A SCIM client library against the running server over HTTP (127.0.0.1): the journey
an identity provider makes, create → search → PATCH (Entra ID's and Okta's bodies) →
replace → deactivate, checked in the directory after each step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import ListResponse, SearchRequest

from twoway.people.models import Person
from twoway.scim.tests.helpers import scim_token_for
from twoway.scim.urns import ENTERPRISE_USER, PATCH_OP

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def scim(cast, live_server, settings) -> Iterator[SyncSCIMClient]:
    settings.API_RATE_PER_MINUTE = 10_000
    secret = scim_token_for(cast.ada, cast.otto)
    base = f"http://127.0.0.1:{live_server.thread.port}/scim/v2"
    with Client(base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=60) as http:
        client = SyncSCIMClient(http)
        client.discover()
        yield client


def _department(person: Person) -> str:
    return person.department.path if person.department else ""


def _lena() -> Person:
    return Person.objects.select_related("department", "manager", "user").get(employee_id="E900")


def test_an_identity_provider_provisions_and_deprovisions_a_person(cast, scim):
    model = scim.get_resource_model("User")
    assert model is not None
    sol = cast.sol.person

    # Create, with the enterprise extension.
    lena = model.model_validate(
        {
            "userName": "lena.berg@example.org",
            "externalId": "00u1lena",
            "displayName": "Lena Berg",
            "name": {"givenName": "Lena", "familyName": "Berg"},
            "title": "Analyst",
            "active": True,
            ENTERPRISE_USER: {
                "employeeNumber": "E900",
                "department": "Finance",
                "manager": {"value": str(sol.uuid)},
            },
        }
    )
    created = scim.create(lena)
    assert isinstance(created, model)
    person = _lena()
    assert str(person.uuid) == created.id
    assert (person.email, person.name, _department(person), person.manager) == (
        "lena.berg@example.org",
        "Lena Berg",
        "Finance",
        sol,
    )

    # Search by userName, as both providers do before creating.
    search: SearchRequest[Any] = SearchRequest.model_validate(
        {"filter": 'userName eq "lena.berg@example.org"'}
    )
    found = scim.query(model, query_parameters=search)
    assert isinstance(found, ListResponse)
    assert found.total_results == 1
    assert found.resources is not None
    assert found.resources[0].id == created.id

    # Entra ID's PATCH: PascalCase ops, a path per change, "False" as a string.
    entra = {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "Replace", "path": "title", "value": "Senior Analyst"},
            {"op": "Replace", "path": "name.familyName", "value": "Berg-Ahl"},
            {"op": "Add", "path": f"{ENTERPRISE_USER}:department", "value": "Finance/Planning"},
        ],
    }
    scim.modify(model, created.id, entra, check_request_payload=False)
    person = _lena()
    assert (person.job_title, person.name, _department(person)) == (
        "Senior Analyst",
        "Lena Berg-Ahl",
        "Finance/Planning",
    )

    # Okta's PATCH: lower-case op, no path, an object of attributes.
    okta = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {"title": "Planning Lead"}}],
    }
    scim.modify(model, created.id, okta, check_request_payload=False)
    assert _lena().job_title == "Planning Lead"

    # Replace (PUT): what the User leaves out is cleared.
    current = scim.query(model, created.id)
    assert isinstance(current, model)
    current.title = None
    current[ENTERPRISE_USER].manager = None
    scim.replace(current)
    person = _lena()
    assert (person.job_title, person.manager) == ("", None)

    # Deactivate as Entra ID does: the string "False".
    deactivate = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }
    answer = scim.modify(model, created.id, deactivate, check_request_payload=False)
    assert answer.active is False
    person = _lena()
    assert person.leave_date == timezone.localdate()
    assert Person.objects.filter(uuid=created.id).exists()

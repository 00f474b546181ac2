"""Programs through the API: the same people see the same programs as on the pages."""

from __future__ import annotations

import pytest

from twoway.api.etags import etag_for
from twoway.api.tests.helpers import api_get, api_patch, assert_problem, token_for
from twoway.core.models import AuditEvent
from twoway.programs.models import Program
from twoway.testing.factories import enroll, open_program
from twoway.testing.queries import queries_in


def _slugs(client, secret):
    return {
        item["slug"]: item["relation"]
        for item in api_get(client, "/api/v1/programs", secret).json()["items"]
    }


def test_each_role_lists_what_it_may_see(pilot, morgan, cast, client):
    assert _slugs(client, token_for(cast.priya)) == {"reverse-pilot": "manager", "other": "manager"}
    assert _slugs(client, token_for(cast.ada)) == {"reverse-pilot": "manager", "other": "manager"}
    assert _slugs(client, token_for(morgan)) == {"other": "manager"}
    assert _slugs(client, token_for(cast.juno)) == {"reverse-pilot": "participant"}
    assert _slugs(client, token_for(cast.otto)) == {}


def test_a_sponsor_sees_theirs(pilot, cast, client):
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    assert _slugs(client, token_for(cast.sol)) == {"reverse-pilot": "sponsor"}


@pytest.mark.parametrize(
    ("who", "status", "relation"),
    [
        ("priya", 200, "manager"),
        ("juno", 200, "participant"),
        ("morgan", 404, ""),
        ("otto", 404, ""),
    ],
)
def test_one_program_per_role(pilot, morgan, cast, client, who, status, relation):
    user = morgan if who == "morgan" else getattr(cast, who)
    response = api_get(client, "/api/v1/programs/reverse-pilot", token_for(user))
    assert response.status_code == status
    if status == 200:
        assert response.json()["relation"] == relation
        assert response["ETag"] == etag_for(pilot.program)


def test_a_manager_changes_name_and_purpose(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = "/api/v1/programs/reverse-pilot"
    etag = api_get(client, url, secret)["ETag"]
    response = api_patch(
        client, url, {"name": "Reverse pilot 2027", "purpose": "Learn."}, secret, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Reverse pilot 2027"
    assert response["ETag"] != etag
    program = Program.objects.get(pk=pilot.program.pk)
    assert (program.name, program.purpose) == ("Reverse pilot 2027", "Learn.")
    event = AuditEvent.objects.get(action="program.update")
    assert event.actor == cast.priya
    assert event.after == {"name": "Reverse pilot 2027", "purpose": "Learn."}


def test_a_stale_etag_is_412_and_changes_nothing(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = "/api/v1/programs/reverse-pilot"
    etag = api_get(client, url, secret)["ETag"]
    assert (
        api_patch(client, url, {"purpose": "First."}, secret, HTTP_IF_MATCH=etag).status_code == 200
    )
    body = assert_problem(api_patch(client, url, {"name": "Late"}, secret, HTTP_IF_MATCH=etag), 412)
    assert "changed since you read it" in body["detail"]
    assert Program.objects.get(pk=pilot.program.pk).name == "Reverse pilot"
    assert api_patch(client, url, {"name": "Any"}, secret, HTTP_IF_MATCH="*").status_code == 200
    weak = "W/" + api_get(client, url, secret)["ETag"]
    assert_problem(api_patch(client, url, {"name": "Weak"}, secret, HTTP_IF_MATCH=weak), 412)


@pytest.mark.parametrize(
    ("who", "status"), [("juno", 403), ("morgan", 404), ("otto", 404), ("sol", 403)]
)
def test_who_may_not_change_a_program(pilot, morgan, cast, client, who, status):
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    user = morgan if who == "morgan" else getattr(cast, who)
    response = api_patch(
        client, "/api/v1/programs/reverse-pilot", {"name": "Mine"}, token_for(user, write=True)
    )
    assert_problem(response, status)
    assert Program.objects.get(pk=pilot.program.pk).name == "Reverse pilot"
    assert not AuditEvent.objects.filter(action="program.update").exists()


def test_the_list_makes_no_query_per_program(pilot, cast, client):
    def add(names):
        for n, name in enumerate(names):
            program = open_program(name=name, slug=name.lower().replace(" ", "-"))
            if n % 2:
                enroll(program, cast.juno.person)

    client.force_login(cast.juno)
    add(["Open a", "Open b"])
    few = queries_in(lambda: client.get("/api/v1/programs"))
    add([f"More {n}" for n in range(10)])
    assert len(client.get("/api/v1/programs").json()["items"]) == 13
    assert queries_in(lambda: client.get("/api/v1/programs")) == few


def test_a_nul_character_in_a_change_is_dropped_not_a_server_error(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = f"/api/v1/programs/{pilot.program.slug}"
    etag = api_get(client, url, secret)["ETag"]
    body = {"purpose": "Learn\x00 both ways"}
    response = api_patch(client, url, body, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["purpose"] == "Learn both ways"

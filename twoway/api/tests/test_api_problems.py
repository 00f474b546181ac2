"""Errors as application/problem+json."""

from __future__ import annotations

from twoway.api.tests.helpers import api_get, api_patch, assert_problem, token_for


def test_invalid_query_lists_the_fields(cast, client):
    secret = token_for(cast.priya)
    body = assert_problem(api_get(client, "/api/v1/people?limit=0", secret), 422)
    assert body["errors"] == [
        {"field": "limit", "location": "query", "message": body["errors"][0]["message"]}
    ]


def test_invalid_body_lists_the_fields(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = f"/api/v1/programs/{pilot.program.slug}"
    body = assert_problem(api_patch(client, url, {"name": 5, "colour": "red"}, secret), 422)
    fields = {(e["field"], e["location"]) for e in body["errors"]}
    assert fields == {("name", "body"), ("colour", "body")}


def test_a_service_refusal_is_422_with_its_message(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = f"/api/v1/programs/{pilot.program.slug}"
    body = assert_problem(api_patch(client, url, {"name": "   "}, secret), 422)
    assert body["detail"]
    assert body["errors"][0]["field"] == "name"


def test_not_found_is_404_problem(cast, client):
    secret = token_for(cast.juno)
    body = assert_problem(api_get(client, "/api/v1/programs/no-such-program", secret), 404)
    assert body["instance"] == "/api/v1/programs/no-such-program"
    assert body["title"] == "Not Found"


def test_an_address_the_api_does_not_have_is_a_problem_not_a_page(cast, client):
    secret = token_for(cast.priya)
    for path in ("/api/v1/nothing-here", "/api/v2/people", "/api/"):
        body = assert_problem(api_get(client, path, secret), 404)
        assert body["instance"] == path and "/api/v1/docs" in body["detail"]

"""Cursor pages: opaque, signed, and steady while rows are added."""

from __future__ import annotations

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from twoway.api.pagination import SALT, cursor_page
from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.people.models import Person
from twoway.testing.factories import person


def _names(body):
    return [item["name"] for item in body["items"]]


def test_pages_hold_still_when_a_row_is_added_before_the_cursor(cast, client):
    for name in ["Bea", "Cal", "Dee", "Eli"]:
        person(f"{name} Test")
    secret = token_for(cast.priya)
    first = api_get(client, "/api/v1/people?limit=3", secret).json()
    everyone = list(Person.objects.current().order_by("name", "employee_id", "pk"))
    assert _names(first) == [p.name for p in everyone[:3]]
    person("Aaron Early")  # sorts before every page seen so far
    second = api_get(client, first["next"], secret).json()
    assert _names(second) == [p.name for p in everyone[3:6]]
    seen = _names(first) + _names(second)
    while second["next"]:
        second = api_get(client, second["next"], secret).json()
        seen += _names(second)
    assert seen == [p.name for p in everyone]  # each once, none skipped


def test_the_next_link_keeps_the_query_and_ends_with_null(cast, client):
    secret = token_for(cast.priya)
    body = api_get(client, "/api/v1/people?limit=2", secret).json()
    assert body["next"].startswith("http://testserver/api/v1/people?")
    assert "limit=2" in body["next"] and "cursor=" in body["next"]
    last = api_get(client, "/api/v1/people?limit=200", secret).json()
    assert last["next"] is None


def test_a_forged_cursor_is_422(cast, client):
    secret = token_for(cast.priya)
    forged = signing.dumps(["A"], salt="someone else")
    body = assert_problem(api_get(client, f"/api/v1/people?cursor={forged}", secret), 422)
    assert body["errors"][0]["field"] == "cursor"
    assert_problem(api_get(client, "/api/v1/people?cursor=nonsense", secret), 422)


def test_cursor_page_descending_and_a_wrong_length(cast):
    people = Person.objects.all()
    page = cursor_page(people, ("-name", "-pk"), None, 2)
    names = list(people.order_by("-name", "-pk").values_list("name", flat=True))
    assert [p.name for p in page.items] == names[:2]
    rest = cursor_page(people, ("-name", "-pk"), page.next_cursor, 10)
    assert [p.name for p in rest.items] == names[2:]
    with pytest.raises(ValidationError):
        cursor_page(people, ("name", "employee_id", "pk"), signing.dumps(["x"], salt=SALT), 2)

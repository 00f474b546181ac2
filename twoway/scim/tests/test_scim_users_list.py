"""GET /Users: the lookups identity providers make, pages, and no query per person."""

from __future__ import annotations

from urllib.parse import quote

from twoway.people.models import Person
from twoway.scim.tests.helpers import USERS, assert_scim_error, call, new_user
from twoway.testing.factories import PersonFactory
from twoway.testing.queries import queries_in


def _find(client, secret, text):
    return call(client, "GET", f"{USERS}?filter={quote(text)}", secret).json()


def test_finds_a_person_by_username_whatever_the_case(cast, client, scim_secret):
    body = _find(client, scim_secret, 'userName eq "JUNO@example.org"')
    assert body["totalResults"] == 1
    assert body["Resources"][0]["id"] == str(cast.juno.person.uuid)
    assert body["Resources"][0]["userName"] == "juno@example.org"
    assert _find(client, scim_secret, 'userName eq "nobody@example.org"')["totalResults"] == 0


def test_finds_a_person_by_external_id(cast, client, scim_secret):
    call(client, "POST", USERS, scim_secret, new_user())
    body = _find(client, scim_secret, 'externalId eq "lena-ext"')
    assert [user["userName"] for user in body["Resources"]] == ["lena.berg@example.org"]
    assert _find(client, scim_secret, 'externalId eq "LENA-EXT"')["totalResults"] == 0


def test_a_filter_twoway_does_not_take_is_invalid_filter(cast, client, scim_secret):
    for text in ('userName co "juno"', 'title eq "x"', 'userName eq "a" or userName eq "b"'):
        response = call(client, "GET", f"{USERS}?filter={quote(text)}", scim_secret)
        error = assert_scim_error(response, 400, "invalidFilter")
        assert "is not supported" in error["detail"]


def test_pages_with_start_index_and_count(cast, client, scim_secret):
    everyone = list(Person.objects.order_by("pk").values_list("email", flat=True))
    page = call(client, "GET", f"{USERS}?startIndex=2&count=2", scim_secret).json()
    assert page["totalResults"] == len(everyone) == 5
    assert (page["startIndex"], page["itemsPerPage"]) == (2, 2)
    assert [user["userName"] for user in page["Resources"]] == everyone[1:3]
    empty = call(client, "GET", f"{USERS}?count=0", scim_secret).json()
    assert (empty["totalResults"], empty["Resources"]) == (5, [])
    assert_scim_error(call(client, "GET", f"{USERS}?count=many", scim_secret), 400, "invalidValue")


def test_attributes_and_excluded_attributes_shape_the_answer(cast, client, scim_secret):
    only = call(client, "GET", f"{USERS}?attributes=userName", scim_secret).json()
    assert set(only["Resources"][0]) == {"schemas", "id", "userName"}
    without = call(client, "GET", f"{USERS}?excludedAttributes=emails,meta", scim_secret).json()
    assert "emails" not in without["Resources"][0] and "userName" in without["Resources"][0]


def test_a_search_may_be_posted(cast, client, scim_secret):
    body = {"filter": 'userName eq "juno@example.org"', "attributes": ["userName"]}
    found = call(client, "POST", f"{USERS}/.search", scim_secret, body).json()
    assert found["Resources"] == [
        {
            "schemas": found["Resources"][0]["schemas"],
            "id": str(cast.juno.person.uuid),
            "userName": "juno@example.org",
        }
    ]


def test_a_list_makes_no_query_per_person(cast, client, scim_secret, settings):
    settings.API_RATE_PER_MINUTE = 1000

    def read() -> None:
        assert call(client, "GET", f"{USERS}?count=200", scim_secret).status_code == 200

    sol = cast.sol.person
    few = queries_in(read)
    for _ in range(10):
        PersonFactory(manager=sol, department=sol.department)
    assert Person.objects.count() == 15
    assert queries_in(read) == few

"""People through the API: the directory's rules (``people.selectors``)."""

from __future__ import annotations

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.people.models import Person
from twoway.testing.factories import person
from twoway.testing.queries import queries_in


def test_a_directory_manager_sees_everyone_with_hr_fields(cast, client):
    body = api_get(client, "/api/v1/people", token_for(cast.priya)).json()
    names = [item["name"] for item in body["items"]]
    assert names == sorted(p.name for p in Person.objects.current())
    sterling = next(item for item in body["items"] if item["name"] == "Sterling Hayes")
    assert sterling["department"] == "Finance"
    assert sterling["hr"]["employee_id"] == "STERLING"
    assert sterling["hr"]["manager"] == str(cast.sol.person.uuid)


def test_a_participant_sees_only_themself(cast, client):
    body = api_get(client, "/api/v1/people", token_for(cast.juno)).json()
    assert [item["name"] for item in body["items"]] == ["Juno Park"]
    assert body["items"][0]["job_title"] == "Marketing Assistant"
    assert body["items"][0]["department"] == "Marketing/Digital"


def test_a_manager_of_one_program_and_otto(cast, morgan, client):
    assert api_get(client, "/api/v1/people", token_for(morgan)).json()["items"] == []
    assert api_get(client, "/api/v1/people", token_for(cast.otto)).json()["items"] == []


def test_one_person(cast, client):
    sterling = cast.sterling.person
    url = f"/api/v1/people/{sterling.uuid}"
    assert api_get(client, url, token_for(cast.priya)).json()["hr"]["level"] == 8
    assert_problem(api_get(client, url, token_for(cast.juno)), 404)
    assert_problem(api_get(client, url, token_for(cast.otto)), 404)
    own = api_get(client, url, token_for(cast.sterling)).json()
    assert own["name"] == "Sterling Hayes" and own["hr"]["email"] == "sterling@example.org"


def test_the_list_makes_no_query_per_person(cast, client):
    client.force_login(cast.priya)
    few = queries_in(lambda: client.get("/api/v1/people"))
    for n in range(10):
        person(f"Extra {n}", department="Finance", manager=cast.sterling.person)
    assert queries_in(lambda: client.get("/api/v1/people")) == few

"""Enrollments through the API: a program's managers see them all, a participant
their own; a person joins and leaves through the same services as the buttons."""

from __future__ import annotations

import pytest
from django.utils import timezone

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.api.tests.helpers_more import api_delete, api_post, read_queries
from twoway.core.models import AuditEvent
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import PersonFactory, enroll, open_program

URL = "/api/v1/programs/reverse-pilot/enrollments"


def _names(client, secret, url=URL):
    return sorted(item["person"]["name"] for item in api_get(client, url, secret).json()["items"])


def test_a_manager_sees_every_enrollment_a_participant_their_own(pilot, cast, client):
    assert _names(client, token_for(cast.priya)) == [
        "Juno Park",
        "Maya Chen",
        "Richard Hale",
        "Sterling Hayes",
    ]
    assert _names(client, token_for(cast.juno)) == ["Juno Park"]
    item = api_get(client, URL, token_for(cast.juno)).json()["items"][0]
    assert item["role"] == "mentor" and item["status"] == "enrolled"
    assert {(t["name"], t["direction"]) for t in item["topics"]} == {
        ("Short-form video for business", "teach"),
        ("Negotiation", "learn"),
    }


def test_a_sponsor_sees_no_one_elses_enrollment(pilot, cast, client):
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    assert _names(client, token_for(cast.sol)) == []


@pytest.mark.parametrize("who", ["morgan", "otto"])
def test_who_may_not_know_the_program_gets_404(pilot, morgan, cast, client, who):
    user = morgan if who == "morgan" else cast.otto
    assert_problem(api_get(client, URL, token_for(user)), 404)
    juno = Enrollment.objects.get(person=pilot.juno)
    assert_problem(api_get(client, f"{URL}/{juno.uuid}", token_for(user)), 404)


def test_a_participant_cannot_read_anothers_enrollment(pilot, cast, client):
    maya = Enrollment.objects.get(person=pilot.maya)
    assert_problem(api_get(client, f"{URL}/{maya.uuid}", token_for(cast.juno)), 404)
    assert api_get(client, f"{URL}/{maya.uuid}", token_for(cast.priya)).status_code == 200


def test_a_person_joins_an_enrolling_program(cast, starter_catalogue, client):
    program = open_program(name="Open", slug="open")
    skill = starter_catalogue.first()
    body = {"role": "mentor", "teach": [{"skill": str(skill.uuid), "level": 4}], "capacity": 1}
    response = api_post(
        client, "/api/v1/programs/open/enrollments", body, token_for(cast.juno, write=True)
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "enrolled"
    assert response["ETag"]
    enrollment = Enrollment.objects.get(program=program, person=cast.juno.person)
    assert enrollment.topics.get().skill == skill
    event = AuditEvent.objects.get(action="enrollment.join")
    assert event.actor == cast.juno


def test_joining_with_bad_input_is_422_and_saves_nothing(cast, starter_catalogue, client):
    program = open_program(name="Open", slug="open")
    url = "/api/v1/programs/open/enrollments"
    secret = token_for(cast.juno, write=True)
    body = assert_problem(api_post(client, url, {"role": "mentor"}, secret), 422)
    assert "at least one topic you will teach" in body["detail"]
    unknown = {"role": "mentor", "teach": [{"skill": "00000000-0000-0000-0000-000000000000"}]}
    assert_problem(api_post(client, url, unknown, secret), 422)
    assert not Enrollment.objects.filter(program=program).exists()
    assert not AuditEvent.objects.filter(action="enrollment.join").exists()


def test_a_read_token_may_not_join(cast, starter_catalogue, client):
    open_program(name="Open", slug="open")
    body = assert_problem(
        api_post(
            client, "/api/v1/programs/open/enrollments", {"role": "mentee"}, token_for(cast.juno)
        ),
        403,
    )
    assert "may only read" in body["detail"]


def test_a_participant_leaves_with_the_etag_they_read(cast, client):
    program = open_program(name="Open", slug="open")
    mine = enroll(program, cast.juno.person, Enrollment.Role.MENTEE)
    url = f"/api/v1/programs/open/enrollments/{mine.uuid}"
    secret = token_for(cast.juno, write=True)
    etag = api_get(client, url, secret)["ETag"]
    Enrollment.objects.filter(pk=mine.pk).update(
        goal="Changed meanwhile", updated_at=timezone.now()
    )
    assert_problem(api_delete(client, url, secret, HTTP_IF_MATCH=etag), 412)
    assert Enrollment.objects.get(pk=mine.pk).status == "enrolled"
    etag = api_get(client, url, secret)["ETag"]
    response = api_delete(client, url, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    assert AuditEvent.objects.get(action="enrollment.withdraw").actor == cast.juno


def test_leaving_after_publishing_is_refused(published, cast, client):
    mine = Enrollment.objects.get(person=published.juno)
    body = assert_problem(
        api_delete(client, f"{URL}/{mine.uuid}", token_for(cast.juno, write=True)), 422
    )
    assert "published" in body["detail"]
    assert Enrollment.objects.get(pk=mine.pk).status == "enrolled"


def test_a_participant_cannot_take_another_out(pilot, cast, client):
    maya = Enrollment.objects.get(person=pilot.maya)
    assert_problem(api_delete(client, f"{URL}/{maya.uuid}", token_for(cast.juno, write=True)), 404)
    assert Enrollment.objects.get(pk=maya.pk).status == "enrolled"


def test_the_list_makes_no_query_per_enrollment(pilot, cast, client):
    secret = token_for(cast.priya)
    few = read_queries(client, URL, secret)
    for _ in range(8):
        enroll(pilot.program, PersonFactory(), Enrollment.Role.MENTEE, learn=[(pilot.ai, 2)])
    assert len(api_get(client, URL, secret).json()["items"]) == 12
    assert read_queries(client, URL, secret) == few

"""A pair's meetings through the API: its members plan them and see where; its
program's managers see when and whether each side logged; nobody else anything."""

from __future__ import annotations

import pytest

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.api.tests.helpers_more import api_post, read_queries
from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting
from twoway.meetings.tests.helpers import juno_pair, local_in, plan
from twoway.programs.models import Program


def _body(**fields):
    return {
        "starts_at_local": local_in(7).isoformat(),
        "time_zone": "Europe/London",
        "duration_minutes": 45,
        "place": "Room 4",
        **fields,
    }


def test_a_member_plans_a_meeting(published, cast, client):
    pair = juno_pair()
    url = f"/api/v1/pairs/{pair.uuid}/meetings"
    response = api_post(client, url, _body(), token_for(cast.juno, write=True))
    assert response.status_code == 201, response.content
    (item,) = response.json()
    assert item["place"] == "Room 4" and item["duration_minutes"] == 45
    meeting = Meeting.objects.get(uuid=item["uuid"])
    assert meeting.proposed_by == published.juno
    assert AuditEvent.objects.get(action="meeting.schedule").actor == cast.juno


def test_a_series_is_planned_at_the_programs_cadence(published, cast, client):
    pair = juno_pair()
    url = f"/api/v1/pairs/{pair.uuid}/meetings"
    response = api_post(client, url, _body(repeat=3), token_for(cast.sterling, write=True))
    assert response.status_code == 201, response.content
    assert len(response.json()) == 3 and Meeting.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "is not a time zone we know"),
        ({"starts_at_local": local_in(-2).isoformat()}, "already passed"),
        ({"duration_minutes": 1}, "A meeting lasts between"),
    ],
)
def test_bad_input_is_422_and_plans_nothing(published, cast, client, fields, message):
    pair = juno_pair()
    url = f"/api/v1/pairs/{pair.uuid}/meetings"
    body = assert_problem(
        api_post(client, url, _body(**fields), token_for(cast.juno, write=True)), 422
    )
    assert message in body["detail"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["priya", "maya", "otto"])
def test_only_members_plan(published, cast, client, who):
    user = published.maya.user if who == "maya" else getattr(cast, who)
    url = f"/api/v1/pairs/{juno_pair().uuid}/meetings"
    assert_problem(api_post(client, url, _body(), token_for(user, write=True)), 404)
    assert not Meeting.objects.exists()


def test_a_read_token_cannot_plan(published, cast, client):
    url = f"/api/v1/pairs/{juno_pair().uuid}/meetings"
    assert_problem(api_post(client, url, _body(), token_for(cast.juno)), 403)


def test_who_sees_what_of_the_meetings(published, morgan, cast, client):
    Program.objects.filter(pk=published.program.pk).update(sponsor=cast.sol)
    pair = juno_pair()
    plan(pair, published.juno, place="Café by the river")
    url = f"/api/v1/pairs/{pair.uuid}/meetings"
    (mine,) = api_get(client, url, token_for(cast.sterling)).json()["items"]
    assert mine["place"] == "Café by the river"
    (managed,) = api_get(client, url, token_for(cast.priya)).json()["items"]
    assert managed["place"] is None and managed["video_url"] is None
    assert managed["mentor_logged"] is False
    for user in (cast.sol, morgan, cast.otto, published.maya.user):
        assert_problem(api_get(client, url, token_for(user)), 404)


def test_the_list_makes_no_query_per_meeting(published, cast, client):
    pair = juno_pair()
    url = f"/api/v1/pairs/{pair.uuid}/meetings"
    plan(pair, published.juno)
    secret = token_for(cast.priya)
    few = read_queries(client, url, secret)
    plan(pair, published.juno, days=9, repeat=4)
    assert len(api_get(client, url, secret).json()["items"]) == 5
    assert read_queries(client, url, secret) == few

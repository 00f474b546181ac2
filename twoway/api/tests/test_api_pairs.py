"""Pairs through the API: your own, and a managed program's; nobody else's."""

from __future__ import annotations

import pytest

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.api.tests.helpers_more import read_queries
from twoway.pairs.models import Pair
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import PersonFactory


def _pairs(client, secret, url="/api/v1/pairs"):
    return {
        (item["mentor"]["name"], item["mentee"]["name"]): item
        for item in api_get(client, url, secret).json()["items"]
    }


def test_a_member_sees_their_own_pair_and_side(published, cast, client):
    pairs = _pairs(client, token_for(cast.juno))
    assert list(pairs) == [("Juno Park", "Sterling Hayes")]
    item = pairs[("Juno Park", "Sterling Hayes")]
    assert item["my_side"] == "mentor"
    assert item["risk_reasons"] is None
    assert item["program"] == "reverse-pilot"


def test_a_manager_lists_their_programs_pairs(published, cast, client):
    secret = token_for(cast.priya)
    assert _pairs(client, secret) == {}  # Priya is in no pair herself
    pairs = _pairs(client, secret, "/api/v1/pairs?program=reverse-pilot")
    assert set(pairs) == {("Juno Park", "Sterling Hayes"), ("Maya Chen", "Richard Hale")}
    for item in pairs.values():
        assert item["my_side"] is None and item["risk_reasons"] == []


@pytest.mark.parametrize("who", ["juno", "sol", "morgan", "otto"])
def test_only_managers_list_a_programs_pairs(published, morgan, cast, client, who):
    Program.objects.filter(pk=published.program.pk).update(sponsor=cast.sol)
    user = morgan if who == "morgan" else getattr(cast, who)
    assert_problem(api_get(client, "/api/v1/pairs?program=reverse-pilot", token_for(user)), 404)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("juno", 200),
        ("sterling", 200),
        ("priya", 200),
        ("sol", 404),
        ("morgan", 404),
        ("otto", 404),
    ],
)
def test_one_pair_per_role(published, morgan, cast, client, who, status):
    Program.objects.filter(pk=published.program.pk).update(sponsor=cast.sol)
    pair = Pair.objects.get(mentor=published.juno)
    user = morgan if who == "morgan" else getattr(cast, who)
    response = api_get(client, f"/api/v1/pairs/{pair.uuid}", token_for(user))
    assert response.status_code == status
    # Maya's pair is not Juno's to see.
    maya = Pair.objects.get(mentor=published.maya)
    if who in ("juno", "sterling"):
        assert_problem(api_get(client, f"/api/v1/pairs/{maya.uuid}", token_for(user)), 404)


def test_the_list_makes_no_query_per_pair(published, cast, client):
    secret = token_for(cast.priya)
    url = "/api/v1/pairs?program=reverse-pilot"
    few = read_queries(client, url, secret)
    for _ in range(5):
        mentor, mentee = PersonFactory(), PersonFactory()
        for who, role in ((mentor, "mentor"), (mentee, "mentee")):
            Enrollment.objects.create(program=published.program, person=who, role=role)
        Pair.objects.create(program=published.program, mentor=mentor, mentee=mentee)
    assert len(api_get(client, url, secret).json()["items"]) == 7
    assert read_queries(client, url, secret) == few

"""A program's outcomes through the API: aggregates only, for those who may read
them, and no figure that describes fewer than k people, even by subtraction."""

from __future__ import annotations

import datetime as dt

import pytest

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.core.models import Role
from twoway.outcomes.tests.test_small_group_differencing import recovered_cells
from twoway.outcomes.tests.viewers import allowed, program_world, refused, small_world
from twoway.outcomes.tests.world import AS_OF, HIRED, JOINED, cohort
from twoway.programs.models import Enrollment
from twoway.testing.factories import PersonFactory, UserFactory, enroll, grant, unit


def _url(slug, as_of=AS_OF):
    return f"/api/v1/programs/{slug}/outcomes?as_of={as_of.isoformat()}"


def test_who_may_read_the_outcomes(cast, client):
    viewers = program_world(cast)
    for label, user in allowed(cast, viewers).items():
        response = api_get(client, _url(viewers.slug), token_for(user))
        assert response.status_code == 200, label
        assert response.json()["participants"]["n"] == 20
    for label, user in refused(cast, viewers).items():
        response = api_get(client, _url(viewers.slug), token_for(user))
        assert response.status_code == 404, label
        assert_problem(response, 404)


def test_a_program_under_k_shows_no_figure(cast, client):
    viewers = small_world(cast)
    data = api_get(client, _url(viewers.slug), token_for(viewers.manager)).json()
    assert data["suppressed"] is True
    assert data["participants"]["n"] is None and data["comparison"]["n"] is None


def test_the_differencing_attack_recovers_nothing(cast, client):
    # Three mentors and nine mentees: the mentors are a group under k. The attack
    # subtracts the mentees' figures from the total to find the mentors' (one of
    # whom left): the mentees' figures are hidden too, so only their sum is known.
    world = cohort(mentors=3, mentees=9, colleagues=0, participants_leaving={1: 90})
    manager = UserFactory(email="pm@example.org")
    grant(manager, Role.PROGRAM_MANAGER, program=world.program)
    secret = token_for(manager)
    data = api_get(client, _url(world.program.slug), secret).json()
    assert data["participants"]["n"] == 12
    sides = {row["side"]: row for row in data["by_side"]}
    assert sides["mentor"]["n"] is None  # small
    assert sides["mentee"]["n"] is None  # and its complement, so 12 - 9 cannot be done
    assert recovered_cells(data) == {}


def test_a_date_to_come_is_422(cast, client):
    viewers = program_world(cast)
    body = assert_problem(
        api_get(client, _url(viewers.slug, as_of=AS_OF.replace(year=2999)), token_for(cast.ada)),
        422,
    )
    assert body["errors"][0]["field"] == "as_of"


def test_an_unknown_program_is_404(cast, client):
    assert_problem(api_get(client, "/api/v1/programs/nope/outcomes", token_for(cast.ada)), 404)


@pytest.mark.xfail(
    strict=True,
    reason="Known gap of the small-group rule, pages and exports alike: two dates around "
    "one late joiner differ by that one person, so the difference in leavers is theirs.",
)
def test_two_dates_around_one_joiner_do_not_give_that_person_away(cast, client):
    world = cohort(mentors=3, mentees=3, colleagues=30)
    late = JOINED + dt.timedelta(days=100)
    joiner = PersonFactory(
        department=unit("Operations"),
        level=2,
        hire_date=HIRED,
        leave_date=late + dt.timedelta(days=30),
    )
    enroll(world.program, joiner, Enrollment.Role.MENTOR, joined_on=late)
    manager = UserFactory(email="pm@example.org")
    grant(manager, Role.PROGRAM_MANAGER, program=world.program)
    secret = token_for(manager)
    before = api_get(client, _url(world.program.slug, late - dt.timedelta(days=1)), secret).json()
    after = api_get(client, _url(world.program.slug), secret).json()
    shown = [before["participants"], after["participants"]]
    if all(group["n"] is not None for group in shown):
        # A group of one by subtraction: it must not be worked out.
        assert shown[1]["n"] - shown[0]["n"] >= before["k"]

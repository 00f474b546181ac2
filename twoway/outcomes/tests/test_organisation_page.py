"""The organisation's outcomes: one row per program the user may read, no total."""

import pytest
from django.urls import reverse

from twoway.outcomes.tests.viewers import program_world, small_world
from twoway.outcomes.text import ORGANISATION_NOTE

pytestmark = pytest.mark.django_db
URL = reverse("outcomes:organisation")


@pytest.fixture
def viewers(cast):
    return program_world(cast)


@pytest.mark.parametrize("who", ["sol", "ada"])
def test_sponsors_and_administrators_see_every_program(client, cast, viewers, who):
    client.force_login(getattr(cast, who))
    page = client.get(URL).content.decode()
    assert viewers.cohort.program.name in page
    assert reverse("outcomes:program", kwargs={"slug": viewers.slug}) in page
    assert ORGANISATION_NOTE in page


def test_a_programs_manager_and_its_sponsor_see_it(client, viewers):
    for user in (viewers.manager, viewers.sponsor):
        client.force_login(user)
        assert viewers.cohort.program.name in client.get(URL).content.decode()


def test_a_manager_of_another_program_does_not_see_this_one(client, viewers):
    client.force_login(viewers.other_manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert viewers.cohort.program.name not in response.content.decode()


def test_a_participant_gets_a_404(client, cast, viewers):
    client.force_login(cast.juno)
    assert client.get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_small_program_is_listed_without_figures(client, cast):
    small = small_world(cast)
    client.force_login(cast.sol)
    page = client.get(URL).content.decode()
    row = page.split(small.cohort.program.name, 1)[1].split("</tr>", 1)[0]
    assert "no figures yet" in row
    assert "%" not in row


def test_the_home_page_gives_a_sponsor_each_programs_headline_and_link(client, cast, viewers):
    client.force_login(cast.sol)
    page = client.get(reverse("home")).content.decode()
    assert reverse("outcomes:program", kwargs={"slug": viewers.slug}) in page
    assert "of participants still with us after 12 months" in page


def test_the_home_page_of_a_participant_has_no_outcomes(client, cast, viewers):
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    assert reverse("outcomes:program", kwargs={"slug": viewers.slug}) not in page

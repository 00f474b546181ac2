import pytest
from django.urls import reverse

from twoway.testing.factories import PersonSkillFactory


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_participant_sees_next_steps_but_no_administration(client, cast):
    page = _home(client, cast.juno)
    assert "Welcome, Juno" in page and "Your next steps" in page
    assert "Administration" not in page and "Where demand is unmet" not in page


@pytest.mark.django_db
def test_administrator_sees_administration_tasks(client, cast):
    page = _home(client, cast.ada)
    assert "Administration" in page and reverse("people:import_upload") in page
    assert "people in the directory" in page


@pytest.mark.django_db
def test_program_manager_sees_organisation_figures_and_unmet_demand(client, cast):
    page = _home(client, cast.priya)
    assert "people in the directory" in page and "Where demand is unmet" in page
    assert "Administration" not in page


@pytest.mark.django_db
def test_sponsor_sees_aggregates_and_no_people_list(client, cast):
    page = _home(client, cast.sol)
    assert "Where demand is unmet" in page
    assert reverse("people:list") not in page


@pytest.mark.django_db
def test_login_without_person_or_role_is_told_what_to_ask_for(client, cast):
    page = _home(client, cast.otto)
    assert "not linked to a person" in page


@pytest.mark.django_db
def test_next_steps_count_what_is_done(client, cast):
    PersonSkillFactory(person=cast.juno.person, direction="offer")
    assert "1 of 3 done" in _home(client, cast.juno)


@pytest.mark.django_db
def test_roles_are_shown_by_their_names(client, cast):
    page = _home(client, cast.priya)
    assert "Program manager" in page and "Participant" in page

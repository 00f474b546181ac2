import pytest
from django.urls import reverse

from twoway.people.models import SelfDescription

URL = reverse("home:me")


@pytest.mark.django_db
def test_my_profile_shows_hr_facts_and_my_self_descriptions(client, cast):
    SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")
    client.force_login(cast.juno)
    page = client.get(URL).content.decode()
    assert "Marketing Assistant" in page and "Marketing/Digital" in page
    assert 'value="Woman"' in page and "Withdraw consent" in page


@pytest.mark.django_db
def test_a_login_without_a_person_is_told_why_there_is_no_profile(client, cast):
    client.force_login(cast.otto)
    response = client.get(URL)
    assert response.status_code == 403
    assert "not linked to a person" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302

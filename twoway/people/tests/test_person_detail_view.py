import uuid

import pytest
from django.urls import reverse

from twoway.people.models import SelfDescription


def _url(person) -> str:
    return reverse("home:person", kwargs={"uuid": person.uuid})


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["priya", "ada"])
def test_managers_see_anyone_with_reports_and_skills(client, cast, who):
    client.force_login(getattr(cast, who))
    page = client.get(_url(cast.sol.person)).content.decode()
    assert "Chief Operating Officer" in page and "Sterling Hayes" in page  # a direct report


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "sol", "otto"])
def test_others_get_404_for_someone_else(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(_url(cast.sterling.person)).status_code == 404


@pytest.mark.django_db
def test_my_own_page_redirects_to_my_profile(client, cast):
    client.force_login(cast.juno)
    response = client.get(_url(cast.juno.person))
    assert response.status_code == 302 and response.url == reverse("home:me")


@pytest.mark.django_db
def test_an_unknown_person_is_404(client, cast):
    client.force_login(cast.ada)
    url = reverse("home:person", kwargs={"uuid": uuid.uuid4()})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_self_descriptions_are_never_on_someone_elses_page(client, cast):
    SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Genderqueer poet")
    client.force_login(cast.ada)
    assert "Genderqueer poet" not in client.get(_url(cast.juno.person)).content.decode()

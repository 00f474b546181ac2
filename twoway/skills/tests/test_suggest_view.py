import pytest
from django.urls import reverse

from twoway.testing.factories import SkillFactory

URL = reverse("skills:suggest")
# Browser tests flush the database, migration data included: ask for the catalogue.
pytestmark = pytest.mark.usefixtures("starter_catalogue")


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL, {"q": "tik"}).status_code == 302


@pytest.mark.django_db
def test_a_synonym_suggests_the_skill_name_with_the_synonym_and_category_as_label(client, cast):
    client.force_login(cast.otto)  # any signed-in user, person or not
    page = client.get(URL, {"q": "tik"}).content.decode()
    assert '<option value="Short-form video" label="TikTok · Social media for business">' in page


@pytest.mark.django_db
def test_a_name_match_is_labelled_with_its_category_only(client, cast):
    client.force_login(cast.juno)
    page = client.get(URL, {"q": "DATA LIT"}).content.decode()
    assert '<option value="Data literacy" label="Technology">' in page


@pytest.mark.django_db
def test_htmx_sends_the_field_under_its_own_name_and_that_works_too(client, cast):
    client.force_login(cast.juno)
    page = client.get(URL, {"skill": "reels"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="Short-form video"' in page


@pytest.mark.django_db
def test_names_starting_with_the_term_come_first_and_at_most_ten_are_shown(client, cast):
    client.force_login(cast.juno)
    response = client.get(URL, {"q": "a"})
    rows = response.context["rows"]
    assert len(rows) == 10
    assert rows[0]["skill"].name.lower().startswith("a")


@pytest.mark.django_db
def test_inactive_skills_are_never_suggested(client, cast):
    SkillFactory(name="Fax machines", is_active=False)
    client.force_login(cast.juno)
    assert "Fax" not in client.get(URL, {"q": "fax"}).content.decode()


@pytest.mark.django_db
def test_an_empty_term_suggests_nothing(client, cast):
    client.force_login(cast.juno)
    assert client.get(URL, {"q": "  "}).content.decode().strip() == ""

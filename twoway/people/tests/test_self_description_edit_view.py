import pytest
from django.urls import reverse

from twoway.people.models import SelfDescription

URL = reverse("people:self_description")


@pytest.mark.django_db
def test_saving_from_the_profile_page(client, cast):
    client.force_login(cast.juno)
    response = client.post(URL, {"kind": "gender", "value": "Woman", "consent": "on"}, follow=True)
    assert "Saved your gender" in response.content.decode()
    assert SelfDescription.objects.get(person=cast.juno.person).value == "Woman"


@pytest.mark.django_db
def test_forgetting_the_consent_box_explains_and_saves_nothing(client, cast):
    client.force_login(cast.juno)
    response = client.post(URL, {"kind": "gender", "value": "Woman"}, follow=True)
    assert "Not saved" in response.content.decode()
    assert not SelfDescription.objects.exists()


@pytest.mark.django_db
def test_withdraw_button_deletes(client, cast):
    SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")
    client.force_login(cast.juno)
    response = client.post(URL, {"kind": "gender", "value": "Woman", "withdraw": "on"}, follow=True)
    assert "Consent withdrawn" in response.content.decode()
    assert not SelfDescription.objects.exists()


@pytest.mark.django_db
def test_an_unknown_kind_changes_nothing(client, cast):
    client.force_login(cast.juno)
    response = client.post(URL, {"kind": "shoe_size", "value": "42", "consent": "on"}, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert not SelfDescription.objects.exists()


@pytest.mark.django_db
def test_get_is_not_allowed_and_anonymous_is_sent_to_log_in(client, cast):
    assert client.post(URL, {"kind": "gender"}).status_code == 302
    client.force_login(cast.juno)
    assert client.get(URL).status_code == 405


@pytest.mark.django_db
def test_a_forged_post_without_csrf_token_is_refused(csrf_client, cast):
    csrf_client.force_login(cast.juno)
    response = csrf_client.post(URL, {"kind": "gender", "value": "Woman", "consent": "on"})
    assert response.status_code == 403
    assert not SelfDescription.objects.exists()

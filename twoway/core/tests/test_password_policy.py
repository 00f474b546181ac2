"""SSO-only mode: passwords refused everywhere but for the break-glass addresses."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from twoway.testing.factories import CAST_PASSWORD

SSO_ONLY_WORDS = "Passwords are switched off here"


@pytest.mark.django_db
def test_a_direct_post_of_the_right_password_is_refused(client, cast, sso_only):
    response = client.post(
        reverse("login"), {"username": "juno@example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 200
    assert SSO_ONLY_WORDS in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_refused_password_still_counts_towards_the_lockout(client, cast, sso_only):
    client.post(reverse("login"), {"username": "juno@example.org", "password": CAST_PASSWORD})
    assert AccessAttempt.objects.get(username="juno@example.org").failures_since_start == 1


@pytest.mark.django_db
def test_the_django_admin_refuses_the_password_too(client, cast, sso_only):
    sso_only.OIDC_BREAK_GLASS_EMAILS = []
    response = client.post(
        reverse("admin:login"), {"username": "ada@example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_break_glass_administrator_logs_in_with_a_password(client, cast, sso_only):
    response = client.post(
        reverse("login"), {"username": " Ada@Example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.ada.pk)


@pytest.mark.django_db
def test_a_wrong_break_glass_password_reads_like_any_refusal(client, cast, sso_only):
    response = client.post(reverse("login"), {"username": "ada@example.org", "password": "nope"})
    assert SSO_ONLY_WORDS in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_link_only_to_a_break_glass_address(client, cast, sso_only):
    page = client.get(reverse("password_reset")).content.decode()
    assert SSO_ONLY_WORDS in page and reverse("sso:start") in page
    for email in ("juno@example.org", "ada@example.org"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


@pytest.mark.django_db
def test_the_log_in_page_offers_single_sign_on_and_hides_the_password_form(client, sso_only):
    page = client.get(reverse("login") + "?next=/me/").content.decode()
    assert "Sign in with Contoso" in page
    assert f'href="{reverse("sso:start")}?next=%2Fme%2F"' in page
    assert '<details class="sso-break-glass">' in page
    assert "Forgotten your password?" not in page


@pytest.mark.django_db
def test_with_single_sign_on_beside_passwords_both_are_offered(client, cast, sso_only):
    sso_only.OIDC_SSO_ONLY = False
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Contoso" in page and "Forgotten your password?" in page
    response = client.post(
        reverse("login"), {"username": "juno@example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_without_single_sign_on_the_page_has_no_button(client):
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso:start")).status_code == 404

"""Switching SSO-only mode on ends the sessions opened with a password, at their
next request, except a break-glass administrator's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twoway.sso.middleware import SSO_SESSION_KEY

pytestmark = pytest.mark.django_db


def test_a_password_session_ends_when_passwords_are_switched_off(client, cast, settings):
    client.force_login(cast.juno)  # with a password, while passwords were allowed
    assert client.get("/me/").status_code == 200
    settings.OIDC_DISCOVERY_URL = "https://login.example.org/.well-known/openid-configuration"
    settings.OIDC_PROVIDER_NAME = "Contoso"
    settings.OIDC_SSO_ONLY = True
    settings.OIDC_BREAK_GLASS_EMAILS = ["ada@example.org"]

    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/me/"
    assert "_auth_user_id" not in client.session
    login_page = client.get(response.url).content.decode()
    assert "Passwords are switched off here: sign in with Contoso." in login_page
    assert "Sign in with Contoso" in login_page
    assert client.get("/").status_code == 302  # signed out for good


def test_a_break_glass_administrators_password_session_stays(client, cast, sso_only):
    client.force_login(cast.ada)
    assert client.get("/").status_code == 200
    assert client.session["_auth_user_id"] == str(cast.ada.pk)


def test_a_session_opened_through_single_sign_on_stays(client, cast, sso_only):
    client.force_login(cast.juno)
    session = client.session
    session[SSO_SESSION_KEY] = True
    session.save()
    assert client.get("/me/").status_code == 200


def test_with_passwords_on_nothing_ends(client, cast):
    client.force_login(cast.juno)
    assert client.get("/me/").status_code == 200

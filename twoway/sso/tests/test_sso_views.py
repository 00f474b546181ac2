"""The two views' refusals that need no provider at all."""

from __future__ import annotations

import socket

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable(settings):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.OIDC_DISCOVERY_URL = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "twoway"
    settings.OIDC_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Contoso"
    cache.clear()
    return settings


def test_says_when_the_provider_cannot_be_reached(client, unreachable):
    response = client.get("/accounts/sso/start/")
    assert response.status_code == 503
    assert "We could not reach Contoso just now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_return_without_a_sign_in_started_here_is_refused(client, unreachable):
    response = client.get("/accounts/sso/callback/?code=abc&state=xyz")
    assert response.status_code == 403
    assert "started in another browser or tab" in response.content.decode()


def test_without_single_sign_on_both_addresses_are_missing(client):
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/").status_code == 404

"""The single sign-on tests' provider: one real OpenID Connect provider process for
the whole run, with Twoway's live test server registered as its client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from twoway.sso.tests.provider_process import Provider, provider_start, provider_stop

# The provider's accounts. ``email_verified`` is what the provider claims.
PROVIDER_USERS = [
    {"username": "juno", "email": "juno@example.org", "email_verified": "verified"},
    {"username": "mira", "email": "Mira.Lund@example.org", "email_verified": "verified"},
    {"username": "unverified", "email": "uma@example.org", "email_verified": "unverified"},
    {"username": "absent", "email": "abe@example.org", "email_verified": "absent"},
    {"username": "stranger", "email": "stranger@example.org", "email_verified": "verified"},
    {"username": "leaver", "email": "lee@example.org", "email_verified": "verified"},
    {"username": "switched_off", "email": "sam@example.org", "email_verified": "verified"},
]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Iterator[Provider]:
    provider = provider_start(
        folder=tmp_path_factory.mktemp("oidc-provider"),
        redirect_uri=f"{live_server.url}/accounts/sso/callback/",
        users=PROVIDER_USERS,
    )
    yield provider
    provider_stop(provider)


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """Twoway configured for the test provider (the discovery cache emptied)."""
    settings.OIDC_DISCOVERY_URL = oidc_provider.discovery_url
    settings.OIDC_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_PROVIDER_NAME = "Contoso"
    cache.clear()
    yield settings
    cache.clear()

"""The authorization code flow with PKCE (S256), ``state`` and ``nonce``.

``authorization_start`` keeps a fresh state, nonce and code verifier in the
session and sends the browser to the provider; ``authorization_finish`` takes
them back once (a second use finds nothing), exchanges the code and returns the
ID token's verified claims. Authlib builds the requests; ``tokens`` checks the
answer.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from twoway.sso.provider import (
    TIMEOUT_SECONDS,
    ProviderMetadata,
    ProviderUnavailable,
    provider_keys,
    provider_metadata,
)
from twoway.sso.refusals import Refusal, SsoRefused
from twoway.sso.tokens import IdTokenInvalid, IdTokenKeyUnknown, id_token_verify

logger = logging.getLogger(__name__)

SESSION_KEY = "sso_flow"
# Long enough to type a password and answer a second factor at the provider.
FLOW_SECONDS = 10 * 60
SCOPE = "openid email profile"


def _client(request: HttpRequest, metadata: ProviderMetadata) -> OAuth2Session:
    return OAuth2Session(
        client_id=settings.OIDC_CLIENT_ID,
        client_secret=settings.OIDC_CLIENT_SECRET,
        token_endpoint_auth_method=metadata.token_endpoint_auth_method,
        scope=SCOPE,
        redirect_uri=request.build_absolute_uri(reverse("sso:callback")),
        code_challenge_method="S256",
        default_timeout=TIMEOUT_SECONDS,
    )


def authorization_start(request: HttpRequest, *, next_url: str) -> str:
    """The provider's URL to send the browser to; the flow's secrets stay in the session."""
    metadata = provider_metadata()
    flow = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "next": next_url,
        "started": int(time.time()),
    }
    request.session[SESSION_KEY] = flow
    with _client(request, metadata) as client:
        url, _ = client.create_authorization_url(
            metadata.authorization_endpoint,
            state=flow["state"],
            code_verifier=flow["verifier"],
            nonce=flow["nonce"],
        )
    return str(url)


def _claims(id_token: str, metadata: ProviderMetadata, nonce: str) -> dict[str, Any]:
    def verified(keys: dict[str, Any]) -> dict[str, Any]:
        return id_token_verify(
            id_token,
            keys=keys,
            issuer=metadata.issuer,
            client_id=settings.OIDC_CLIENT_ID,
            nonce=nonce,
            algorithms=metadata.algorithms,
        )

    try:
        return verified(provider_keys(metadata))
    except IdTokenKeyUnknown:
        # The provider may have rotated its keys since we cached them.
        return verified(provider_keys(metadata, refresh=True))


def authorization_finish(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """The verified claims of the provider's answer, and where the person was going.

    Raises ``SsoRefused`` for anything but a complete, verified answer to the
    sign-in this browser started.
    """
    flow = request.session.pop(SESSION_KEY, None)
    if not isinstance(flow, dict) or time.time() - flow.get("started", 0) > FLOW_SECONDS:
        raise SsoRefused(Refusal.FLOW_MISSING)
    if not constant_time_compare(request.GET.get("state", ""), flow["state"]):
        raise SsoRefused(Refusal.STATE_MISMATCH)
    if "error" in request.GET or not request.GET.get("code"):
        raise SsoRefused(Refusal.PROVIDER_ERROR, request.GET.get("error", "no code")[:100])
    try:
        metadata = provider_metadata()
        with _client(request, metadata) as client:
            token = client.fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=request.GET["code"],
                code_verifier=flow["verifier"],
            )
        id_token = token.get("id_token")
        if not id_token:
            raise SsoRefused(Refusal.TOKEN_INVALID, "the token response has no ID token")
        claims = _claims(id_token, metadata, flow["nonce"])
    except ProviderUnavailable as exc:
        raise SsoRefused(Refusal.PROVIDER_UNREACHABLE, str(exc)) from exc
    except requests.RequestException as exc:
        raise SsoRefused(Refusal.PROVIDER_UNREACHABLE, str(exc)) from exc
    except (OAuthError, ValueError) as exc:  # an error answer, or one that is not JSON
        raise SsoRefused(Refusal.PROVIDER_ERROR, str(exc)) from exc
    except IdTokenInvalid as exc:
        raise SsoRefused(Refusal.TOKEN_INVALID, str(exc)) from exc
    return claims, flow["next"]

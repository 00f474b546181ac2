"""The ID token checks, on tokens signed with the running provider's own key and
checked against the key set the provider publishes."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from twoway.sso.tokens import IdTokenInvalid, IdTokenKeyUnknown, id_token_verify

# No database is read, but the provider is registered with the live server, and a
# test beside the live server runs transactional: keep the database as it was.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NONCE = "nonce-0123456789"


@pytest.fixture(scope="module")
def published(oidc_provider) -> dict[str, Any]:
    return requests.get(f"{oidc_provider.issuer}/.well-known/jwks.json", timeout=10).json()


@pytest.fixture
def sign(oidc_provider, published):
    """A token with good claims, signed by the provider's key; keyword arguments change claims."""
    key = RSAKey.import_key(oidc_provider.private_key_pem)
    kid = published["keys"][0]["kid"]

    def signed(header: dict[str, Any] | None = None, with_key: Any = None, **changes: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": oidc_provider.issuer,
            "aud": oidc_provider.client_id,
            "sub": "42",
            "iat": now,
            "exp": now + 300,
            "nonce": NONCE,
            "email": "juno@example.org",
            "email_verified": True,
        }
        claims.update(changes)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(header or {"alg": "RS256", "kid": kid}, claims, with_key or key)

    return signed


@pytest.fixture
def verify(oidc_provider, published):
    def verified(token: str, **overrides: Any) -> dict[str, Any]:
        check = {
            "keys": published,
            "issuer": oidc_provider.issuer,
            "client_id": oidc_provider.client_id,
            "nonce": NONCE,
            "algorithms": ("RS256", "HS256"),  # what the provider advertises
        }
        check.update(overrides)
        return id_token_verify(token, **check)

    return verified


def test_accepts_a_token_the_provider_signed_for_this_client(sign, verify):
    claims = verify(sign())
    assert claims["email"] == "juno@example.org"
    assert claims["sub"] == "42"


def test_rejects_a_token_whose_claims_were_changed_after_signing(sign, verify):
    header, payload, signature = sign().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "sol@example.org"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(IdTokenInvalid, match="signature"):
        verify(f"{header}.{forged}.{signature}")


def test_rejects_a_token_signed_by_another_key_under_the_providers_key_id(sign, verify, published):
    other = RSAKey.generate_key(2048)
    token = sign(header={"alg": "RS256", "kid": published["keys"][0]["kid"]}, with_key=other)
    with pytest.raises(IdTokenInvalid, match="signature"):
        verify(token)


def test_rejects_a_token_for_another_audience(sign, verify):
    with pytest.raises(IdTokenInvalid, match="aud"):
        verify(sign(aud="another-client"))


def test_rejects_several_audiences_when_another_client_is_the_authorized_party(
    sign, verify, oidc_provider
):
    token = sign(aud=[oidc_provider.client_id, "another-client"], azp="another-client")
    with pytest.raises(IdTokenInvalid, match="azp"):
        verify(token)


def test_rejects_another_audience_even_when_azp_names_this_client(sign, verify, oidc_provider):
    with pytest.raises(IdTokenInvalid, match="aud"):
        verify(sign(aud="another-client", azp=oidc_provider.client_id))


def test_rejects_an_expired_token(sign, verify):
    with pytest.raises(IdTokenInvalid, match="exp"):
        verify(sign(exp=int(time.time()) - 120))


def test_rejects_a_token_without_an_expiry(sign, verify):
    with pytest.raises(IdTokenInvalid, match="exp"):
        verify(sign(exp=None))


def test_rejects_a_token_from_another_issuer(sign, verify):
    with pytest.raises(IdTokenInvalid, match="iss"):
        verify(sign(iss="https://login.example.org"))


def test_rejects_a_token_with_another_nonce_or_none(sign, verify):
    with pytest.raises(IdTokenInvalid, match="nonce"):
        verify(sign(nonce="someone-elses-nonce"))
    with pytest.raises(IdTokenInvalid, match="nonce"):
        verify(sign(nonce=None))


def test_rejects_a_token_signed_with_the_client_secret(sign, verify, oidc_provider):
    """HS256 with the shared secret: the provider advertises it, Twoway never takes it."""
    secret = OctKey.import_key(oidc_provider.client_secret.encode())
    with pytest.raises(IdTokenInvalid, match="signature"):
        verify(sign(header={"alg": "HS256"}, with_key=secret))


def test_rejects_an_unsigned_token(sign, verify):
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    payload = sign().split(".")[1]
    with pytest.raises(IdTokenInvalid, match="signature"):
        verify(f"{header}.{payload}.")


def test_says_when_the_key_is_unknown_so_the_keys_can_be_fetched_again(sign, verify):
    with pytest.raises(IdTokenKeyUnknown):
        verify(sign(header={"alg": "RS256", "kid": "rotated-away"}))


def test_refuses_to_check_without_a_nonce(sign, verify):
    with pytest.raises(ValueError, match="nonce"):
        verify(sign(), nonce="")

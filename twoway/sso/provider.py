"""The OpenID Connect provider, as its discovery document and key set describe it.

Both are fetched over HTTPS and kept in Django's cache for an hour; the keys are
fetched again at once when a token names a key we have not seen (the provider
rotated them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

from twoway.sso.tokens import ASYMMETRIC_ALGORITHMS

TIMEOUT_SECONDS = 10
CACHE_SECONDS = 60 * 60


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered with something unusable."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]
    token_endpoint_auth_method: str


def sso_configured() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL)


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _fetch_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url}: not a JSON object")
    return document


def _metadata_from(document: dict[str, Any]) -> ProviderMetadata:
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    missing = [name for name in needed if not isinstance(document.get(name), str)]
    if missing:
        raise ProviderUnavailable(f"the discovery document lacks {', '.join(missing)}")
    advertised = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = tuple(alg for alg in advertised if alg in ASYMMETRIC_ALGORITHMS)
    methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    return ProviderMetadata(
        issuer=document["issuer"],
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        algorithms=algorithms,
        token_endpoint_auth_method=method,
    )


def provider_metadata() -> ProviderMetadata:
    """The provider's endpoints and signing algorithms (``OIDC_DISCOVERY_URL``)."""
    url = settings.OIDC_DISCOVERY_URL
    key = _cache_key("discovery", url)
    document = cache.get(key)
    if document is None:
        document = _fetch_json(url)
        metadata = _metadata_from(document)  # refuse a broken document before caching it
        cache.set(key, document, CACHE_SECONDS)
        return metadata
    return _metadata_from(document)


def provider_keys(metadata: ProviderMetadata, *, refresh: bool = False) -> dict[str, Any]:
    """The provider's public keys (its JWKS document)."""
    key = _cache_key("jwks", metadata.jwks_uri)
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _fetch_json(metadata.jwks_uri)
        if not isinstance(keys.get("keys"), list):
            raise ProviderUnavailable(f"{metadata.jwks_uri}: no keys")
        cache.set(key, keys, CACHE_SECONDS)
    return keys

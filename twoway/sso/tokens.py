"""Checking an ID token: signature against the provider's keys, then issuer,
audience, expiry, issue time and nonce. Nothing here trusts the token's own word
about which key or algorithm to use beyond what the provider publishes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

# Signatures made with a private key the provider alone holds. HS256 (signed with
# the client secret) and "none" are never accepted.
ASYMMETRIC_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
# Clocks differ a little between Twoway and the provider.
LEEWAY_SECONDS = 60


class IdTokenInvalid(Exception):
    """The ID token must not be believed; the message says which check failed."""


class IdTokenKeyUnknown(IdTokenInvalid):
    """Signed with a key not in the set given: the provider may have rotated its keys."""


def id_token_verify(
    id_token: str,
    *,
    keys: Mapping[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    algorithms: Sequence[str] = ("RS256",),
    now: int | None = None,
) -> dict[str, Any]:
    """The claims of ``id_token`` once every check has passed.

    ``keys`` is the provider's JWKS document; ``algorithms`` those the provider
    says it signs with (only asymmetric ones are kept). The audience must name
    ``client_id`` and, when it names others too, ``azp`` must be ``client_id``.
    """
    if not nonce:
        raise ValueError("a nonce is required: every sign-in sends one")
    allowed = [alg for alg in algorithms if alg in ASYMMETRIC_ALGORITHMS]
    if not allowed:
        raise IdTokenInvalid(f"the provider signs with none of {', '.join(ASYMMETRIC_ALGORITHMS)}")
    try:
        key_set = KeySet.import_key_set(dict(keys))  # type: ignore[arg-type]
        token = jwt.decode(id_token, key_set, registry=JWSRegistry(algorithms=allowed))
    except InvalidKeyIdError as exc:
        raise IdTokenKeyUnknown(f"signature: {exc}") from exc
    except (JoseError, ValueError, TypeError) as exc:
        raise IdTokenInvalid(f"signature: {exc}") from exc
    options: dict[str, Any] = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }
    claims = CodeIDToken(
        token.claims, token.header, options, {"nonce": nonce, "client_id": client_id}
    )
    try:
        claims.validate(now=now, leeway=LEEWAY_SECONDS)
    except JoseError as exc:
        raise IdTokenInvalid(f"claims: {exc}") from exc
    audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audience) > 1 and claims.get("azp") != client_id:
        raise IdTokenInvalid("claims: several audiences and azp is not this client")
    return dict(claims)

"""Who may call the SCIM endpoints: an API token made for SCIM (``scim=True``), in
``Authorization: Bearer <token>``, judged as the REST API judges tokens
(``api.auth.token_refusal``), counted against the same rate limit, its use
recorded the same way (``api_token_use``). A read token may only read."""

from __future__ import annotations

from django.http import HttpRequest

from twoway.api.auth import READ_ONLY, rate_limit, token_refusal
from twoway.api.models import ApiToken
from twoway.api.problems import ApiThrottled
from twoway.api.selectors import api_token_by_secret
from twoway.api.services import SAFE_METHODS, api_token_use
from twoway.scim.errors import ScimError

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="SCIM"'}
NO_TOKEN = "Send a SCIM token: Authorization: Bearer <token>."
NOT_SCIM = (
    "This API token is not a SCIM token. An administrator creates one with "
    "twoway api_token create --user EMAIL --name NAME --write --scim."
)


def scim_token_check(request: HttpRequest) -> ApiToken:
    """The SCIM token the request was sent with; ``ScimError`` (401, 403, 429) otherwise."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ScimError(401, NO_TOKEN, headers=CHALLENGE)
    token = api_token_by_secret(secret.strip())
    refusal = token_refusal(token)
    if refusal or token is None:
        raise ScimError(401, refusal, headers=CHALLENGE)
    if not token.scim:
        raise ScimError(403, NOT_SCIM)
    try:
        rate_limit(f"token {token.pk}")
    except ApiThrottled as exc:
        raise ScimError(
            429,
            f"Too many requests: wait up to {exc.wait} seconds.",
            headers={"Retry-After": str(exc.wait)},
        ) from None
    if request.method not in SAFE_METHODS and not token.can_write:
        raise ScimError(403, READ_ONLY)
    api_token_use(token=token, method=request.method or "GET", path=request.path)
    return token

"""Who calls the API: an API token (``Authorization: Bearer <token>``), or the
browser's session, with Django's CSRF check on requests that change something.

A token is tried first: a request that sends one is judged by it alone (a bad
token is a 401, never a fall back to a session). Each caller, token or session,
is held to ``API_RATE_PER_MINUTE`` requests a minute, counted in the database
(``core.throttle``) so the limit holds across worker processes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import formats, timezone
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from twoway.api.models import ApiToken
from twoway.api.problems import ApiThrottled
from twoway.api.selectors import api_token_by_secret
from twoway.api.services import SAFE_METHODS, api_token_use
from twoway.core.throttle import rate_limit_hit

WINDOW_SECONDS = 60
READ_ONLY = "This token may only read. Create a read and write token to change things."
CSRF_FAILED = (
    "The CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header, "
    "or use an API token instead of the browser's session."
)
SCIM_ONLY = "This is a SCIM token: it may call the SCIM endpoints under /scim/v2/ only."


def rate_limit(subject: str) -> None:
    """Count one request of ``subject`` (the SCIM endpoints share it); over the limit,
    ``ApiThrottled``."""
    hits = rate_limit_hit(scope="api per minute", subject=subject, seconds=WINDOW_SECONDS)
    if hits > settings.API_RATE_PER_MINUTE:
        raise ApiThrottled(wait=WINDOW_SECONDS)


def token_refusal(token: ApiToken | None) -> str:
    """Why ``token`` cannot be used, or "" when it can (the SCIM endpoints ask too)."""
    if token is None:
        return "This API token is not known."
    if token.revoked_at is not None:
        return "This API token was revoked."
    if token.is_expired():
        when = formats.date_format(timezone.localtime(token.expires_at), "j F Y H:i")
        return f"This API token expired on {when}."
    if not token.user.is_active:
        return "The account of this API token is switched off."
    return ""


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: an API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_by_secret(token.strip())
        refusal = token_refusal(found)
        if refusal or found is None:
            raise AuthenticationError(message=refusal)
        if found.scim:
            raise PermissionDenied(SCIM_ONLY)
        rate_limit(f"token {found.pk}")
        if request.method not in SAFE_METHODS and not found.can_write:
            raise PermissionDenied(READ_ONLY)
        api_token_use(token=found, method=request.method or "GET", path=request.path)
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser: Django's session cookie, and its CSRF check for writes."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if request.method not in SAFE_METHODS and not exempt and check_csrf(request):
            raise PermissionDenied(CSRF_FAILED)
        rate_limit(f"user {user.pk}")
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover
        return request.user if request.user.is_authenticated else None


def request_token(request: HttpRequest) -> ApiToken | None:
    """The token the request was made with; None for the browser's session."""
    return getattr(request, "api_token", None)

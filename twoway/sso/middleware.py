"""SSO-only mode ends the sessions that were opened with a password.

Switching ``OIDC_SSO_ONLY`` on refuses passwords from then on
(``core.password_policy``); this ends the sessions opened with one before, at their
next request, unless the address may break glass. A session opened through single
sign-on carries ``SSO_SESSION_KEY``. With SSO-only mode off, this reads one setting
and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from twoway.core.password_policy import password_login_permitted

SSO_SESSION_KEY = "twoway_signed_in_with_sso"


class SsoOnlySessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OIDC_SSO_ONLY and not request.session.get(SSO_SESSION_KEY):
            user = request.user
            if user.is_authenticated and not password_login_permitted(user.email):
                logout(request)
                messages.info(
                    request,
                    f"Passwords are switched off here: sign in with {settings.OIDC_PROVIDER_NAME}.",
                )
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

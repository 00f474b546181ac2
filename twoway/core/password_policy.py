"""Who may log in with a password: everyone, or in SSO-only mode the break-glass
addresses alone (``OIDC_SSO_ONLY``, ``OIDC_BREAK_GLASS_EMAILS``; docs/sso.md).

The rule sits in an authentication backend, so that it holds for every page that
checks a password (the log-in page, the Django admin, a form posted directly),
and the log-in and reset pages ask the same function.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from twoway.core.throttle import username_normalise


def password_login_permitted(email: str | None) -> bool:
    """True when ``email`` may use a password here."""
    if not settings.OIDC_SSO_ONLY:
        return True
    return username_normalise(email) in settings.OIDC_BREAK_GLASS_EMAILS


class PasswordPolicyBackend:
    """Stands before Django's ``ModelBackend``: in SSO-only mode it stops the
    check of any password but a break-glass one.

    Raising ``PermissionDenied`` ends ``authenticate`` at once, with the
    ``user_login_failed`` signal, so django-axes counts the attempt like a wrong
    password. It never lets anyone in itself, and has no ``get_user``: sessions
    (and the test client's ``force_login``) keep naming ``ModelBackend``.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if password is not None and not password_login_permitted(username):
            raise PermissionDenied("Passwords are switched off; sign in with single sign-on.")
        return None

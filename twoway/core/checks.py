"""Twoway's own checks, run by ``twoway check --deploy`` (registered in ``CoreConfig``).

The settings module already refuses bad encryption keys at start-up; the check
says so again for settings put together another way (a settings module of one's
own, an override), so ``check --deploy`` is never clean with an unusable key.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning

from twoway.core.fernet_keys import HOW_TO_MAKE_ONE, fernet_keys_problem


def encryption_keys_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    problem = fernet_keys_problem(list(getattr(settings, "FIELD_ENCRYPTION_KEYS", [])))
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint=f"Private notes and self-descriptions cannot be encrypted; {HOW_TO_MAKE_ONE}.",
            id="twoway.E001",
        )
    ]


def proxy_count_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if not behind_proxy or getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0:
        return []
    return [
        Warning(
            "Twoway is behind a TLS proxy but TRUSTED_PROXY_COUNT is 0, so every request "
            "seems to come from the proxy: one person's wrong passwords lock that account "
            "for everyone, and rate limits are shared by all.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
            "X-Forwarded-For (usually 1).",
            id="twoway.W001",
        )
    ]


def sso_break_glass_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if not getattr(settings, "OIDC_SSO_ONLY", False):
        return []
    if getattr(settings, "OIDC_BREAK_GLASS_EMAILS", []):
        return []
    return [
        Warning(
            "Passwords are off for everyone (OIDC_SSO_ONLY) and no address may still use "
            "one: if the identity provider is down or its settings go wrong, nobody can "
            "sign in, administrators included.",
            hint="Set OIDC_BREAK_GLASS_EMAILS to the addresses of one or two administrators "
            '(docs/sso.md, "SSO-only mode").',
            id="twoway.W002",
        )
    ]

"""Throttles: how the login lockout spells an account, and rate limits kept in the database.

Logins are throttled by django-axes (settings, "accounts"): wrong passwords are
counted per account *and* client address, so an attacker locks only themself out
of that account. The account is counted under one spelling, whatever was typed
and whichever page (the log-in page, the admin) or caller asked, because the
user lookup ignores case: were each spelling counted apart, every variant would
bring a fresh budget of guesses.

Other limits (password-reset e-mails) count hits in ``RateLimitCounter`` rows,
with one ``UPDATE`` per hit, so they hold across worker processes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from twoway.core.models import RateLimitCounter

log = logging.getLogger(__name__)

HOUR = 60 * 60


def username_normalise(typed: object) -> str:
    """The one spelling of a log-in name: e-mail addresses are stored stripped and lower-case."""
    return str(typed or "").strip().lower()


def axes_username(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the account an attempt is for, in its one spelling."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
        typed = data.get(field)
    if typed is None:
        return None
    return username_normalise(typed)


def _counter_key(scope: str, subject: str) -> str:
    # Keyed with SECRET_KEY: the table never holds an e-mail or client address,
    # and a leaked table cannot be matched against a list of addresses.
    return salted_hmac(
        "twoway.core.throttle", f"{scope}\n{subject}", algorithm="sha256"
    ).hexdigest()


def rate_limit_hit(*, scope: str, subject: str, seconds: int) -> int:
    """Count one hit for ``subject`` under ``scope``; return the hits in its window.

    The window opens at the first hit and lasts ``seconds``; the next hit after
    it restarts the count. Every hit counts, refused ones too. The count is
    raised in the database by one ``UPDATE`` (never read, added to and written
    back), so two workers cannot both see room for the last hit.
    """
    key = _counter_key(scope, subject)
    now = timezone.now()
    ends = now + dt.timedelta(seconds=seconds)
    # A window that ended since the clean-up below ran starts again at this hit.
    counted = {
        "hits": Case(When(expires_at__lte=now, then=Value(1)), default=F("hits") + 1),
        "expires_at": Case(When(expires_at__lte=now, then=Value(ends)), default=F("expires_at")),
    }
    RateLimitCounter.objects.filter(expires_at__lte=now).delete()  # keeps the table small
    with transaction.atomic():
        if not RateLimitCounter.objects.filter(key=key).update(**counted):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=key, hits=1, expires_at=ends)
            except IntegrityError:
                # Another worker created it first: count on its row.
                RateLimitCounter.objects.filter(key=key).update(**counted)
        return RateLimitCounter.objects.values_list("hits", flat=True).get(key=key)


def password_reset_permitted(*, email: str, client: str) -> bool:
    """May a reset e-mail go to ``email`` for a request from ``client``?

    Limits per client (one client spraying many addresses) and per address (one
    mailbox flooded from many clients). A client over its limit does not use up
    the address's budget, so one client cannot block someone else's reset for
    long. The answer is never shown: the page reads the same either way.
    """
    limits = (
        ("per client", client, settings.PASSWORD_RESET_LIMIT_PER_CLIENT),
        ("per address", username_normalise(email), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS),
    )
    for scope, subject, limit in limits:
        hits = rate_limit_hit(scope=f"password reset {scope}", subject=subject, seconds=HOUR)
        if hits > limit:
            if hits == limit + 1:  # one line per window, not one per refused request
                log.warning(
                    "password reset limit reached (%d per hour %s), client %s: "
                    "further requests this hour get the usual page and no e-mail",
                    limit,
                    scope,
                    client,
                )
            return False
    return True

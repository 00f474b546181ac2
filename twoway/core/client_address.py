"""The address of the client behind a request: the one place that reads it.

Login lockouts (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and rate limits
are kept per client address, so the address must be the client's, not the
proxy's, and must not be one the client chose. ``TRUSTED_PROXY_COUNT`` says how
many proxies stand in front of Twoway: each appends the address it saw to
``X-Forwarded-For``, so the client is the entry that many places from the right.
Everything further left came from the client and proves nothing.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        # Not every trusted proxy wrote to the header: it did not come through them.
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

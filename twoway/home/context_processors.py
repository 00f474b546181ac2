from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from twoway.core.roles import user_is_admin
from twoway.home.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "brand": settings.SITE_NAME,
        "nav_items": navigation_for(request),
        "is_admin": user is not None and user_is_admin(user),
        "demo": settings.DEMO,
    }

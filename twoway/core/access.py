"""View decorators built on ``core.roles``.

A page that a role may not use answers 403 with a page that says so; an object
the user may not know exists answers 404 (the entity's access helper raises
``Http404``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from twoway.core.roles import user_has_role, user_person

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_has_role(request.user, *roles):
                raise PermissionDenied("Your role does not include this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def person_required(view: View) -> View:
    """For pages about "me": the user must be a person in the directory."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if user_person(request.user) is None:
            raise PermissionDenied(
                "Your login is not linked to a person in the directory, so this page "
                "has nothing to show. Ask an administrator to link it."
            )
        return view(request, *args, **kwargs)

    return wrapper

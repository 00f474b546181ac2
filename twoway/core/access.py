"""View decorators built on ``core.roles``, and the small request helpers views share.

A page that a role may not use answers 403 with a page that says so; an object
the user may not know exists answers 404 (the entity's access helper raises
``Http404``, usually through ``object_or_404``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from twoway.core.roles import user_has_role

View = Callable[..., HttpResponse]
M = TypeVar("M", bound=Model)


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


def object_or_404(queryset: QuerySet[M], message: str, **lookup: Any) -> M:
    """``queryset.get(**lookup)``, or 404 with ``message``, also when the lookup
    holds a malformed uuid from the address."""
    try:
        return queryset.get(**lookup)
    # ``queryset.get`` raises its model's DoesNotExist, a subclass of ObjectDoesNotExist.
    except (ObjectDoesNotExist, ValueError, ValidationError):
        raise Http404(message) from None


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it then wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The posted ``next`` address when it is one of our pages, else ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback

"""Errors as ``application/problem+json`` (RFC 9457).

Every error the API answers is one object: ``type`` (``about:blank``: the status
says it all), ``title`` (the status in words), ``status``, ``detail`` (what went
wrong, in a sentence for a person) and ``instance`` (the path asked for).
Invalid input adds ``errors``: one ``{"field", "location", "message"}`` per problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_JSON = "application/problem+json"
SIGN_IN = "Sign in, or send an API token: Authorization: Bearer <token>."


class PreconditionFailed(Exception):
    """An ``If-Match`` that names another version of the resource."""


class ApiThrottled(Exception):
    """Too many requests in the window; ``wait`` seconds until it ends (at most)."""

    def __init__(self, wait: int) -> None:
        self.wait = wait
        super().__init__(wait)


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field(loc: Iterable[Any]) -> tuple[str, str]:
    """Where an input error is: (the field's dotted path, where it was sent)."""
    parts = [str(part) for part in loc]
    place = parts[0] if parts and parts[0] in {"body", "query", "path", "header", "cookie"} else ""
    rest = parts[1:] if place else parts
    if place == "body" and len(rest) > 1:
        rest = rest[1:]  # ninja names the body parameter first ("payload")
    return ".".join(rest), place


def _ninja_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        name, place = _field(error.get("loc", ()))
        errors.append({"field": name, "location": place, "message": str(error.get("msg", ""))})
    return problem(request, 422, "The request is not valid: see errors.", errors=errors)


def _django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = []
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            field = "" if name == "__all__" else name
            errors += [{"field": field, "location": "body", "message": m} for m in messages]
    else:
        errors = [{"field": "", "location": "", "message": m} for m in exc.messages]
    return problem(request, 422, " ".join(exc.messages), errors=errors)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else SIGN_IN
    return problem(request, 401, detail, headers={"WWW-Authenticate": 'Bearer realm="api"'})


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, exc.message)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, str(exc) or "Not found.")


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, str(exc) or "You may not do this.")


def _precondition(request: HttpRequest, exc: PreconditionFailed) -> HttpResponse:
    return problem(
        request,
        412,
        str(exc) or "The resource changed since you read it: read it again, then retry.",
    )


def _throttled(request: HttpRequest, exc: ApiThrottled) -> HttpResponse:
    return problem(
        request,
        429,
        f"Too many requests: wait up to {exc.wait} seconds.",
        headers={"Retry-After": str(exc.wait)},
    )


def problems_install(api: NinjaAPI) -> None:
    """Answer every error of ``api`` as problem+json."""
    handlers: dict[type[Exception], Callable[..., HttpResponse]] = {
        NinjaValidationError: _ninja_invalid,
        DjangoValidationError: _django_invalid,
        AuthenticationError: _unauthenticated,
        HttpError: _http_error,
        Http404: _not_found,
        PermissionDenied: _forbidden,
        PreconditionFailed: _precondition,
        ApiThrottled: _throttled,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)

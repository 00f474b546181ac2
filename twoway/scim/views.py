"""The SCIM 2.0 endpoints under /scim/v2/ (RFC 7644): thin views over the scim
selectors and services. Every answer is ``application/scim+json``; every refusal
a SCIM error (``errors.ScimError``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from twoway.api.models import ApiToken
from twoway.people.models import Person
from twoway.scim import discovery, selectors, services
from twoway.scim.auth import scim_token_check
from twoway.scim.errors import ScimError, scim_error_response, scim_response
from twoway.scim.filters import user_filter_parse
from twoway.scim.resources import resource_project, user_resource
from twoway.scim.urns import LIST_RESPONSE

View = Callable[..., HttpResponse]


def scim_endpoint(*methods: str) -> Callable[[View], View]:
    """Check the SCIM token, then the method; answer every ``ScimError`` as SCIM JSON.
    The view gets the token after the request."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = scim_token_check(request)
                if request.method not in methods:
                    raise ScimError(405, f"{request.path} takes {', '.join(methods)} only.")
                return view(request, token, *args, **kwargs)
            except ScimError as error:
                return scim_error_response(error)

        return wrapped

    return decorate


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:root")).rstrip("/")


def _location(request: HttpRequest, person: Person) -> str:
    return request.build_absolute_uri(reverse("scim:user", args=[person.uuid]))


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from None


def _list(resources: list[dict[str, Any]], total: int | None = None, start: int = 1) -> dict:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources) if total is None else total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, token: ApiToken) -> HttpResponse:
    return scim_response(discovery.service_provider_config(_base(request)))


@scim_endpoint("GET")
def resource_type_list(request: HttpRequest, token: ApiToken) -> HttpResponse:
    return scim_response(_list(discovery.resource_types(_base(request))))


@scim_endpoint("GET")
def resource_type_detail(request: HttpRequest, token: ApiToken, name: str) -> HttpResponse:
    for found in discovery.resource_types(_base(request)):
        if found["id"] == name:
            return scim_response(found)
    raise ScimError(404, f"There is no resource type {name[:100]!r}: Twoway has Users only.")


@scim_endpoint("GET")
def schema_list(request: HttpRequest, token: ApiToken) -> HttpResponse:
    return scim_response(_list(discovery.schemas(_base(request))))


@scim_endpoint("GET")
def schema_detail(request: HttpRequest, token: ApiToken, urn: str) -> HttpResponse:
    for found in discovery.schemas(_base(request)):
        if found["id"] == urn:
            return scim_response(found)
    raise ScimError(404, f"There is no schema {urn[:200]!r}.")


def _names(value: Any) -> list[str]:
    """``attributes`` or ``excludedAttributes``: comma-separated in a query, a list in
    a search's body."""
    if isinstance(value, str):
        return [name for name in value.split(",") if name.strip()]
    return [str(name) for name in value] if isinstance(value, list) else []


def _integer(value: Any, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ScimError(
            400, f"{name} must be a whole number, not {str(value)[:20]!r}.", "invalidValue"
        ) from None


def _users_found(request: HttpRequest, query: Any) -> HttpResponse:
    """A search's answer: ``query`` is the query string, or the body of a POST .search."""
    text = str(query.get("filter") or "").strip()
    attribute, value = user_filter_parse(text) if text else (None, "")
    start = max(_integer(query.get("startIndex"), "startIndex", 1), 1)
    count = _integer(query.get("count"), "count", 100)
    total, people = selectors.scim_user_list(
        attribute=attribute, value=value, start_index=start, count=count
    )
    wanted = _names(query.get("attributes")), _names(query.get("excludedAttributes"))
    resources = [
        resource_project(user_resource(person, _location(request, person)), *wanted)
        for person in people
    ]
    return scim_response(_list(resources, total, start))


@scim_endpoint("GET", "POST")
def user_list(request: HttpRequest, token: ApiToken) -> HttpResponse:
    if request.method == "GET":
        return _users_found(request, request.GET)
    person = services.scim_user_create(token=token, doc=_body(request))
    location = _location(request, person)
    person = selectors.scim_user_get(uuid=str(person.uuid))
    return scim_response(user_resource(person, location), 201, {"Location": location})


@scim_endpoint("POST")
def user_search(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """POST .search (RFC 7644 section 3.4.3): a search with its parameters in the body."""
    body = _body(request)
    if not isinstance(body, dict):
        raise ScimError(400, "Send a SearchRequest object.", "invalidSyntax")
    return _users_found(request, body)


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user_detail(request: HttpRequest, token: ApiToken, uuid: str) -> HttpResponse:
    person = selectors.scim_user_get(uuid=uuid)
    location = _location(request, person)
    if request.method == "DELETE":
        services.scim_user_delete(token=token, person=person, location=location)
        return HttpResponse(status=204)
    if request.method == "PUT":
        services.scim_user_replace(token=token, person=person, doc=_body(request))
    elif request.method == "PATCH":
        services.scim_user_patch(token=token, person=person, location=location, body=_body(request))
    person = selectors.scim_user_get(uuid=uuid)
    wanted = _names(request.GET.get("attributes")), _names(request.GET.get("excludedAttributes"))
    return scim_response(resource_project(user_resource(person, location), *wanted))


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def groups(request: HttpRequest, token: ApiToken, rest: str = "") -> HttpResponse:
    raise ScimError(
        501, "Twoway takes no Groups: switch group provisioning off in the identity provider."
    )


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, token: ApiToken, rest: str = "") -> HttpResponse:
    raise ScimError(404, f"There is no {request.path} in SCIM: see /scim/v2/ResourceTypes.")

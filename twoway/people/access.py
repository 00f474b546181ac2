"""Who a signed-in user is in the directory: their person record, "only the
person themself", and the guard of the pages about "me". Here rather than in
core, because a person is this app's."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from twoway.core.actors import Actor
from twoway.people.models import Person

View = Callable[..., HttpResponse]

NOT_A_PERSON = (
    "Your login is not linked to a person in the directory, so this page "
    "has nothing to show. Ask an administrator to link it."
)


def user_person(user: Actor) -> Person | None:
    """The person record of a user, or None."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.person
    except Exception:  # RelatedObjectDoesNotExist is per-model; any miss means none
        return None


def user_is_person(user: Actor, person: Person | None) -> bool:
    """Is ``person`` the user's own person record? ("only the person themself")"""
    me = user_person(user)
    return me is not None and person is not None and me.pk == person.pk


def person_required(view: View) -> View:
    """For pages about "me": the user must be a person in the directory."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if user_person(request.user) is None:
            raise PermissionDenied(NOT_A_PERSON)
        return view(request, *args, **kwargs)

    return wrapper


def request_person(request: HttpRequest) -> Person:
    """The person record of the user signed in, on a page behind ``person_required``."""
    person = user_person(request.user)
    if person is None:
        raise PermissionDenied(NOT_A_PERSON)
    return person

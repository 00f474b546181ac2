from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twoway.core.access import role_required
from twoway.core.models import Role
from twoway.core.pagination import paginate
from twoway.people import selectors
from twoway.people.access import person_required, request_person
from twoway.people.forms import PersonFilterForm, SelfDescriptionForm
from twoway.people.models import SelfDescription
from twoway.people.services import (
    person_invite,
    person_self_description_set,
    person_self_description_withdraw,
)

# A search counts its matches up to this many; past it the page says "more than".
SEARCH_COUNT_AT_MOST = 1000


@role_required(Role.PROGRAM_MANAGER)
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.person_list(
        user=request.user,
        q=filters.get("q", ""),
        department=filters.get("department"),
        level_min=filters.get("level_min"),
        level_max=filters.get("level_max"),
        include_leavers=filters.get("leavers", False),
    )
    # A search for a common fragment ("chen") matches thousands at 100,000 people:
    # counting them all read the whole table on every page of results.
    at_most = SEARCH_COUNT_AT_MOST if filters.get("q") else None
    context = {
        "form": form,
        "labels": selectors.level_labels(),
        **paginate(request, people, count_at_most=at_most),
    }
    return render(request, "people/person_list.html", context)


@require_POST
@person_required
def self_description_edit(request: HttpRequest) -> HttpResponse:
    person = request_person(request)
    form = SelfDescriptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That form was not complete; nothing was changed.")
        return redirect("home:me")
    kind = form.cleaned_data["kind"]
    label = SelfDescription.Kind(kind).label.lower()
    if form.cleaned_data["withdraw"]:
        if person_self_description_withdraw(actor=request.user, person=person, kind=kind):
            messages.success(request, f"Consent withdrawn: your {label} is deleted.")
        return redirect("home:me")
    try:
        person_self_description_set(
            actor=request.user,
            person=person,
            kind=kind,
            value=form.cleaned_data["value"],
            consent=form.cleaned_data["consent"],
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, f"Not saved — {error}")
    else:
        messages.success(request, f"Saved your {label}.")
    return redirect("home:me")


@require_POST
@role_required(Role.ADMINISTRATOR)
def person_invite_view(request: HttpRequest, uuid: str) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, uuid=uuid)
    try:
        user = person_invite(actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Invitation sent to {user.email}.")
    return redirect("home:person", uuid=person.uuid)

"""Data rights pages: a person's own data (readable, and as JSON), the same for an
administrator on anyone's record, and erasing a person."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from twoway.core.access import object_or_404, role_required
from twoway.core.models import Role
from twoway.people.access import person_required, request_person, user_is_person
from twoway.people.models import Person
from twoway.privacy.selectors import (
    erase_refusal,
    erasure_preview,
    person_export,
    person_for_export,
)
from twoway.privacy.services import person_erase, person_export_record

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[^\s]*)?")


def _when(value: str) -> str:
    """An ISO date or time of the export, as the pages show dates."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if "T" not in value:
        return date_format(moment.date(), "j F Y")
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _when(value)
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(item)}" for key, item in value.items())
    return str(value)


def _readable(export: dict[str, Any]) -> list[dict[str, Any]]:
    """The export's sections with each record as (label, text) pairs, for the page."""
    return [
        {
            "key": key,
            "title": section["title"],
            "about": section["about"],
            "records": [
                [(name.replace("_", " ").capitalize(), _text(value)) for name, value in row.items()]
                for row in section["records"]
            ],
        }
        for key, section in export["sections"].items()
    ]


def _page(request: HttpRequest, person: Person, *, own: bool) -> HttpResponse:
    person_export_record(actor=request.user, person=person, download=False)
    export = person_export(person, private=own)
    sections = _readable(export)
    return render(
        request,
        "privacy/data.html",
        {
            "person": person,
            "own": own,
            "sections": [section for section in sections if section["records"]],
            "empty": [section for section in sections if not section["records"]],
        },
    )


def _download(request: HttpRequest, person: Person) -> HttpResponse:
    person_export_record(actor=request.user, person=person, download=True)
    own = user_is_person(request.user, person)
    body = json.dumps(
        person_export(person, private=own), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="twoway-data-{person.uuid}.json"'
    return response


@person_required
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request, request_person(request), own=True)


@person_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    return _download(request, request_person(request))


@login_required
def person_data(request: HttpRequest, uuid: str) -> HttpResponse:
    person = person_for_export(user=request.user, uuid=uuid)
    return _page(request, person, own=user_is_person(request.user, person))


@login_required
def person_data_json(request: HttpRequest, uuid: str) -> HttpResponse:
    return _download(request, person_for_export(user=request.user, uuid=uuid))


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def person_erase_view(request: HttpRequest, uuid: str) -> HttpResponse:
    person = object_or_404(Person.objects.select_related("user"), "No such person.", uuid=uuid)
    refusal = erase_refusal(actor=request.user, person=person)
    if request.method == "POST" and not refusal:
        if request.POST.get("confirm") != "erase":
            messages.error(request, "Tick the box to confirm the erasure.")
        else:
            try:
                person_erase(actor=request.user, person=person)
            except PermissionDenied as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, "The person is erased. Their record now reads as erased.")
                return redirect("home:person", uuid=person.uuid)
    return render(
        request,
        "privacy/erase_confirm.html",
        {"person": person, "refusal": refusal, "preview": erasure_preview(person)},
        status=200,
    )

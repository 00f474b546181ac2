"""Upload pages for the HR import (upload, map columns, preview, apply)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twoway.core.access import role_required
from twoway.core.models import Role


@role_required(Role.ADMINISTRATOR)
def import_upload(request: HttpRequest) -> HttpResponse:
    return render(request, "people/import_upload.html", {})


@role_required(Role.ADMINISTRATOR)
def import_review(request: HttpRequest, uuid: str) -> HttpResponse:
    return render(request, "people/import_upload.html", {})

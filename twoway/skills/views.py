from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "skills/placeholder.html", {})


directory = assessment = skill_map = catalogue = placeholder

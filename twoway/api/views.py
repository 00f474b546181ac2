"""The page of a person's own API tokens: list, create (the secret shown once), revoke."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from twoway.api import selectors, services
from twoway.api.forms import ApiTokenCreateForm
from twoway.api.problems import problem
from twoway.core.actors import actor_user
from twoway.core.pagination import paginate


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        user = actor_user(request.user)
        assert user is not None  # login_required lets only a signed-in user in
        days = form.expires_days()
        try:
            created, secret = services.api_token_create(
                actor=request.user,
                user=user,
                name=form.cleaned_data["name"],
                write=form.cleaned_data["write"],
                expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            form = ApiTokenCreateForm()
    tokens = selectors.api_token_list_for_user(user=request.user)
    context = {
        "form": form,
        "created": created,
        "secret": secret,
        "now": timezone.now(),
        "rate": settings.API_RATE_PER_MINUTE,
        **paginate(request, tokens),
    }
    response = render(request, "api/token_list.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    token = selectors.api_token_get_for_user(user=request.user, uuid=uuid)
    if services.api_token_revoke(actor=request.user, token=token):
        messages.success(request, f"Revoked “{token.name}”: it no longer works.")
    return redirect("tokens:list")


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /api/: a problem+json 404, like the API's own, not
    the site's HTML page."""
    return problem(request, 404, f"There is no {request.path} in this API: see /api/v1/docs.")

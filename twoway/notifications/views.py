"""E-mail pages: one-click unsubscribe from a link, and a person's e-mail settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from twoway.core.actors import actor_user
from twoway.notifications import selectors, services
from twoway.notifications.forms import EmailPreferencesForm
from twoway.notifications.models import Kind


# Mail clients send the one-click POST of RFC 8058 without a session or a CSRF
# token; the signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        target = services.email_unsubscribe(token=token)
        template = "notifications/unsubscribe_done.html"
    else:  # GET only asks: link checkers and previews open links without a click
        target = selectors.unsubscribe_target(token=token)
        template = "notifications/unsubscribe_confirm.html"
    if target is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    _, kind = target
    response = render(request, template, {"kind_label": Kind(kind).label})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def preferences_edit(request: HttpRequest) -> HttpResponse:
    user = actor_user(request.user)
    assert user is not None  # login_required lets only a signed-in user in
    enabled = selectors.email_kinds_enabled(user=user)
    # Not ``request.POST or None``: with every box unticked, a POST can be empty.
    data = request.POST if request.method == "POST" else None
    form = EmailPreferencesForm(data, enabled=enabled)
    if request.method == "POST" and form.is_valid():
        services.email_preferences_set(actor=request.user, user=user, enabled=form.enabled_kinds())
        messages.success(request, "Saved your e-mail settings.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences_edit.html", {"form": form})

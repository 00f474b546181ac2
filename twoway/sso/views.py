"""The two steps of a single sign-on: off to the provider, and back."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from twoway.sso.flow import authorization_finish, authorization_start
from twoway.sso.middleware import SSO_SESSION_KEY
from twoway.sso.provider import ProviderUnavailable, sso_configured
from twoway.sso.refusals import AUDITED, NEXT_STEPS, Refusal, SsoRefused
from twoway.sso.services import sso_sign_in

logger = logging.getLogger(__name__)

# The session remembers the ordinary backend, so a signed-in person stays signed in
# whichever way they logged in.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refused(request: HttpRequest, refused: SsoRefused) -> HttpResponse:
    refusal = refused.refusal
    if refusal not in AUDITED:
        logger.warning("Single sign-on refused: %s", refused)
    provider = settings.OIDC_PROVIDER_NAME
    context = {
        "reason": refusal.label.format(provider=provider),
        "next_step": NEXT_STEPS[refusal],
        "code": refusal.value,
        "provider": provider,
    }
    status = 503 if refusal == Refusal.PROVIDER_UNREACHABLE else 403
    return render(request, "sso/refused.html", context, status=status)


def _safe_next(request: HttpRequest, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


@require_GET
def sso_start(request: HttpRequest) -> HttpResponse:
    if not sso_configured():
        raise Http404("Single sign-on is not set up.")
    try:
        url = authorization_start(
            request, next_url=_safe_next(request, request.GET.get("next", ""))
        )
    except ProviderUnavailable as exc:
        return _refused(request, SsoRefused(Refusal.PROVIDER_UNREACHABLE, str(exc)))
    return HttpResponseRedirect(url)


@require_GET
def sso_callback(request: HttpRequest) -> HttpResponse:
    if not sso_configured():
        raise Http404("Single sign-on is not set up.")
    try:
        claims, next_url = authorization_finish(request)
        user = sso_sign_in(claims=claims, provider=settings.OIDC_PROVIDER_NAME)
    except SsoRefused as refused:
        return _refused(request, refused)
    login(request, user, backend=SESSION_BACKEND)
    request.session[SSO_SESSION_KEY] = True  # kept when passwords are switched off
    return HttpResponseRedirect(
        _safe_next(request, next_url) or resolve_url(settings.LOGIN_REDIRECT_URL)
    )

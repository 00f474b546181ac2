"""Log-in and password pages: Django's own views, with our forms and an audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from twoway.core.audit import AuditAction, audit_record
from twoway.core.client_address import client_address
from twoway.core.password_policy import password_login_permitted
from twoway.core.throttle import password_reset_permitted, username_normalise


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label="Work e-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        return username_normalise(self.cleaned_data.get("username"))

    error_messages = {
        "invalid_login": "That e-mail and password do not match an account. "
        "Check both, or reset your password.",
        "inactive": "This account is switched off. Ask an administrator.",
    }

    def get_invalid_login_error(self) -> ValidationError:
        if settings.OIDC_SSO_ONLY:
            # The same words for everyone, break-glass or not: the page tells
            # nobody which addresses may still use a password.
            return ValidationError(
                f"Passwords are switched off here: use “Sign in with "
                f"{settings.OIDC_PROVIDER_NAME}”. Only the administrators named for an "
                "emergency log in with an e-mail and password, and this one did not match.",
                code="sso_only",
            )
        return super().get_invalid_login_error()


def sso_context(next_url: str) -> dict[str, Any]:
    """What the log-in and reset pages need to offer single sign-on (docs/sso.md)."""
    if not settings.OIDC_DISCOVERY_URL:
        return {"sso": None}
    start = reverse("sso:start")
    if next_url:
        start += "?" + urlencode({"next": next_url})
    return {
        "sso": {
            "start": start,
            "provider": settings.OIDC_PROVIDER_NAME,
            "only": settings.OIDC_SSO_ONLY,
        }
    }


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(sso_context(self.get_redirect_url()))
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            # form.user is request.user, known here to be signed in.
            audit_record(
                actor=form.user, action=AuditAction.USER_PASSWORD_CHANGE, subject=form.user
            )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: Any) -> HttpResponse:
        # Over a limit, the same page as always and no e-mail: the answer tells
        # nobody whether the address has an account or was asked for too often.
        email = form.cleaned_data["email"]
        # In SSO-only mode only a break-glass address is sent a link; the page
        # reads the same either way.
        if password_login_permitted(email) and password_reset_permitted(
            email=email, client=client_address(self.request)
        ):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(sso_context(""))
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=form.user, action=AuditAction.USER_PASSWORD_RESET, subject=form.user)
        return response

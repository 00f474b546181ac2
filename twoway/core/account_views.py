"""Log-in and password pages: Django's own views, with our forms and an audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect

from twoway.core.audit import AuditAction, audit_record
from twoway.core.client_address import client_address
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


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


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
        if password_reset_permitted(email=email, client=client_address(self.request)):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=form.user, action=AuditAction.USER_PASSWORD_RESET, subject=form.user)
        return response

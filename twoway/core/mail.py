"""Plain-text e-mail from a template, sent only if the change that caused it commits."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from twoway.core.models import User


def site_link(name: str, **kwargs: Any) -> str:
    """The absolute address of a page, for e-mails and calendar files."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def password_link(user: User) -> str:
    """The one-time link where ``user`` chooses a password."""
    return site_link(
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )


def mail_on_commit(*, subject: str, template: str, context: dict[str, Any], to: str) -> None:
    """Render ``template`` (with ``site_name`` and ``site_url``) and send it to
    ``to`` once the current transaction commits; a rollback sends nothing."""
    body = render_to_string(
        template, {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))

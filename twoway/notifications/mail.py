"""Sending one kind of e-mail to one user, honouring what they switched off.

Every such e-mail carries a one-click unsubscribe link for its kind (in the
body and as ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers, RFC 8058).
The link holds a signed token (user and kind), so it works without logging in
and cannot be forged or pointed at somebody else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from twoway.core.mail import site_link
from twoway.core.models import User
from twoway.notifications.models import EmailOptOut, Kind

SALT = "twoway.notifications.unsubscribe"


def unsubscribe_token(user: User, kind: str) -> str:
    """A signed token naming the user (by key) and the kind of e-mail."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """The (user key, kind) a token names, or None when it is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    if not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data["k"])


def unsubscribe_url(user: User, kind: str) -> str:
    return site_link("notifications:unsubscribe", token=unsubscribe_token(user, kind))


def reminder_message_id(key: str) -> str:
    """The ``Message-ID`` of the reminder whose ledger key is ``key``: the same
    for every attempt, so a copy sent again after a crash is recognisable as the
    same message (and mail systems that drop repeated ids drop it)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder.{digest}@{domain}>"


def user_wants(
    user: User | None, kind: str, *, opt_outs: Collection[tuple[int, str]] | None = None
) -> bool:
    """False when ``user`` switched ``kind`` off (or has no usable address).
    ``opt_outs``: the (user key, kind) opt-outs already read, when deciding for
    many at once; without it, the database is asked."""
    if user is None or not user.email or not user.is_active:
        return False
    if opt_outs is not None:
        return (user.pk, kind) not in opt_outs
    return not EmailOptOut.objects.filter(user=user, kind=kind).exists()


def notice_message(
    *,
    user: User,
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
) -> EmailMessage:
    """The e-mail, rendered from ``template`` with ``site_name``, ``site_url``,
    ``unsubscribe_url`` and ``kind_label`` added to ``context``."""
    link = unsubscribe_url(user, kind)
    body = render_to_string(
        template,
        {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": link,
            "kind_label": Kind(kind).label,
            **context,
        },
    )
    message = EmailMessage(
        subject,
        body,
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def notice_send(
    *,
    user: User | None,
    kind: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
) -> bool:
    """Send the e-mail now unless ``user`` switched ``kind`` off (or there is no
    ``user``); True if sent. Templates end with ``{% include "notifications/_footer.txt" %}``."""
    if user is None or not user_wants(user, kind):
        return False
    message = notice_message(
        user=user,
        kind=kind,
        subject=subject,
        template=template,
        context=context,
        attachments=attachments,
    )
    message.send()
    return True

"""Writes of the API app: creating, revoking and using tokens; atomic and audited.

Using a token is audited cheaply ("every use" without one row per read):
``last_used_at`` moves at most once a minute, by one conditional ``UPDATE``
that only one request can win; that request records an audit event. A request
that changes something (any method but GET, HEAD, OPTIONS) is always recorded,
whatever the minute, with its method and path.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from twoway.api.models import PREFIX_LENGTH, ApiToken, token_hash
from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import User
from twoway.core.roles import user_is_admin

NAME_MAX = 100
# A read is recorded at most this often per token; ``last_used_at`` moves as often.
USE_RECORD_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _new_secret() -> str:
    """A fresh secret whose first characters (its prefix) no other token has, and
    which does not start with "-": ``api_token revoke PREFIX`` would read it as an
    option."""
    for _ in range(100):
        secret = secrets.token_urlsafe(32)
        if secret.startswith("-"):
            continue
        if not ApiToken.objects.filter(prefix=secret[:PREFIX_LENGTH]).exists():
            return secret
    raise RuntimeError("Could not find an unused token prefix")  # pragma: no cover


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    user: User,
    name: str,
    write: bool = False,
    scim: bool = False,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is shown this once.

    A person creates tokens for themself; an administrator for anyone (an
    integration's account) and alone creates SCIM tokens. ``actor`` None is
    the system (the ``api_token`` command, run by whoever runs the server).
    """
    account = actor_user(actor)
    if actor is not None:
        if account is None or (account.pk != user.pk and not user_is_admin(account)):
            raise PermissionDenied("You can create API tokens for yourself only.")
        if scim and not user_is_admin(account):
            raise PermissionDenied("Only an administrator creates SCIM tokens.")
    if not user.is_active:
        raise ValidationError("This account is switched off; it cannot have API tokens.")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. what will use it."})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"Keep the name under {NAME_MAX} characters."})
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ValidationError({"expires_at": "Choose an expiry date in the future."})
    secret = _new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=token_hash(secret),
        scope=ApiToken.Scope.READ_WRITE if write else ApiToken.Scope.READ,
        scim=scim,
        created_by=account,
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.API_TOKEN_CREATE,
        subject=token,
        after={
            "user": str(user.pk),
            "name": name,
            "scope": token.scope,
            "scim": scim,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> bool:
    """Revoke ``token`` at once; False when it was already revoked (nothing changes).

    Its owner or an administrator may; ``actor`` None is the system (the command).
    """
    account = actor_user(actor)
    if actor is not None and (
        account is None or (account.pk != token.user_id and not user_is_admin(account))
    ):
        raise PermissionDenied("You can revoke your own API tokens only.")
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        return False
    token.revoked_at = now
    audit_record(
        actor=actor,
        action=AuditAction.API_TOKEN_REVOKE,
        subject=token,
        after={"revoked_at": now.isoformat()},
    )
    return True


@transaction.atomic
def api_token_use(*, token: ApiToken, method: str, path: str) -> bool:
    """Note a request made with ``token``; True when it was recorded in the audit log.

    ``last_used_at`` moves at most once every ``USE_RECORD_SECONDS``; the request
    that moves it records the use. A write is recorded every time.
    """
    now = timezone.now()
    moved = ApiToken.objects.filter(
        Q(last_used_at__isnull=True)
        | Q(last_used_at__lte=now - dt.timedelta(seconds=USE_RECORD_SECONDS)),
        pk=token.pk,
    ).update(last_used_at=now)
    if moved:
        token.last_used_at = now
    write = method.upper() not in SAFE_METHODS
    if not (moved or write):
        return False
    audit_record(
        actor=token.user,
        action=AuditAction.API_TOKEN_USE,
        subject=token,
        after={"method": method.upper(), "path": path[:200], "write": write},
    )
    return True

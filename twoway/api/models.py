"""API tokens: a secret a program sends instead of a signed-in browser.

Only a hash of the secret is stored (``key_hash``, SHA-256: the secret is long
and random, so no salt or slow hash is needed); the secret itself is shown once,
when the token is created. ``prefix`` (its first characters) names the token on
pages and in commands without revealing it.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from twoway.core.models import TwowayModel

PREFIX_LENGTH = 8


def token_hash(secret: str) -> str:
    """What is stored of a secret: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(TwowayModel):
    class Scope(models.TextChoices):
        READ = "read", "Read"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ)
    # For the SCIM provisioning endpoints; only an administrator creates one.
    scim = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_live(self, now: dt.datetime | None = None) -> bool:
        return self.revoked_at is None and not self.is_expired(now)

"""The record that a person was erased: when, by whom, which record. Nothing more:
it holds no name, no e-mail, nothing that says who the person was."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from twoway.core.models import TwowayModel


class Erasure(TwowayModel):
    """One erasure (``privacy.services.person_erase``).

    ``person_uuid`` is the erased record's opaque id, which stays on the
    pseudonymised person row; ``counts`` says how many rows of each kind were
    deleted or emptied (numbers only).
    """

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_uuid = models.UUIDField(db_index=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Erasure of {str(self.person_uuid)[:8]} on {self.at:%Y-%m-%d}"

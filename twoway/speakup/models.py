"""Confidential reports to the organisation's safeguarding contacts, and their replies.

An anonymous report keeps no link to whoever filed it: no user, no person, no
address. Its reporter follows it with the reference and a secret code shown
once; only a digest of the code is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twoway.core.encryption import EncryptedTextField
from twoway.core.models import TwowayModel
from twoway.programs.models import Program

HAPPENED_MAX_LENGTH = 10000
WISH_MAX_LENGTH = 4000
REPLY_MAX_LENGTH = 6000


class Report(TwowayModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        LOOKING_INTO_IT = "looking_into_it", "Looking into it"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    # Which status may follow which, in the order the contacts' buttons show them.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.RECEIVED: (Status.LOOKING_INTO_IT, Status.RESOLVED, Status.CLOSED),
        Status.LOOKING_INTO_IT: (Status.RESOLVED, Status.CLOSED),
        Status.RESOLVED: (Status.CLOSED, Status.LOOKING_INTO_IT),
        Status.CLOSED: (Status.LOOKING_INTO_IT,),
    }

    reference = models.CharField(max_length=16, unique=True)
    # Set for a named report only; an anonymous one has no reporter at all.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened = EncryptedTextField()
    wish = EncryptedTextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Anonymous reports: the digest of the follow-up code (never the code).
    follow_up_digest = models.CharField(max_length=64, blank=True)
    # The digest of the form's one-time key, so that sending the form twice files once.
    submission_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Only the reference: this is what the audit log and any list show.
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return self.reporter_id is None


class ReportReply(TwowayModel):
    """A safeguarding contact's reply, which the reporter reads."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = EncryptedTextField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Reply to {self.report.reference}"

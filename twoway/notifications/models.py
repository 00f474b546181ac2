"""Which e-mails a person switched off, and which reminders went out.

``Notice`` is the ledger that makes reminders idempotent: a reminder is sent
only by the run that inserted its row (``key`` is unique), so running the job
twice, or twice at once, sends it once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twoway.core.models import TwowayModel


class Kind(models.TextChoices):
    """The kinds of e-mail a person can switch off, one by one."""

    MEETING_INVITE = "meeting_invite", "Meeting invitations and changes"
    MEETING_SOON = "meeting_soon", "A meeting is coming up"
    LOG_MEETING = "log_meeting", "Log your meeting"
    AGREEMENT = "agreement", "The agreement waits for your signature"
    PULSE = "pulse", "Pulse check-ins"
    RISK_DIGEST = "risk_digest", "Weekly digest of pairs at risk (program managers)"
    ESCALATION = "escalation", "Repeated cancellations (sponsors)"


class EmailOptOut(TwowayModel):
    """A user switched one kind of e-mail off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user} switched off {self.kind}"


class Notice(TwowayModel):
    """A reminder that was sent (or skipped because its person switched it off)."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped: switched off"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.SENT)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

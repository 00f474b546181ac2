"""Which e-mails a person switched off, and which reminders went out.

``Notice`` is the ledger that makes reminders idempotent: one row per reminder
(``key`` is unique), and a run sends a reminder only while it holds the row's
lease, so running the job twice, or twice at once, sends it once. A lease that
runs out (its run died) or a send that failed leaves the row *pending*, and a
later run takes it over; after ``REMINDER_MAX_ATTEMPTS`` failures it is marked
*failed* instead of being tried for ever.
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
    """One reminder: being sent or waiting to be tried again (*pending*), sent,
    skipped because its person switched it off, or given up (*failed*).

    ``attempts`` counts the runs that claimed it to send it, and doubles as the
    lease's fencing token: a run marks the outcome only while the count is still
    the one its claim wrote. ``next_attempt_at`` (pending rows only) is when
    another run may take it: the end of the current lease, or after a failed
    send, the end of the pause before the next try.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending: being sent, or waiting to be tried again"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped: switched off"
        FAILED = "failed", "Failed: given up after repeated errors"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.SENT)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "created_at"])]
        constraints = [
            # A pending row without a time would never be taken up again.
            models.CheckConstraint(
                condition=(
                    models.Q(outcome="pending", next_attempt_at__isnull=False)
                    | (~models.Q(outcome="pending") & models.Q(next_attempt_at__isnull=True))
                ),
                name="notice_pending_has_next_attempt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

"""A pair's meetings, the ledger of their changes, and each side's log of them.

Times are stored in UTC with the time zone they were planned in, so an invite
says "10:00 Europe/Berlin" and stays right across daylight-saving changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models

from twoway.core.encryption import EncryptedTextField
from twoway.core.models import TwowayModel
from twoway.pairs.models import Pair
from twoway.people.models import Person

# The longest meeting the database accepts (its check constraint).
LONGEST_MINUTES = 480


class Meeting(TwowayModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    # A log can be edited this long after it was written.
    LOG_EDIT_DAYS = 7
    # The longest series planned at once (a pair may meet more than the program plans).
    SERIES_MAX = 26

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    # Meetings planned together as a recurring series share this id.
    series = models.UUIDField(null=True, blank=True, db_index=True)
    starts_at = models.DateTimeField()  # UTC
    time_zone = models.CharField(max_length=64)  # IANA name the meeting was planned in
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, blank=True, default="")
    video_url = models.URLField("video link", max_length=500, blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_side = models.CharField(max_length=8, blank=True, default="")  # mentor / mentee
    cancel_reason = models.TextField(blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545 SEQUENCE: goes up with every change the invitees must see.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["pair", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__range=(5, LONGEST_MINUTES)),
                name="meeting_duration_5_480",
            )
        ]

    def __str__(self) -> str:
        return f"Meeting of {self.pair} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class MeetingChange(TwowayModel):
    """The ledger of a meeting: who scheduled, moved or cancelled it, and why."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        RESCHEDULED = "rescheduled", "Rescheduled"
        CANCELLED = "cancelled", "Cancelled"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=8, blank=True, default="")  # mentor / mentee / ""
    reason = models.TextField(blank=True, default="")
    starts_before = models.DateTimeField(null=True, blank=True)
    starts_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.meeting}"


class MeetingLog(TwowayModel):
    """One side's log of one meeting.

    ``shared_notes`` and the rest are read by both partners; ``private_notes``
    is encrypted at rest and read by its author alone (no page, export, admin
    screen or audit event shows it to anybody else). A program manager sees
    that a log exists, and falling ratings as a health reason, never its words.
    """

    MAX_LENGTH = 4000

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="logs")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_logs")
    side = models.CharField(max_length=8)  # mentor / mentee
    topics = models.TextField("topics covered", blank=True, default="")
    learned = models.TextField("what I learned", blank=True, default="")
    taught = models.TextField("what I taught", blank=True, default="")
    # Progress on each of the author's goals: [{"goal": text, "progress": 0-4}]
    goal_progress = models.JSONField(default=list, blank=True)
    rating = models.PositiveSmallIntegerField()  # 1-5
    shared_notes = models.TextField(blank=True, default="")
    private_notes = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="meeting_log_once_per_side"),
            models.CheckConstraint(condition=models.Q(rating__range=(1, 5)), name="log_rating_1_5"),
        ]

    def __str__(self) -> str:
        return f"Log of {self.author} on {self.meeting}"

    def is_editable(self, now: datetime) -> bool:
        """Whether the author may still change the log at ``now``."""
        return now < self.created_at + timedelta(days=Meeting.LOG_EDIT_DAYS)

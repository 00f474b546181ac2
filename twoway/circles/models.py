"""Circles: mixed groups of a circles program that meet on a cadence.

A circle's members are seniors and juniors (``Side``); each session has a
presenter, who alternates between the two sides, a topic from the program's
list, the members' attendance and one short log the circle shares. Times are
stored in UTC with the IANA zone they were planned in, like pair meetings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from twoway.core.models import TwowayModel
from twoway.people.models import Person
from twoway.programs.models import Program

LONGEST_MINUTES = 480


class Side(models.TextChoices):
    SENIOR = "senior", "Senior"
    JUNIOR = "junior", "Junior"


class Circle(TwowayModel):
    """One group of a circles program, formed by the engine (or by hand)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="circles")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    # Weeks between sessions; 2 (biweekly) unless the program says otherwise.
    weeks_between_sessions = models.PositiveSmallIntegerField(default=2)
    session_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, blank=True, default="")
    time_zone = models.CharField(max_length=64, default="UTC")
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Until the program's managers publish the circles, only they see them, and
    # forming again replaces them. Members see a circle once it is published.
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="circle_number_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CircleMember(TwowayModel):
    """A person in a circle, on one side. A person is in one circle per program."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    # The circle's program, repeated so that the database holds "one circle per program".
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_memberships")
    side = models.CharField(max_length=8, choices=Side.choices)

    class Meta:
        ordering = ["circle", "side", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"], name="circlemember_one_circle_per_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.circle}"


class CircleSession(TwowayModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()  # UTC
    time_zone = models.CharField(max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=200, blank=True, default="")
    video_url = models.URLField("video link", max_length=500, blank=True, default="")
    topic = models.CharField(max_length=200, blank=True, default="")
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter_side = models.CharField(max_length=8, choices=Side.choices, blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    # The short log the circle shares: what was presented, what the circle took away.
    log = models.TextField(blank=True, default="")
    logged_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545 SEQUENCE: goes up with every change the invitees must see.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["circle", "starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "number"], name="circlesession_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15)
                & models.Q(duration_minutes__lte=LONGEST_MINUTES),
                name="circlesession_duration_15_480",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle} · session {self.number}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def attended_names(self) -> list[str]:
        """Who came, from the attendance (prefetch ``attendance__person``)."""
        return [row.person.name for row in self.attendance.all() if row.attended]


class CircleAttendance(models.Model):
    """Whether a member came to a session, recorded with the log."""

    session = models.ForeignKey(CircleSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(default=True)

    class Meta:
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="circleattendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.session}: {'came' if self.attended else 'did not come'}"

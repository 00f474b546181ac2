"""Socials: an event for a program's people (or everyone), the answers to it,
its waiting list, and the table plan of a seated event.

Times are stored in UTC with the IANA zone they were planned in, like pair
meetings, so an invite says "12:00 Europe/London" across daylight saving.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models

from twoway.core.models import TwowayModel
from twoway.people.models import Person
from twoway.programs.models import Program

LONGEST_MINUTES = 720
TABLE_SIZES = (6, 7, 8)


class Event(TwowayModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    starts_at = models.DateTimeField()  # UTC
    time_zone = models.CharField(max_length=64)  # IANA name the event was planned in
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=200, blank=True, default="")
    # No capacity: everyone who says yes has a place.
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    # The audience: everyone in the organisation, or the people enrolled in ``programs``.
    everyone = models.BooleanField(default=False)
    programs = models.ManyToManyField(Program, blank=True, related_name="events")
    seated = models.BooleanField(default=False)
    table_size = models.PositiveSmallIntegerField(default=8)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # RFC 5545 SEQUENCE: goes up with every change a calendar must see.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__range=(15, LONGEST_MINUTES)),
                name="event_duration_15_720",
            ),
            models.CheckConstraint(
                condition=models.Q(table_size__range=(min(TABLE_SIZES), max(TABLE_SIZES))),
                name="event_table_size_6_8",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Rsvp(TwowayModel):
    """One person's answer to one event. A "yes" beyond the capacity waits, in
    the order of ``waiting_since``, until a place frees up."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        MAYBE = "maybe", "Maybe"
        NO = "no", "No"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_rsvps")
    answer = models.CharField(max_length=8, choices=Answer.choices)
    # Set while a "yes" waits for a place; the order of the waiting list.
    waiting_since = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "answered_at", "id"]
        indexes = [models.Index(fields=["event", "answer", "waiting_since"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="rsvp_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(waiting_since__isnull=True) | models.Q(answer="yes"),
                name="rsvp_only_yes_waits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.answer} to {self.event}"

    @property
    def is_waiting(self) -> bool:
        return self.waiting_since is not None

    @property
    def has_place(self) -> bool:
        return self.answer == self.Answer.YES and self.waiting_since is None


class TablePlan(TwowayModel):
    """Who sits at which table at a seated event; proposing again replaces it."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="table_plan")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    tables = models.PositiveSmallIntegerField(default=0)
    # 0..1: how mixed the tables are on average (the group former's figure).
    mixing = models.FloatField(default=0)
    # Generations appear only as a figure over the whole plan, and only when
    # enough people shared theirs (``core.small_groups``).
    generation_people = models.PositiveIntegerField(default=0)
    generation_mix = models.FloatField(default=0)  # distinct generations per table, on average

    class Meta:
        ordering = ["event"]

    def __str__(self) -> str:
        return f"Table plan of {self.event}"


class TableSeat(models.Model):
    """A person at a table; ``table`` is None for someone the plan could not
    seat away from their line manager."""

    plan = models.ForeignKey(TablePlan, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    table = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "table", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="tableseat_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at table {self.table}"

"""Recognition for both sides: completion (certificate and badge), awards a
program manager gives by hand, and kudos between partners."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twoway.core.models import TwowayModel
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program

# What each side is called, by kind of program. In a reverse program the junior
# is the mentor and the senior leader the mentee; in a mutual one both teach.
SIDE_NAMES: dict[str, dict[str, str]] = {
    Program.Kind.REVERSE: {"mentor": "Reverse mentor", "mentee": "Reverse mentee"},
    Program.Kind.MUTUAL: {"mentor": "Two-way mentor", "mentee": "Two-way mentor"},
}
DEFAULT_SIDE_NAMES = {"mentor": "Mentor", "mentee": "Mentee"}


def side_name(program: Program, side: str) -> str:
    """What ``side`` ("mentor" / "mentee") is called in ``program``, e.g. "Reverse mentor"."""
    return SIDE_NAMES.get(program.kind, DEFAULT_SIDE_NAMES).get(side, side.capitalize())


class Recognition(TwowayModel):
    """A badge on a person's profile. A completion also gives a certificate."""

    class Kind(models.TextChoices):
        COMPLETION = "completion", "Completed the program"
        AWARD = "award", "Award"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recognitions")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="recognitions")
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    side = models.CharField(max_length=8, blank=True, default="")  # mentor / mentee
    title = models.CharField(max_length=120)
    note = models.TextField(blank=True, default="")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "person"],
                condition=models.Q(kind="completion"),
                name="completion_once_per_pair_and_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.person}"

    @property
    def partner(self) -> Person | None:
        """Who the person worked with, when the recognition belongs to one pair."""
        return self.pair.partner_of(self.person) if self.pair else None


class Kudos(TwowayModel):
    """A short thank-you from one partner to the other, in one of a few categories."""

    class Category(models.TextChoices):
        TAUGHT_ME = "taught_me", "Taught me something new"
        LISTENED = "listened", "A great listener"
        CHALLENGED = "challenged", "Challenged my thinking"
        OPENED_DOORS = "opened_doors", "Opened doors for me"
        GENEROUS = "generous", "Generous with their time"

    MAX_LENGTH = 280
    # Kudos are open while the pair runs and once it completed, not after it ended early.
    OPEN_STATUSES = (*Pair.LIVE, Pair.Status.COMPLETED)

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="kudos")
    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_given")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="kudos_received")
    category = models.CharField(max_length=16, choices=Category.choices)
    note = models.CharField(max_length=MAX_LENGTH, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="kudos_not_self"
            ),
            # A double submit (or two tabs) must not count the same thanks twice.
            models.UniqueConstraint(
                fields=["pair", "giver", "category"], name="kudos_once_per_giver_and_category"
            ),
        ]
        verbose_name_plural = "kudos"

    def __str__(self) -> str:
        return f"Kudos from {self.giver} to {self.receiver}"

    @classmethod
    def open_in(cls, pair: Pair) -> bool:
        """Whether kudos may still be given in ``pair``."""
        return pair.status in cls.OPEN_STATUSES

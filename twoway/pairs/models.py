"""A mentor and a mentee working together in one program.

Pairs are born from a published matching run (``origin=matched``) or from an
accepted self-match request (``origin=self_match``), each with its two-way
``Agreement`` from the program's template.
"""

from __future__ import annotations

from django.db import models

from twoway.core.models import TwowayModel
from twoway.people.models import Person
from twoway.programs.models import Program


class Pair(TwowayModel):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ACTIVE = "active", "Active"
        AT_RISK = "at_risk", "At risk"
        COMPLETED = "completed", "Completed"
        ENDED = "ended", "Ended early"

    class Origin(models.TextChoices):
        MATCHED = "matched", "Matched by the program"
        SELF_MATCH = "self_match", "Chosen by the participants"

    # A pair in one of these still takes a place: the mentee's, and one of the mentor's.
    LIVE = (Status.NEW, Status.ACTIVE, Status.AT_RISK)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_as_mentor")
    mentee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_as_mentee")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.MATCHED)
    published_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    breakdown = models.JSONField(default=dict, blank=True)
    # Why the two were matched, so both sides can be told: {"teaches": [{"skill": name,
    # "teacher_level": n, "learner_level": n}], "teaches_back": [...], "crossed": [line]}
    reasons = models.JSONField(default=dict, blank=True)
    match_run = models.ForeignKey(
        "matching.MatchRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "mentor", "mentee"], name="pair_once"),
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=models.Q(status__in=["new", "active", "at_risk"]),
                name="pair_one_live_per_mentee",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="pair_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "mentor", "status"]),
            models.Index(fields=["program", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} & {self.mentee}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def partner_of(self, person: Person) -> Person:
        return self.mentee if person.pk == self.mentor_id else self.mentor


class Agreement(TwowayModel):
    """The pair's two-way agreement: what each side wants to learn and offers,
    how they meet, what stays confidential, the code of conduct, how it ends.

    ``version`` goes up with every edit, and an edit is only taken from
    someone who saw the current version (``pairs.services.agreement_update``).
    Each side signs a version; once both have signed the current one it is
    signed, and a copy of it is kept (``AgreementVersion``). An edit after
    that needs both to sign again.
    """

    # The parts both sides write, in the order the page shows them.
    PARTS = (
        "mentor_goals",
        "mentor_offers",
        "mentee_goals",
        "mentee_offers",
        "cadence",
        "meeting_format",
        "confidentiality",
        "conduct",
        "ending",
    )
    MAX_LENGTH = 4000

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="agreement")
    version = models.PositiveIntegerField(default=1)
    mentor_goals = models.TextField(blank=True, default="")
    mentor_offers = models.TextField(blank=True, default="")
    mentee_goals = models.TextField(blank=True, default="")
    mentee_offers = models.TextField(blank=True, default="")
    cadence = models.TextField(blank=True, default="")
    meeting_format = models.TextField(blank=True, default="")
    confidentiality = models.TextField(blank=True, default="")
    conduct = models.TextField(blank=True, default="")
    ending = models.TextField(blank=True, default="")
    edited_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The version each side last signed (None: not yet).
    mentor_signed = models.PositiveIntegerField(null=True, blank=True)
    mentee_signed = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Agreement of {self.pair}, version {self.version}"

    @property
    def is_signed(self) -> bool:
        return self.mentor_signed == self.version and self.mentee_signed == self.version

    def content(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in self.PARTS}


class AgreementVersion(TwowayModel):
    """A version of an agreement that both sides signed, as they signed it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["agreement", "version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="agreement_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement}, signed version {self.version}"

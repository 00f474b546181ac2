"""A mentor and a mentee working together in one program.

Pairs are born from a published matching run (``origin=matched``), from an
accepted self-match request (``origin=self_match``) or from a past cohort's file
(``origin=imported``, ``pairs.cohort_import``), each with its two-way
``Agreement`` from the program's template.
"""

from __future__ import annotations

from django.db import models

from twoway.core.encryption import EncryptedTextField
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
        REMATCH = "rematch", "Re-matched by the program"
        IMPORTED = "imported", "Loaded from a past cohort"

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
    # When both partners first signed the agreement (the pair turns active).
    signed_at = models.DateTimeField(null=True, blank=True)
    # Why the pair is at risk, as the last health check found it (pairs.health).
    risk_reasons = models.JSONField(default=list, blank=True)
    # Ending early: who ended it and why. The reason reaches the program's
    # managers only; the partner is told the pair ended, not why.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = EncryptedTextField(blank=True, default="")
    completed_at = models.DateTimeField(null=True, blank=True)
    # A re-match: the pair this one replaces for the person who stayed.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rematches"
    )

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

    @staticmethod
    def other_side(side: str) -> str:
        return "mentee" if side == "mentor" else "mentor"

    def side_of(self, person: Person | None) -> str:
        """ "mentor", "mentee", or "" when ``person`` is not in the pair."""
        if person is None:
            return ""
        if person.pk == self.mentor_id:
            return "mentor"
        return "mentee" if person.pk == self.mentee_id else ""


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
    LABELS = {
        "mentor_goals": "What the mentor wants to learn",
        "mentor_offers": "What the mentor offers",
        "mentee_goals": "What the mentee wants to learn",
        "mentee_offers": "What the mentee offers",
        "cadence": "How often they meet",
        "meeting_format": "Where and how they meet",
        "confidentiality": "Confidentiality",
        "conduct": "Code of conduct",
        "ending": "Ending",
    }
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

    def signed_by(self, side: str) -> bool:
        """Has ``side`` ("mentor" / "mentee") signed the current version?"""
        return getattr(self, f"{side}_signed") == self.version

    @property
    def mentor_has_signed(self) -> bool:
        return self.signed_by("mentor")

    @property
    def mentee_has_signed(self) -> bool:
        return self.signed_by("mentee")

    @property
    def is_signed(self) -> bool:
        return self.mentor_has_signed and self.mentee_has_signed

    @property
    def signatures_missing(self) -> int:
        return 2 - self.mentor_has_signed - self.mentee_has_signed

    def content(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in self.PARTS}

    def goals(self, side: str) -> list[str]:
        """The goals ``side`` wrote: the non-empty lines of its goals, without
        list bullets (each is a line both track progress against)."""
        if side not in ("mentor", "mentee"):
            return []
        lines = (
            line.strip().lstrip("-*•").strip()
            for line in getattr(self, f"{side}_goals").splitlines()
        )
        return [line for line in lines if line]


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

    def parts(self) -> list[tuple[str, str]]:
        """(label, text) of each written part, in the page's order."""
        return [
            (Agreement.LABELS[part], self.content[part])
            for part in Agreement.PARTS
            if self.content.get(part)
        ]


class Reflection(TwowayModel):
    """A partner's closing reflection; both partners read it, managers do not."""

    MAX_LENGTH = 4000

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    changed = models.TextField("what changed for me")
    differently = models.TextField("what I will do differently")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "author"], name="reflection_once_per_side")
        ]

    def __str__(self) -> str:
        return f"Reflection of {self.author} on {self.pair}"


class PulseCheckin(TwowayModel):
    """A two-question check-in: 30 days after the match, then every 60 days.

    Each side answers its own; the answers reach the program's managers only.
    """

    FIRST_AFTER_DAYS = 30
    EVERY_DAYS = 60

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkins")
    round = models.PositiveSmallIntegerField()  # 1: day 30, 2: day 90, 3: day 150, ...
    due_on = models.DateField()
    quality = models.PositiveSmallIntegerField(null=True, blank=True)  # 1-5
    note = EncryptedTextField("anything the manager should know", blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person", "round"], name="checkin_once"),
            models.CheckConstraint(
                condition=models.Q(quality__isnull=True) | models.Q(quality__range=(1, 5)),
                name="checkin_quality_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.round} of {self.person} on {self.pair}"

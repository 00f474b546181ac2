"""A pair's surveys: a baseline for each side when the pair is published, a
closing one when it completes; one answer row per question answered.

Answers are read back in aggregate only (``surveys.selectors.survey_results``):
never with a name, never by the partner, never in groups under
``REPORT_MIN_GROUP_SIZE``. Free-text answers are encrypted at rest.
"""

from __future__ import annotations

from django.db import models

from twoway.core.encryption import EncryptedTextField
from twoway.core.models import TwowayModel
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program, Side
from twoway.surveys import instrument


class SurveyKind(models.TextChoices):
    BASELINE = instrument.BASELINE, "Baseline (at the start)"
    CLOSING = instrument.CLOSING, "Closing (at the end)"


class SurveyQuestion(TwowayModel):
    """A question a program's managers add to its surveys, after the default ones.

    Answers are stored under ``key``, which never changes. Questions are
    deactivated, never deleted, so that answers keep their question.
    """

    class Kind(models.TextChoices):
        SCALE = instrument.SCALE_5, "Scale from 1 to 5"
        TEXT = instrument.TEXT, "Free text"

    class Surveys(models.TextChoices):
        BASELINE = instrument.BASELINE, "Baseline only (at the start)"
        CLOSING = instrument.CLOSING, "Closing only (at the end)"
        BOTH = "both", "Both surveys"

    TEXT_MAX = 300
    LABEL_MAX = 60

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="survey_questions")
    text = models.CharField(max_length=TEXT_MAX)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.SCALE)
    surveys = models.CharField(max_length=8, choices=Surveys.choices, default=Surveys.BOTH)
    low = models.CharField("words at 1", max_length=LABEL_MAX, blank=True, default="")
    high = models.CharField("words at 5", max_length=LABEL_MAX, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def key(self) -> str:
        return f"program-{self.uuid}"

    @property
    def survey_kinds(self) -> tuple[str, ...]:
        return instrument.BOTH if self.surveys == self.Surveys.BOTH else (self.surveys,)

    def as_question(self) -> instrument.Question:
        """The question in the instrument's terms (every side is asked)."""
        return instrument.Question(
            key=self.key,
            text=self.text,
            kind=self.kind,
            surveys=self.survey_kinds,
            low=self.low or ("Not at all" if self.kind == self.Kind.SCALE else ""),
            high=self.high or ("Completely" if self.kind == self.Kind.SCALE else ""),
        )


class Survey(TwowayModel):
    """One person's survey in one pair: the baseline or the closing one.

    ``answered_at`` is set once, when they send their answers (skipping any
    they like); ``declined_at`` when they choose not to answer at all.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="surveys")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="surveys")
    side = models.CharField(max_length=8, choices=Side.choices)
    kind = models.CharField(max_length=8, choices=SurveyKind.choices)
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person", "kind"], name="survey_once"),
        ]
        indexes = [models.Index(fields=["person", "answered_at", "declined_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} survey of {self.person} on {self.pair}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.declined_at is None


class SurveyAnswer(models.Model):
    """One answer: a number for a scale, encrypted text for a free-text question.

    ``question_key`` is the instrument's key or a ``SurveyQuestion``'s; the
    aggregates group by it.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=64)
    value = models.SmallIntegerField(null=True, blank=True)
    text = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question_key"], name="survey_answer_once"),
        ]
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self) -> str:
        return f"{self.question_key} of {self.survey_id}"

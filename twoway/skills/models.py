"""The skills catalogue, what each person offers and wants, blind-spot answers."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from twoway.core.models import TwowayModel
from twoway.people.models import Person

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
# The words people pick a level (or a blind-spot rating) by; the number alone
# means different things to different people.
LEVEL_CHOICES: list[tuple[int, str]] = [
    (1, "new to it"),
    (2, "basics"),
    (3, "comfortable"),
    (4, "strong"),
    (5, "expert"),
]
LEVEL_WORDS: dict[int, str] = dict(LEVEL_CHOICES)
NAME_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 280


class Skill(TwowayModel):
    class Category(models.TextChoices):
        DIGITAL_TOOLS = "digital_tools", "Digital tools"
        SOCIAL_MEDIA = "social_media", "Social media for business"
        AI_TOOLS = "ai_tools", "AI tools"
        TECHNOLOGY = "technology", "Technology"
        CURRENT_EVENTS = "current_events", "Current events and trends"
        ATTITUDES = "attitudes", "Customer and employee attitudes"
        INCLUSION = "inclusion", "Inclusive communication"
        TOUGH_SITUATIONS = "tough_situations", "Tough work situations"
        NEW_BUSINESS = "new_business", "New business opportunities"
        STRATEGY = "strategy", "Corporate strategy"
        LEADERSHIP = "leadership", "Leadership and career"

    name = models.CharField(max_length=NAME_MAX_LENGTH)
    category = models.CharField(max_length=32, choices=Category.choices)
    description = models.TextField(blank=True)
    # Other words people use for it, one per line ("TikTok" for short-form video).
    synonyms = models.TextField(blank=True)
    # Lower-cased name and synonyms, kept in step by save(), for type-ahead.
    search_text = models.TextField(blank=True, editable=False)
    # Key skills make up the blind-spot self-assessment.
    is_key = models.BooleanField("key skill", default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_name_ci_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.replace(",", "\n").splitlines() if s.strip()]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.synonyms = "\n".join(self.synonym_list)
        self.search_text = "\n".join([self.name, *self.synonym_list]).lower()
        super().save(*args, **kwargs)


class PersonSkill(models.Model):
    """A skill a person offers to teach, or wants to learn.

    ``level`` is how well they know it today, 1 (new to it) to 5 (could teach a
    course). For an offer it says how deep the teaching can go; for a want it
    says where the learning starts.
    """

    class Direction(models.TextChoices):
        OFFER = "offer", "Can teach"
        LEARN = "learn", "Wants to learn"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="person_skills")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "skill", "direction"], name="personskill_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="personskill_level_1_5"
            ),
        ]
        indexes = [models.Index(fields=["skill", "direction", "level"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_direction_display().lower()} {self.skill} ({self.level})"


class SelfAssessment(TwowayModel):
    """One completed blind-spot questionnaire. The latest one counts."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="self_assessments")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]
        get_latest_by = "completed_at"

    def __str__(self) -> str:
        return f"{self.person} · {self.completed_at:%Y-%m-%d}"


class SelfAssessmentAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "skill"], name="answer_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="answer_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}: {self.rating}"

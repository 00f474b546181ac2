"""A program's session arc (what each meeting is about), its launch page, and who
answered the launch's call for topics."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from twoway.people.models import Person
from twoway.programs.models import Program

TITLE_MAX_LENGTH = 120
AGENDA_MAX_LENGTH = 2000
QUESTIONS_MAX_LENGTH = 2000
MAX_SESSIONS = 24
SPONSOR_MESSAGE_MAX_LENGTH = 4000


class ArcSession(models.Model):
    """One session of a program's own arc. A program without rows follows the
    default arc (``guides.arc.DEFAULT_ARC``); the first edit saves all of them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="arc_sessions")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)]
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    agenda = models.TextField(blank=True)
    questions = models.TextField(blank=True)  # one per line

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="arcsession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · session {self.number}: {self.title}"


class ProgramLaunch(models.Model):
    """A program's announcement: the sponsor's message, then the call for topics.
    Only its managers and sponsor see it until it is published."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="launch")
    sponsor_message = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Launch of {self.program}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TopicCallAnswer(models.Model):
    """That a person answered a program's call for topics (what they offered is on
    their skills profile, not here)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topic_answers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="topiccallanswer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} answered the call for topics of {self.program}"

"""Insights and the actions that answer them.

An insight is what someone taking part says the organisation should start, stop
or change, raised from their pair, one of its meetings or a circle's session.
The program's managers and sponsors group similar insights into an action, give
it an owner, and say what changed; "You said, we did" shows the actions and the
insights behind them to everyone in the program.

An anonymous insight keeps its author for the program's managers alone: its
``__str__`` (the audit log's label) never carries a name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from twoway.circles.models import CircleSession
from twoway.core.models import TwowayModel
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program

TITLE_MAX = 120
TEXT_MAX = 2000


class InsightAction(TwowayModel):
    """What the organisation does about one or more insights."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONSIDERING = "considering", "Under consideration"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        WONT_DO = "wont_do", "Won't do"

    # Which status may follow which. Done and won't do can be reopened.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.NEW: (Status.CONSIDERING, Status.IN_PROGRESS, Status.WONT_DO),
        Status.CONSIDERING: (Status.IN_PROGRESS, Status.WONT_DO),
        Status.IN_PROGRESS: (Status.DONE, Status.CONSIDERING, Status.WONT_DO),
        Status.DONE: (Status.IN_PROGRESS,),
        Status.WONT_DO: (Status.CONSIDERING,),
    }

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="insight_actions")
    title = models.CharField(max_length=TITLE_MAX)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    # Who answers for it: a person from the directory, or a team named in words.
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_team = models.CharField("owning team", max_length=120, blank=True, default="")
    what_changed = models.TextField("what changed", blank=True, default="")
    link = models.URLField("link", max_length=500, blank=True, default="")
    wont_do_reason = models.TextField("why we won't do it", blank=True, default="")
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def owner_label(self) -> str:
        if self.owner is not None and self.owner_team:
            return f"{self.owner.name} ({self.owner_team})"
        return self.owner.name if self.owner is not None else self.owner_team


class Insight(TwowayModel):
    """What one person taking part says the organisation should start, stop or change."""

    class Kind(models.TextChoices):
        START = "start", "Start doing something"
        STOP = "stop", "Stop doing something"
        CHANGE = "change", "Change how something is done"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="insights")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    text = models.TextField(max_length=TEXT_MAX)
    # Anonymous: only the program's managers may learn who raised it.
    anonymous = models.BooleanField(default=False)
    # The author agreed to their name beside the quote on "You said, we did".
    name_shown = models.BooleanField(default=False)
    # Where it was raised from (each optional, each the author's own).
    pair = models.ForeignKey(
        Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(
        CircleSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        InsightAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["program", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(anonymous=True) & models.Q(name_shown=True)),
                name="insight_anonymous_never_named",
            ),
        ]

    def __str__(self) -> str:
        # The audit log's label: never the author's name.
        return f"Insight #{self.short_id}"

    @property
    def short_id(self) -> str:
        return str(self.uuid)[:8]

    @property
    def quote_name(self) -> str:
        """The name "You said, we did" may print beside the quote, or ""."""
        return self.author.name if self.name_shown and not self.anonymous else ""

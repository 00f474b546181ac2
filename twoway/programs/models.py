"""Programs, who may join each side, how pairs are matched, and enrollment."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from twoway.core.models import TwowayModel
from twoway.people.models import OrgUnit, Person
from twoway.skills.models import LEVEL_VALIDATORS, Skill

# Dividing lines a program can value or require pairs to cross (the engine's LINES).
LINE_CHOICES: list[tuple[str, str]] = [
    ("department", "Department"),
    ("location", "Location"),
    ("generation", "Generation"),
    ("gender", "Gender"),
    ("background", "Background"),
]
# Weekly time windows people can offer, in the order shown on the form.
WINDOW_CHOICES: list[tuple[str, str]] = [
    (f"{day}_{part}", f"{label} {part_label}")
    for day, label in [
        ("mon", "Monday"),
        ("tue", "Tuesday"),
        ("wed", "Wednesday"),
        ("thu", "Thursday"),
        ("fri", "Friday"),
    ]
    for part, part_label in [("am", "morning"), ("pm", "afternoon")]
]
FORMAT_CHOICES: list[tuple[str, str]] = [
    ("in_person", "In person"),
    ("remote", "Remote (video call)"),
    ("lunch", "Over lunch"),
]
GOAL_MAX_LENGTH = 500


class Program(TwowayModel):
    """A mentoring program: who takes part, how they are matched, how often they meet."""

    class Kind(models.TextChoices):
        REVERSE = "reverse", "Reverse (junior mentors senior)"
        TRADITIONAL = "traditional", "Traditional (senior mentors junior)"
        MUTUAL = "mutual", "Mutual (both sides teach)"
        GROUP = "group", "Group (one mentor, several mentees)"
        CIRCLES = "circles", "Circles (mixed groups that meet and take turns to present)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ENROLLING = "enrolling", "Enrolling"
        MATCHING = "matching", "Matching"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    class Objective(models.TextChoices):
        BEST_TOTAL = "best_total", "Best total fit"
        MOST_MATCHED = "most_matched", "Most people matched, then best fit"

    class MatchingStyle(models.TextChoices):
        MANAGED = "managed", "Program manager runs matching and publishes pairs"
        SELF = "self", "Participants choose from ranked suggestions"

    # Which status may follow which. Publishing moves matching -> active.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.DRAFT: (Status.ENROLLING, Status.CLOSED),
        Status.ENROLLING: (Status.MATCHING, Status.DRAFT, Status.CLOSED),
        Status.MATCHING: (Status.ENROLLING, Status.ACTIVE, Status.CLOSED),
        Status.ACTIVE: (Status.CLOSED,),
        Status.CLOSED: (),
    }

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REVERSE)
    purpose = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_programs",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    # Cadence: planned sessions, weeks between them, minutes each.
    planned_sessions = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    weeks_between_sessions = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    session_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )

    # Enrollment.
    manager_approval = models.BooleanField(
        "line manager approves enrollment",
        default=False,
        help_text="Each person's line manager must approve before they are enrolled.",
    )
    matching_style = models.CharField(
        max_length=16, choices=MatchingStyle.choices, default=MatchingStyle.MANAGED
    )
    code_of_conduct = models.TextField(blank=True)

    # Matching settings: weights of the score components (engine COMPONENTS).
    weight_teach = models.FloatField(default=1.0, validators=[MinValueValidator(0)])
    weight_teach_back = models.FloatField(default=0.5, validators=[MinValueValidator(0)])
    weight_crossing = models.FloatField(default=0.5, validators=[MinValueValidator(0)])
    weight_level_gap = models.FloatField(default=0.2, validators=[MinValueValidator(0)])
    weight_availability = models.FloatField(default=0.2, validators=[MinValueValidator(0)])
    weight_time_zone = models.FloatField(default=0.2, validators=[MinValueValidator(0)])
    # Hard constraints.
    reporting_line_depth = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(5)],
        help_text="0 allows any pair; 1 excludes manager and direct reports; "
        "2 also the skip-level; and so on.",
    )
    min_level_gap = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(20)])
    must_differ = models.JSONField(default=list, blank=True)  # subset of LINE_CHOICES keys
    valued_lines = models.JSONField(default=list, blank=True)  # soft: crossing scores
    max_time_zone_hours = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        "most mentees per mentor",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    objective = models.CharField(
        max_length=16, choices=Objective.choices, default=Objective.BEST_TOTAL
    )
    senior_preview = models.BooleanField(
        "seniors preview their pair before publishing", default=False
    )
    junior_opt_out = models.BooleanField("juniors may opt out before publishing", default=False)

    # The relationship: the agreement's template and when a pair is at risk.
    # Parts of the agreement's template the program writes its own way
    # (``Agreement.PARTS`` keys); the rest come from the standard texts.
    agreement_template = models.JSONField(default=dict, blank=True)
    sign_before_first_log = models.BooleanField(
        "both sign the agreement before the first meeting log",
        default=True,
        help_text="A meeting can be logged only once both partners have signed the agreement.",
    )
    risk_weeks_without_meeting = models.PositiveSmallIntegerField(
        "weeks without a meeting before a pair is at risk",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    risk_days_unsigned = models.PositiveSmallIntegerField(
        "days an agreement may stay unsigned",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    escalate_after_cancellations = models.PositiveSmallIntegerField(
        "cancellations by one side before the sponsor is told",
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def senior_side(self) -> str | None:
        """Who is expected to be more senior: the mentee in reverse programs."""
        if self.kind == self.Kind.REVERSE:
            return "mentee"
        if self.kind in (self.Kind.TRADITIONAL, self.Kind.GROUP):
            return "mentor"
        return None

    @property
    def is_two_way(self) -> bool:
        return self.kind == self.Kind.MUTUAL

    @property
    def rules_can_change(self) -> bool:
        """Who may join is fixed once the pairs are published."""
        return self.status not in (self.Status.ACTIVE, self.Status.CLOSED)

    @property
    def people_can_leave(self) -> bool:
        """Leaving is a click until the pairs are published."""
        return self.status in (self.Status.DRAFT, self.Status.ENROLLING, self.Status.MATCHING)

    @property
    def weights(self) -> dict[str, float]:
        return {
            "teach": self.weight_teach,
            "teach_back": self.weight_teach_back,
            "crossing": self.weight_crossing,
            "level_gap": self.weight_level_gap,
            "availability": self.weight_availability,
            "time_zone": self.weight_time_zone,
        }


class Side(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class EligibilityRule(models.Model):
    """Who may join one side of a program. Empty fields admit everyone.

    Self-description filters admit only people who consented to share that
    description and whose value matches (case-insensitive, in their own words
    for gender and background).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    side = models.CharField(max_length=8, choices=Side.choices)
    min_level = models.PositiveSmallIntegerField(null=True, blank=True)
    max_level = models.PositiveSmallIntegerField(null=True, blank=True)
    min_tenure_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_tenure_months = models.PositiveSmallIntegerField(null=True, blank=True)
    departments_included = models.ManyToManyField(OrgUnit, blank=True, related_name="+")
    departments_excluded = models.ManyToManyField(OrgUnit, blank=True, related_name="+")
    generations = models.JSONField(default=list, blank=True)  # SelfDescription.Generation values
    genders = models.JSONField(default=list, blank=True)  # words, matched case-insensitively
    backgrounds = models.JSONField(default=list, blank=True)  # any one tag admits

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "side"], name="rule_one_per_side"),
            models.CheckConstraint(
                condition=models.Q(min_level__isnull=True)
                | models.Q(max_level__isnull=True)
                | models.Q(max_level__gte=models.F("min_level")),
                name="rule_level_range",
            ),
            models.CheckConstraint(
                condition=models.Q(min_tenure_months__isnull=True)
                | models.Q(max_tenure_months__isnull=True)
                | models.Q(max_tenure_months__gte=models.F("min_tenure_months")),
                name="rule_tenure_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.get_side_display()}"


class Enrollment(TwowayModel):
    """One person's place in one program, from invitation to leaving."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"
        BOTH = "both", "Both (mutual programs)"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        PENDING_APPROVAL = "pending_approval", "Waiting for manager approval"
        ENROLLED = "enrolled", "Enrolled"
        DECLINED = "declined", "Not approved"
        WITHDRAWN = "withdrawn", "Left the program"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(max_length=8, choices=Role.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    availability = models.JSONField(default=list, blank=True)  # WINDOW_CHOICES keys
    formats = models.JSONField(default=list, blank=True)  # FORMAT_CHOICES keys
    goal = models.CharField(max_length=GOAL_MAX_LENGTH, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(  # the line manager who approved or declined
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The day the person started in the program (the local date of ``enrolled_at``,
    # or the day a past cohort's file gives), and the day they left it early (the
    # local date of ``withdrawn_at``; cleared when they join again).
    joined_on = models.DateField(
        null=True, blank=True, help_text="The day the person started in the program."
    )
    left_on = models.DateField(
        null=True, blank=True, help_text="The day the person left the program early."
    )
    # Not a column: ``programs.selectors.my_programs`` sets it on the enrollments it
    # lists, the sides the person may (re)join today.
    sides: list[str]

    class Meta:
        ordering = ["program", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="enrollment_once"),
        ]
        indexes = [models.Index(fields=["program", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.program}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ENROLLED

    @property
    def mentors(self) -> bool:
        return self.role in (self.Role.MENTOR, self.Role.BOTH)

    @property
    def mentees(self) -> bool:
        return self.role in (self.Role.MENTEE, self.Role.BOTH)


class EnrollmentTopic(models.Model):
    """A topic someone will teach or wants to learn in this program, with a level.

    Pre-filled from their skills profile; the enrollment form may change it,
    without touching the profile.
    """

    class Direction(models.TextChoices):
        TEACH = "teach", "Will teach"
        LEARN = "learn", "Wants to learn"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="topics")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "skill", "direction"], name="enrollmenttopic_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="enrollmenttopic_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.direction} {self.skill_id} ({self.level})"

"""People in the organisation, the org-unit tree, level labels, self-descriptions,
the history of levels, job titles and departments."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from twoway.core.encryption import EncryptedTextField
from twoway.core.models import AppendOnlyModel, AppendOnlyQuerySet, TwowayModel

PATH_SEPARATOR = "/"


@functools.cache
def _time_zones() -> dict[str, str]:
    """Every IANA name by its lower-case form; reading the tz database is slow."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def time_zone_lookup(name: str) -> str | None:
    """The IANA time zone ``name`` means, whatever its letter case, or None."""
    return _time_zones().get(name.lower())


def validate_time_zone(value: str) -> None:
    if value and time_zone_lookup(value) != value:
        raise ValidationError(f"{value!r} is not an IANA time zone, e.g. Europe/London")


def department_root(path: str | None) -> str:
    """The top-level department of an org unit's path ("" for none): Marketing/Digital
    and Marketing/Brand are both Marketing."""
    return (path or "").split(PATH_SEPARATOR, 1)[0]


def current_q(prefix: str = "", today: dt.date | None = None) -> models.Q:
    """People who have not left (no leave date, or one in the future).

    ``prefix`` reaches people through a relation, e.g. ``"person__"``.
    """
    today = today or timezone.localdate()
    return models.Q(**{f"{prefix}leave_date__isnull": True}) | models.Q(
        **{f"{prefix}leave_date__gt": today}
    )


def unit_subtree_q(unit: OrgUnit, prefix: str = "") -> models.Q:
    """People in ``unit`` or any of its teams (``prefix`` as for ``current_q``)."""
    return models.Q(**{f"{prefix}department": unit}) | models.Q(
        **{f"{prefix}department__path__startswith": unit.path + PATH_SEPARATOR}
    )


class OrgUnit(TwowayModel):
    """A department or team. ``path`` is the full name, e.g. ``Marketing/Digital``."""

    name = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=500, unique=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.path

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)


class LevelLabel(models.Model):
    """The organisation's name for a grade, e.g. 7 -> "Director"."""

    level = models.PositiveSmallIntegerField(unique=True)
    label = models.CharField(max_length=80)

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level} · {self.label}"


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self, today: dt.date | None = None) -> PersonQuerySet:
        return self.filter(current_q(today=today))

    def left(self, today: dt.date | None = None) -> PersonQuerySet:
        return self.exclude(current_q(today=today))


# How an erased person's record reads (``privacy.services.person_erase``).
ERASED_PREFIX = "Erased person #"
ERASED_DOMAIN = "@invalid"


class Person(TwowayModel):
    """An employee, as the HR system knows them."""

    employee_id = models.CharField("employee id", max_length=64, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField("e-mail")
    job_title = models.CharField(max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    department = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    location = models.CharField(max_length=120, blank=True)
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    hire_date = models.DateField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    # Fields the HR import owns (and compares to decide "unchanged").
    HR_FIELDS = (
        "name",
        "email",
        "job_title",
        "level",
        "department",
        "location",
        "time_zone",
        "manager",
        "hire_date",
        "leave_date",
    )

    class Meta:
        ordering = ["name", "employee_id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(leave_date__isnull=True)
                | models.Q(hire_date__isnull=True)
                | models.Q(leave_date__gte=models.F("hire_date")),
                name="person_leaves_after_hire",
            ),
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("id")), name="person_not_own_manager"
            ),
        ]
        indexes = [
            models.Index(fields=["level"]),
            models.Index(fields=["leave_date"]),
            # The directory lists people by name; deep pages walk this index.
            models.Index(fields=["name", "employee_id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Reject a manager that would put this person in a reporting loop."""
        super().clean()
        if self.manager_id is None:
            return
        if self.pk is not None and self.manager_id == self.pk:
            raise ValidationError({"manager": "A person cannot be their own manager."})
        seen: set[int] = set()
        current: int | None = self.manager_id
        while current is not None and current not in seen:
            if current == self.pk:
                raise ValidationError(
                    {
                        "manager": "That manager reports, directly or not, to this person: "
                        "it would make a loop in the reporting lines."
                    }
                )
            seen.add(current)
            current = Person.objects.filter(pk=current).values_list("manager_id", flat=True).first()

    @property
    def is_erased(self) -> bool:
        """Erased at their request (``privacy.services.person_erase``): a pseudonym
        kept only for the figures other people's reports need."""
        return self.name.startswith(ERASED_PREFIX) and self.email.endswith(ERASED_DOMAIN)

    @property
    def has_left(self) -> bool:
        return self.leave_date is not None and self.leave_date <= timezone.localdate()

    @property
    def first_name(self) -> str:
        # An erased record has no first name: "Erased person #1a2b3c4d" whole.
        return self.name if self.is_erased else self.name.split(" ", 1)[0]


class SelfDescription(TwowayModel):
    """Something a person chose to say about themself, with their consent.

    The row exists only while consent stands: withdrawing consent deletes it.
    The value is encrypted. It is never shown to other participants; matching
    and aggregate reports (groups of ``REPORT_MIN_GROUP_SIZE`` or more) use it.
    """

    class Kind(models.TextChoices):
        GENERATION = "generation", "Generation or age band"
        GENDER = "gender", "Gender"
        BACKGROUND = "background", "Background"

    class Generation(models.TextChoices):
        GEN_Z = "gen_z", "Generation Z (born 1997–2012)"
        MILLENNIAL = "millennial", "Millennial (born 1981–1996)"
        GEN_X = "gen_x", "Generation X (born 1965–1980)"
        BOOMER = "boomer", "Baby boomer (born 1946–1964)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="self_descriptions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # generation: one of Generation; gender: the person's own words;
    # background: comma-separated tags in the person's own words.
    value = EncryptedTextField()
    consented_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="selfdescription_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"

    @property
    def display_value(self) -> str:
        if self.kind == self.Kind.GENERATION:
            return self.Generation(self.value).label if self.value in self.Generation else ""
        return self.value

    @property
    def tags(self) -> list[str]:
        return [tag.strip() for tag in self.value.split(",") if tag.strip()]


class ImportUpload(TwowayModel):
    """An HR file uploaded on the import page, kept from upload to review to apply.

    The file's bytes are only kept while the upload waits for review: applying
    or discarding it clears ``content`` and ``review``, so HR data does not
    linger here, and ``twoway purge_import_uploads`` deletes uploads left
    waiting. The file is checked once when uploaded (and again when its
    mapping changes or on request); the review page shows ``review``, the
    stored result of that check, without reading the file again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPLIED = "applied", "Imported"
        DISCARDED = "discarded", "Discarded"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField(default=0)
    mark_leavers = models.BooleanField(default=False)
    # Canonical import column -> file header, chosen on the review page.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    # Counts and error lines of the applied import (capped, see people.importing).
    result = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # The last dry run of the pending file (ImportReport.as_review) and when it ran.
    review = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class PersonChangeQuerySet(AppendOnlyQuerySet["PersonChange"]):
    pass


class PersonChange(AppendOnlyModel):
    """A change of a person's level, job title or department, from the day it took effect.

    Written by the HR import, never changed or deleted (it goes with the person).
    A person the import creates gets one row per detail the file gives them,
    with the old value empty, so that every person's history starts somewhere.

    A level is kept as numbers (``old_level``, ``new_level``), so that a
    promotion (a higher level) is a comparison in the database. A job title
    and a department are kept as text, the department as its path: the
    department someone was in stays readable after it is renamed or deleted,
    and history never holds up deleting one.
    """

    class Field(models.TextChoices):
        LEVEL = "level", "Level"
        JOB_TITLE = "job_title", "Job title"
        DEPARTMENT = "department", "Department"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=16, choices=Field.choices)
    # Level rows only; None is "no level".
    old_level = models.PositiveSmallIntegerField(null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(null=True, blank=True)
    # Job title and department rows only; "" is "none".
    old_value = models.CharField(max_length=500, blank=True)
    new_value = models.CharField(max_length=500, blank=True)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    # The upload the change came from; None for the command line.
    upload = models.ForeignKey(
        ImportUpload,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_changes",
    )

    append_only_message = "A person's history is append-only"
    objects = PersonChangeQuerySet.as_manager()

    class Meta:
        ordering = ["person", "field", "effective_on", "id"]
        indexes = [
            models.Index(
                fields=["person", "field", "effective_on"], name="personchange_person_field_on"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(field="level", old_value="", new_value="")
                    | (
                        ~models.Q(field="level")
                        & models.Q(old_level__isnull=True, new_level__isnull=True)
                    )
                ),
                name="personchange_values_fit_field",
            ),
        ]

    def __str__(self) -> str:
        old, new = (
            (self.old_level, self.new_level)
            if self.field == self.Field.LEVEL
            else (self.old_value, self.new_value)
        )
        return f"{self.person} · {self.get_field_display()}: {old} → {new} on {self.effective_on}"

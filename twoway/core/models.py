"""Accounts, roles and the audit log: what every other app builds on."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from twoway.core.audit_actions import audit_action_field_choices


def text_max_length(model: type[models.Model], name: str) -> int:
    """The length limit of ``model``'s text field ``name``, so that forms and
    checks refuse what the database would (a field without one is a mistake)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text field with a length limit.")
    return field.max_length


class TwowayModel(models.Model):
    """Base for domain models: an integer key inside, an opaque UUID outside.

    URLs and exports use ``uuid`` so that ids cannot be enumerated; joins and the
    matching engine use the compact integer ``id``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self._create_user(email, password, **extra)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMINISTRATOR, program=None)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractUser):
    """A login. People (employees) live in ``people.Person``; a user may be one."""

    # None removes the inherited field (sign-in is by e-mail); the stubs expect a field.
    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # The stubs type AbstractUser.objects as Django's username-based UserManager.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.email


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    PROGRAM_MANAGER = "program_manager", "Program manager"
    SPONSOR = "sponsor", "Sponsor"
    SAFEGUARDING_CONTACT = "safeguarding_contact", "Safeguarding contact"
    PARTICIPANT = "participant", "Participant"


class RoleGrant(models.Model):
    """One role held by one user.

    Participant is implied by having a person record, so it is never granted.
    A grant without ``program`` is organisation-wide; with one it reads
    "program manager of program P" and reaches that program alone (see
    ``core.roles.user_manages_program``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(program__isnull=True),
                name="rolegrant_unique_per_user",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "program"],
                condition=models.Q(program__isnull=False),
                name="rolegrant_unique_per_program",
            ),
            models.CheckConstraint(
                condition=models.Q(program__isnull=True) | models.Q(role="program_manager"),
                name="rolegrant_only_managers_per_program",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="participant"), name="rolegrant_participant_implied"
            ),
        ]

    def __str__(self) -> str:
        if self.program_id:
            return f"{self.user} is {self.get_role_display()} of {self.program}"
        return f"{self.user} is {self.get_role_display()}"


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted by the application.

    ``save`` only inserts, ``delete`` refuses; the queryset of ``AppendOnlyQuerySet``
    refuses ``update``, ``bulk_update`` and ``delete``. ``bulk_create`` is allowed.
    Deleting what a record points to still works as its ``on_delete`` says:
    Django's deletion collector goes through the plain base manager, not these.
    """

    append_only_message: ClassVar[str] = "These records are append-only"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError(self.append_only_message)


_AppendOnly = TypeVar("_AppendOnly", bound=AppendOnlyModel)


class AppendOnlyQuerySet(models.QuerySet[_AppendOnly]):
    """The queryset of an ``AppendOnlyModel``: no updates, no deletes."""

    def update(self, **kwargs: object) -> int:
        raise TypeError(self.model.append_only_message)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(self.model.append_only_message)


class AuditEventQuerySet(AppendOnlyQuerySet["AuditEvent"]):
    pass


class AuditEvent(AppendOnlyModel):
    """Who changed what, when, with the values before and after.

    Written by services in the same transaction as the change (see
    ``core.audit``). Sensitive contents (self-descriptions, notes) are never
    copied here: only the fact that they changed.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, blank=True)
    # Stored as the code; shown with its sentence (get_action_display).
    action = models.CharField(max_length=64, db_index=True, choices=audit_action_field_choices)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    append_only_message = "The audit log is append-only"
    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.action}"


class RateLimitCounter(models.Model):
    """Hits against one rate limit in its current window (see ``core.throttle``).

    ``key`` is a keyed hash of the scope and the subject (an e-mail address, a
    client address), so the table never holds either in clear. Counting is a
    single ``UPDATE`` in the database, so the limit holds across worker processes.
    """

    key = models.CharField(max_length=64, unique=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.hits} until {self.expires_at:%Y-%m-%d %H:%M}"


class FigureGeneration(models.Model):
    """How many times the data behind a named set of figures has changed (see
    ``core.figures``). Every process that remembers the figures compares this number
    with the one it computed them at, so a change anywhere is seen everywhere."""

    name = models.CharField(max_length=60, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class RememberedFigures(models.Model):
    """Figures computed once for every worker process (see ``core.figures``): the
    value, and the generation and day it was computed for."""

    key = models.CharField(max_length=60, unique=True)
    generation = models.BigIntegerField()
    day = models.DateField()
    value = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key} ({self.generation}, {self.day}, {self.computed_at:%H:%M:%S})"

"""Reads for accounts and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from twoway.core.actors import RequestUser
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, RoleGrant, User
from twoway.core.roles import user_is_admin
from twoway.core.user_names import user_names


@dataclass(frozen=True)
class AuditFilters:
    """What the audit page narrows to, from its GET parameters: ``actor`` a user
    id, ``program`` a program id, ``action`` a code, dates as YYYY-MM-DD."""

    action: str = ""
    actor: str = ""
    program: str = ""
    subject: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> AuditFilters:
        return cls(**{name: str(query.get(name, "")).strip() for name in cls.__dataclass_fields__})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _program_model() -> type[Model]:
    # RoleGrant points to the programs app's model: core reads it by that link only.
    model = RoleGrant._meta.get_field("program").related_model
    assert isinstance(model, type)
    return model


def audit_event_list(
    *, user: RequestUser, filters: AuditFilters | None = None
) -> QuerySet[AuditEvent]:
    """The audit log, newest first; administrators only. A program matches the
    events about it and about what is named after it (its enrollments, its pairs'
    records name it as "… in <program>")."""
    if not user_is_admin(user):
        raise PermissionDenied("Only administrators can read the audit log.")
    filters = filters or AuditFilters()
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor.isdigit():
        events = events.filter(actor_id=int(filters.actor))
    elif filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.subject:
        events = events.filter(
            Q(subject_label__icontains=filters.subject) | Q(subject_id=filters.subject)
        )
    if filters.program.isdigit():
        program = _program_model()._default_manager.filter(pk=int(filters.program)).first()
        if program is None:
            return events.none()
        events = events.filter(
            Q(subject_type=program._meta.label_lower, subject_id=str(program.uuid))  # type: ignore[attr-defined]
            | Q(subject_label__iendswith=f" in {program}")
            | Q(after__program=program.slug)  # type: ignore[attr-defined]
        )
    since, until = _day(filters.since), _day(filters.until)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


class Choice(NamedTuple):
    value: str
    label: str


def audit_actor_choices() -> list[Choice]:
    """Everyone who has an entry in the log, by name (two queries)."""
    ids = list(
        AuditEvent.objects.filter(actor__isnull=False)
        .order_by()
        .values_list("actor_id", flat=True)
        .distinct()
    )
    names = user_names(ids)
    return sorted(
        (Choice(str(pk), name) for pk, name in names.items()), key=lambda c: c.label.casefold()
    )


def audit_program_choices() -> list[Choice]:
    """Every program, by name."""
    rows = _program_model()._default_manager.order_by("name").values_list("pk", "name")
    return [Choice(str(pk), name) for pk, name in rows]


class ActionChoice(NamedTuple):
    code: str
    label: str
    recorded: bool  # False: only older entries have it; Twoway no longer records it


def audit_action_choices() -> list[ActionChoice]:
    """Every kind of audit event, by its sentence, then the codes that only older
    entries carry (no longer in ``AuditAction``), which have no sentence."""
    current = [ActionChoice(code, str(label), True) for code, label in AuditAction.choices]
    current.sort(key=lambda choice: choice.label.casefold())
    older = (
        AuditEvent.objects.exclude(action__in=AuditAction.values)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    return current + [ActionChoice(code, code, False) for code in older]


# --- roles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleHolder:
    grant: RoleGrant
    name: str


@dataclass(frozen=True)
class RoleSection:
    key: str
    title: str
    explanation: str
    holders: list[RoleHolder]


ROLE_SECTIONS = (
    (
        "administrator",
        "Administrators",
        "Manage roles, import people, keep the skills catalogue and read the audit log. "
        "They may also do everything a program manager does.",
    ),
    (
        "program_manager",
        "Program managers of every program",
        "Create programs and run them all: who may join, matching, pairs and their health.",
    ),
    (
        "program_manager_scoped",
        "Program managers of one program",
        "Run the program named beside them, and no other.",
    ),
    (
        "sponsor",
        "Sponsors",
        "Read the figures and outcomes of the programs they sponsor, never who is in them.",
    ),
    (
        "safeguarding_contact",
        "Safeguarding contacts",
        "Read and answer the confidential reports filed through Speak up; no one else "
        "can, administrators included. Never a program manager.",
    ),
)


def role_holders(*, user: RequestUser) -> list[RoleSection]:
    """Everyone holding a role, by role, named (two queries); administrators only."""
    if not user_is_admin(user):
        raise PermissionDenied("Only administrators can see who holds which role.")
    grants = list(
        RoleGrant.objects.select_related("user", "program").order_by("user__email", "program__name")
    )
    names = user_names([g.user_id for g in grants], users=[g.user for g in grants])
    sections: dict[str, list[RoleHolder]] = {key: [] for key, *_ in ROLE_SECTIONS}
    for grant in grants:
        key = "program_manager_scoped" if grant.program_id else grant.role
        if key in sections:
            sections[key].append(RoleHolder(grant, names.get(grant.user_id, grant.user.email)))
    for holders in sections.values():
        holders.sort(key=lambda holder: holder.name.casefold())
    return [RoleSection(key, title, text, sections[key]) for key, title, text in ROLE_SECTIONS]


def role_user_choices() -> list[Choice]:
    """Every active account, as "Name <e-mail>" (two queries): what the grant
    form's list offers."""
    users = list(User.objects.filter(is_active=True).order_by("email"))
    names = user_names([u.pk for u in users], users=users)
    choices = [Choice(u.email, f"{names.get(u.pk, u.email)} <{u.email}>") for u in users]
    return sorted(choices, key=lambda c: c.label.casefold())

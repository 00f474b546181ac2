"""Reads for accounts and the audit log."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from twoway.core.actors import RequestUser
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.core.roles import user_is_admin


def audit_event_list(
    *, user: RequestUser, action: str = "", actor: str = "", subject: str = ""
) -> QuerySet[AuditEvent]:
    """The audit log, newest first; administrators only."""
    if not user_is_admin(user):
        raise PermissionDenied("Only administrators can read the audit log.")
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if subject:
        events = events.filter(Q(subject_label__icontains=subject) | Q(subject_id=subject))
    return events


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

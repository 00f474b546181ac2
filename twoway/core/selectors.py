"""Reads for accounts and the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from twoway.core.actors import RequestUser
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
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if subject:
        events = events.filter(Q(subject_label__icontains=subject) | Q(subject_id=subject))
    return events


def audit_action_choices() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())

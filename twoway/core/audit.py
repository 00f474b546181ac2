"""Writing the audit log. Services call ``audit_record`` inside their transaction,
with a member of ``AuditAction`` (``core.audit_actions``) saying what happened."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, Unpack

from django.db import models, transaction

from twoway.core.actors import Actor, actor_user
from twoway.core.audit_actions import AuditAction
from twoway.core.middleware import current_request_id
from twoway.core.models import AuditEvent

# AuditAction is imported from here by every service that records an event.
__all__ = ["REDACTED", "AuditAction", "audit_event", "audit_record", "diff", "snapshot"]

REDACTED = "[changed]"


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of ``obj`` for the audit log (foreign keys as their id)."""
    result = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = field.attname if isinstance(field, models.ForeignKey) else name
        result[name] = _plain(getattr(obj, attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _not_an_action(action: object) -> str:
    message = f"{action!r} is not an audit action: "
    if action in AuditAction.values:
        return message + f"pass AuditAction.{AuditAction(action).name}, not its code."
    return message + "add it to AuditAction (twoway.core.audit_actions) first."


class AuditSubject(TypedDict, total=False):
    """What an event is about: a model instance, or its type, id and label given
    by hand (an import, a file); and the changed fields before and after."""

    subject: models.Model | None
    subject_type: str
    subject_id: str
    subject_label: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def audit_event(*, actor: Actor, action: AuditAction, **about: Unpack[AuditSubject]) -> AuditEvent:
    """An unsaved audit event (for ``bulk_create`` by bulk services)."""
    if not isinstance(action, AuditAction):
        raise ValueError(_not_an_action(action))
    subject = about.get("subject")
    subject_type = about.get("subject_type", "")
    subject_id = about.get("subject_id", "")
    subject_label = about.get("subject_label", "")
    if subject is not None:
        subject_type = subject._meta.label_lower
        subject_id = str(getattr(subject, "uuid", None) or subject.pk)
        subject_label = str(subject)[:200]
    before, after = about.get("before"), about.get("after")
    user = actor_user(actor)
    return AuditEvent(
        actor=user,
        actor_label=(user.email if user is not None else "")[:254],
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=subject_label[:200],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        request_id=current_request_id(),
    )


def audit_record(*, actor: Actor, action: AuditAction, **about: Unpack[AuditSubject]) -> AuditEvent:
    """Save one audit event; must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the change's transaction")
    event = audit_event(actor=actor, action=action, **about)
    event.save()
    return event

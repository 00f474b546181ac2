"""Writes of the insights app: atomic, keyword-only, actor first, audited.

An anonymous insight is recorded in the audit log without its actor: the log
would otherwise name the author to whoever reads it. The insight keeps its
author for the program's managers, who look it up through
``insight_author_reveal``, itself audited.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.circles.models import CircleSession
from twoway.core.actors import Actor, actor_user
from twoway.core.audit import REDACTED, AuditAction, audit_record
from twoway.insights.models import TEXT_MAX, TITLE_MAX, Insight, InsightAction
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program

# A second click within this time sends the same insight again: it is not a new one.
DOUBLE_SUBMIT = timedelta(minutes=10)

Status = InsightAction.Status


def _words(value: str, name: str, label: str, longest: int) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({name: f"Write {label}."})
    if len(value) > longest:
        raise ValidationError({name: f"Keep {label} to {longest} characters."})
    return value


@transaction.atomic
def insight_raise(
    *,
    actor: Actor,
    person: Person,
    program: Program,
    kind: str,
    title: str,
    text: str,
    anonymous: bool,
    name_shown: bool,
    pair: Pair | None = None,
    meeting: Meeting | None = None,
    session: CircleSession | None = None,
) -> Insight:
    """Raise an insight for the organisation; the same one sent twice is saved once."""
    if kind not in Insight.Kind.values:
        raise ValidationError({"kind": "Choose whether we should start, stop or change something."})
    title = _words(title, "title", "a short title", TITLE_MAX)
    text = _words(text, "text", "what you noticed", TEXT_MAX)
    if anonymous and name_shown:
        raise ValidationError(
            {"name_shown": "An anonymous insight never shows your name: untick one of the two."}
        )
    earlier = Insight.objects.filter(
        program=program,
        author=person,
        title=title,
        text=text,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT,
    ).first()
    if earlier is not None:
        return earlier
    insight = Insight.objects.create(
        program=program,
        author=person,
        kind=kind,
        title=title,
        text=text,
        anonymous=anonymous,
        name_shown=name_shown,
        pair=pair,
        meeting=meeting,
        session=session,
    )
    audit_record(
        actor=None if anonymous else actor,
        action=AuditAction.INSIGHT_RAISE,
        subject=insight,
        after={"program": program.pk, "kind": kind, "anonymous": anonymous},
    )
    return insight


@transaction.atomic
def insight_author_reveal(*, actor: Actor, insight: Insight) -> Person:
    """Who raised an insight, for a program manager: the look is recorded."""
    audit_record(actor=actor, action=AuditAction.INSIGHT_AUTHOR_REVEAL, subject=insight)
    return insight.author


def _check_insights(program: Program, insights: list[Insight]) -> None:
    if not insights:
        raise ValidationError({"insights": "Tick the insights to group first."})
    if any(insight.program_id != program.pk for insight in insights):
        raise ValidationError({"insights": "Those insights are not all from this program."})


@transaction.atomic
def action_create(
    *, actor: Actor, program: Program, title: str, insights: list[Insight]
) -> InsightAction:
    """Group ``insights`` into a new action (a second click returns the first one)."""
    title = _words(title, "title", "a title for the action", TITLE_MAX)
    _check_insights(program, insights)
    ids = {insight.pk for insight in insights}
    earlier = (
        InsightAction.objects.filter(
            program=program,
            title=title,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT,
        )
        .order_by("-created_at")
        .first()
    )
    if earlier is not None and ids <= set(earlier.insights.values_list("pk", flat=True)):
        return earlier
    action = InsightAction.objects.create(
        program=program,
        title=title,
        created_by=actor_user(actor),
        status_changed_at=timezone.now(),
    )
    Insight.objects.filter(pk__in=ids).update(action=action, updated_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.INSIGHT_ACTION_CREATE,
        subject=action,
        after={"title": title, "insights": len(ids)},
    )
    return action


@transaction.atomic
def action_add_insights(*, actor: Actor, action: InsightAction, insights: list[Insight]) -> int:
    """Add ``insights`` to an existing action; returns how many joined it."""
    _check_insights(action.program, insights)
    new = [insight.pk for insight in insights if insight.action_id != action.pk]
    if not new:
        return 0
    Insight.objects.filter(pk__in=new).update(action=action, updated_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.INSIGHT_ACTION_ADD,
        subject=action,
        after={"insights": len(new)},
    )
    return len(new)


def _status_refusal(action: InsightAction, status: str) -> str:
    now = Status(action.status).label.lower()
    wanted = Status(status).label.lower()
    allowed = [Status(s).label.lower() for s in action.TRANSITIONS[action.status]]
    return (
        f"An action {now} cannot move to {wanted} straight away; "
        f"from {now} it can move to {', '.join(allowed)}."
    )


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: InsightAction,
    title: str,
    owner: Person | None,
    owner_team: str,
    status: str,
    what_changed: str,
    link: str,
    wont_do_reason: str,
) -> bool:
    """Change an action: its owner, status and what changed. Returns False when
    nothing changed (sent back as it was)."""
    title = _words(title, "title", "a title for the action", TITLE_MAX)
    owner_team, what_changed = owner_team.strip(), what_changed.strip()
    link, wont_do_reason = link.strip(), wont_do_reason.strip()
    if status not in Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    moving = status != action.status
    if moving and not action.can_move_to(status):
        raise ValidationError({"status": _status_refusal(action, status)})
    if status == Status.DONE and not what_changed:
        raise ValidationError(
            {"what_changed": "Say what changed before marking it done: it is what people read."}
        )
    if status == Status.WONT_DO and not wont_do_reason:
        raise ValidationError(
            {"wont_do_reason": "Say why we won't do it: the people who raised it read the reason."}
        )
    fields = {
        "title": title,
        "owner_id": owner.pk if owner is not None else None,
        "owner_team": owner_team,
        "what_changed": what_changed,
        "link": link,
        "wont_do_reason": wont_do_reason,
    }
    changed = {name: value for name, value in fields.items() if getattr(action, name) != value}
    if not changed and not moving:
        return False
    before_status = action.status
    for name, value in changed.items():
        setattr(action, name, value)
    if moving:
        action.status = status
        action.status_changed_at = timezone.now()
    action.save()
    if changed:
        # The texts are public once shown, but the log keeps only that they changed.
        texts = {"what_changed", "link", "wont_do_reason"}
        audit_record(
            actor=actor,
            action=AuditAction.INSIGHT_ACTION_UPDATE,
            subject=action,
            after={
                name.removesuffix("_id"): REDACTED if name in texts else value
                for name, value in changed.items()
            },
        )
    if moving:
        audit_record(
            actor=actor,
            action=AuditAction.INSIGHT_ACTION_STATUS,
            subject=action,
            before={"status": before_status},
            after={"status": status},
        )
    return True

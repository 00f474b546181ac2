"""Where a pair stands, decided from its meetings: its health status (new, active,
at risk and why) and its completion. These are services (they write the pair's
status and audit it); ``meetings.services`` calls them after each change to a
meeting or a log, and the pairs' own changes reach them through
``pairs.signals`` (``meetings.receivers``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_event, audit_record
from twoway.core.models import AuditEvent
from twoway.meetings.health import health_facts, live_status, pair_risks
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair, Reflection
from twoway.pairs.signals import pair_completed
from twoway.programs.models import Program

# --- health ---------------------------------------------------------------------------


@transaction.atomic
def pair_health_update(*, pairs: Iterable[Pair], now: datetime | None = None) -> int:
    """Bring the status and risk reasons of the live ones of ``pairs`` up to
    date (new until both signed, then active, at risk while a rule says so).
    Returns how many changed; each status change is audited."""
    now = now or timezone.now()
    live = [pair for pair in pairs if pair.status in Pair.LIVE]
    if not live:
        return 0
    facts = health_facts(live, now)
    programs = {pair.program_id: pair.program for pair in live}
    changed, events = [], []
    for pair in live:
        fact = facts[pair.pk]
        risks = pair_risks(fact, programs[pair.program_id], now)
        status = live_status(fact, risks)
        if status == pair.status and risks == pair.risk_reasons:
            continue
        if status != pair.status:
            events.append(
                audit_event(
                    actor=None,
                    action=AuditAction.PAIR_HEALTH,
                    subject=pair,
                    before={"status": pair.status},
                    after={"status": status, "risks": risks},
                )
            )
        pair.status, pair.risk_reasons, pair.updated_at = status, risks, now
        changed.append(pair)
    Pair.objects.bulk_update(changed, ["status", "risk_reasons", "updated_at"], batch_size=500)
    AuditEvent.objects.bulk_create(events)
    return len(changed)


def pairs_health_refresh(*, now: datetime | None = None) -> int:
    """Bring every live pair of the active programs up to date (time passes:
    a pair goes quiet, an agreement stays unsigned). Returns how many changed."""
    live = Pair.objects.filter(
        program__status=Program.Status.ACTIVE, status__in=Pair.LIVE
    ).select_related("program", "mentor", "mentee")
    return pair_health_update(pairs=live, now=now)


# --- completion -----------------------------------------------------------------------


def pair_meetings_logged(pair: Pair) -> int:
    """How many of the pair's meetings both sides have logged."""
    return (
        Meeting.objects.filter(pair=pair, status=Meeting.Status.SCHEDULED)
        .annotate(sides=Count("logs__author", distinct=True))
        .filter(sides__gte=2)
        .count()
    )


@transaction.atomic
def pair_complete_if_done(*, actor: Actor, pair: Pair) -> bool:
    """Complete the pair once its planned meetings are logged by both sides and
    both wrote a closing reflection; ``pair_completed`` then tells recognition
    to award both. True if
    this call completed it (a second call, or a concurrent one, does nothing)."""
    if pair.status not in Pair.LIVE:
        return False
    if pair_meetings_logged(pair) < pair.program.planned_sessions:
        return False
    if Reflection.objects.filter(pair=pair).values("author").distinct().count() < 2:
        return False
    now = timezone.now()
    done = Pair.objects.filter(pk=pair.pk, status__in=Pair.LIVE).update(
        status=Pair.Status.COMPLETED, completed_at=now, risk_reasons=[], updated_at=now
    )
    if not done:
        return False
    before = pair.status
    pair.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.PAIR_COMPLETE,
        subject=pair,
        before={"status": before},
        after={"status": pair.status},
    )
    pair_completed.send(sender=Pair, pair=pair, actor=actor)
    return True

"""Writes about pairs. Each service is atomic, takes ``actor=`` first and is audited.

Pairs from a published run are created in bulk by
``matching.services.match_run_publish``; this module holds the one-by-one
path (self-match) and the rules both share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from twoway.core.audit import audit_record
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program


class PairError(ValidationError):
    """A pair the rules do not allow; the message says why."""


def mentor_capacity_limit(program: Program, offered: int | None) -> int:
    """How many mentees a mentor who offered ``offered`` (their enrollment's
    capacity) may have in ``program``: what they offered, within the program's limit."""
    return max(1, min(offered or 1, program.mentor_capacity))


def mentor_capacity(program: Program, mentor: Person | int) -> int:
    """How many mentees ``mentor`` (a person or their id) may have in ``program``."""
    capacity = (
        Enrollment.objects.filter(program=program, person=mentor)
        .values_list("capacity", flat=True)
        .first()
    )
    return mentor_capacity_limit(program, capacity)


def pair_room_problem(*, program: Program, mentor: Person, mentee: Person) -> str:
    """Why ``mentor`` and ``mentee`` cannot start a new pair now ("" if they can)."""
    live = Pair.objects.filter(program=program, status__in=Pair.LIVE)
    if Pair.objects.filter(program=program, mentor=mentor, mentee=mentee).exists():
        return f"{mentor.name} and {mentee.name} are already a pair in this program."
    if live.filter(mentee=mentee).exists():
        return f"{mentee.name} already has a mentor in this program."
    capacity = mentor_capacity(program, mentor)
    if live.filter(mentor=mentor).count() >= capacity:
        return (
            f"{mentor.name} already has {capacity} "
            f"{'mentee' if capacity == 1 else 'mentees'}, as many as they can take."
        )
    return ""


@transaction.atomic
def pair_create(
    *,
    actor: Any,
    program: Program,
    mentor: Person,
    mentee: Person,
    origin: str,
    score: float | None = None,
    breakdown: Mapping[str, float] | None = None,
    reasons: Mapping[str, Any] | None = None,
) -> Pair:
    """Start one pair now, if both still have room (the caller checked the actor)."""
    # Lock both enrollments so that two pairs for the same people are decided in turn.
    list(
        Enrollment.objects.select_for_update()
        .filter(program=program, person__in=[mentor, mentee])
        .values_list("pk", flat=True)
    )
    problem = pair_room_problem(program=program, mentor=mentor, mentee=mentee)
    if problem:
        raise PairError(problem)
    try:
        with transaction.atomic():
            pair = Pair.objects.create(
                program=program,
                mentor=mentor,
                mentee=mentee,
                origin=origin,
                status=Pair.Status.NEW,
                published_at=timezone.now(),
                score=score,
                breakdown=dict(breakdown or {}),
                reasons=dict(reasons or {}),
                notified_at=timezone.now(),
            )
    except IntegrityError:
        raise PairError(f"{mentee.name} already has a mentor in this program.") from None
    audit_record(
        actor=actor,
        action="pair.create",
        subject=pair,
        after={"origin": origin, "mentor": str(mentor.uuid), "mentee": str(mentee.uuid)},
    )
    return pair

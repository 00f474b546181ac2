"""When a pair is at risk, and why: one rule set, read by the health board,
the status update and the reminders.

``pair_risks`` is a pure function of a pair's facts; ``health_facts`` gathers
the facts of many pairs in three queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Q

from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Agreement, Pair
from twoway.programs.models import Program

# Ratings at or above this are fine; the mean of the last ``RATINGS_SEEN`` below it is a risk.
RATING_FLOOR = 3
RATINGS_SEEN = 3


@dataclass
class Facts:
    """What the health rules look at, for one pair."""

    published_at: datetime | None
    signed: bool
    last_met: datetime | None = None  # the start of the latest meeting held
    # Meetings already started or cancelled, in start order: the side that
    # cancelled ("mentor" / "mentee"), or "" for one that took place.
    outcomes: list[str] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)  # in the order they were logged


def pair_risks(facts: Facts, program: Program, now: datetime) -> list[str]:
    """Why the pair is at risk, in words a program manager reads; [] if it is not."""
    risks = []
    start = facts.published_at or now
    if not facts.signed:
        days = (now - start).days
        if days >= program.risk_days_unsigned:
            risks.append(f"Agreement unsigned {days} days after the match")
    since = max(start, facts.last_met) if facts.last_met else start
    weeks = (now - since) // timedelta(weeks=1)
    if weeks >= program.risk_weeks_without_meeting:
        risks.append(
            f"No meeting for {weeks} weeks"
            if facts.last_met
            else f"No meeting in the {weeks} weeks since the match"
        )
    last_two = facts.outcomes[-2:]
    if len(last_two) == 2 and last_two[0] and last_two[0] == last_two[1]:
        risks.append(f"The {last_two[0]} cancelled the last two meetings")
    recent = facts.ratings[-RATINGS_SEEN:]
    if recent and sum(recent) / len(recent) < RATING_FLOOR:
        mean = sum(recent) / len(recent)
        risks.append(f"Ratings fell to {mean:.1f} out of 5")
    return risks


def live_status(facts: Facts, risks: list[str]) -> str:
    """The status of a running pair: at risk while a rule says so, else active
    once both signed, else new."""
    if risks:
        return Pair.Status.AT_RISK
    return Pair.Status.ACTIVE if facts.signed else Pair.Status.NEW


def health_facts(pairs: Iterable[Pair], now: datetime) -> dict[int, Facts]:
    """The facts of ``pairs`` (their agreements selected or not), keyed by pair id."""
    pairs = list(pairs)
    ids = [pair.pk for pair in pairs]
    signed = set(
        Agreement.objects.filter(
            pair_id__in=ids, mentor_signed=F("version"), mentee_signed=F("version")
        ).values_list("pair_id", flat=True)
    )
    facts = {
        pair.pk: Facts(published_at=pair.published_at or pair.created_at, signed=pair.pk in signed)
        for pair in pairs
    }
    meetings = (
        Meeting.objects.filter(pair_id__in=ids)
        .filter(Q(starts_at__lte=now) | Q(status=Meeting.Status.CANCELLED))
        .order_by("starts_at", "id")
        .values_list("pair_id", "starts_at", "status", "cancelled_side")
    )
    for pair_id, starts_at, status, side in meetings:
        fact = facts[pair_id]
        if status == Meeting.Status.CANCELLED:
            fact.outcomes.append(side or "manager")
        else:
            fact.outcomes.append("")
            fact.last_met = starts_at
    ratings: dict[int, list[int]] = defaultdict(list)
    for pair_id, rating in (
        MeetingLog.objects.filter(meeting__pair_id__in=ids)
        .order_by("created_at", "id")
        .values_list("meeting__pair_id", "rating")
    ):
        ratings[pair_id].append(rating)
    for pair_id, values in ratings.items():
        facts[pair_id].ratings = values
    return facts

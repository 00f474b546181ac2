"""A program at a glance, for its sponsor: how its pairs are doing, meetings held
against planned, the check-in average, and the outcome headline with its
retention chart.

``program_glance_list`` reads any number of programs in a fixed number of
queries (pairs, the health rules' three, check-ins); the check-in average is
shown only when at least ``REPORT_MIN_GROUP_SIZE`` check-ins were answered.
The outcome report is the one the outcomes app keeps for list pages (made at
most every 15 minutes per program).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count

from twoway.core.actors import Actor, actor_user
from twoway.core.small_groups import is_small, min_group_size
from twoway.meetings.health import health_facts, live_status, pair_risks
from twoway.outcomes.charts import retention_chart
from twoway.outcomes.selectors import outcomes_visible, program_outcomes_today
from twoway.outcomes.text import headline
from twoway.pairs.models import Pair, PulseCheckin
from twoway.programs.models import Program


@dataclass(frozen=True)
class ProgramGlance:
    program: Program
    pairs: int
    by_status: dict[str, int]  # Pair.Status values, as the health rules find them now
    held: int  # meetings that took place
    planned: int  # planned sessions of the pairs not ended early
    checkins_answered: int
    checkin_average: float | None  # None while fewer than k check-ins were answered
    k: int

    @property
    def active(self) -> int:
        return self.by_status[Pair.Status.ACTIVE] + self.by_status[Pair.Status.NEW]

    @property
    def at_risk(self) -> int:
        return self.by_status[Pair.Status.AT_RISK]

    @property
    def completed(self) -> int:
        return self.by_status[Pair.Status.COMPLETED]

    @property
    def ended(self) -> int:
        return self.by_status[Pair.Status.ENDED]

    @property
    def held_percent(self) -> int | None:
        return round(100 * self.held / self.planned) if self.planned else None


@dataclass(frozen=True)
class ProgramOutcomeGlance:
    headline: str
    retention_svg: str  # "" when the report has no retention figures to draw
    retention_description: str


def program_glance_list(*, programs: Sequence[Program], now: datetime) -> list[ProgramGlance]:
    """Each of ``programs`` at a glance, in their order (five queries in all)."""
    ids = [program.pk for program in programs]
    pairs = list(Pair.objects.filter(program_id__in=ids).order_by("id"))
    facts = health_facts(pairs, now)
    by_program: dict[int, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_program[pair.program_id].append(pair)
    answered: dict[int, tuple[int, float | None]] = {
        program_id: (n, mean)
        for program_id, n, mean in PulseCheckin.objects.filter(
            pair__program_id__in=ids, answered_at__isnull=False
        )
        .values("pair__program_id")
        .annotate(n=Count("id"), mean=Avg("quality"))
        .values_list("pair__program_id", "n", "mean")
    }
    k = min_group_size()
    result = []
    for program in programs:
        statuses: Counter[str] = Counter()
        held = 0
        for pair in by_program[program.pk]:
            fact = facts[pair.pk]
            if pair.is_live:
                statuses[live_status(fact, pair_risks(fact, program, now))] += 1
            else:
                statuses[pair.status] += 1
            held += fact.outcomes.count("")
        counted = sum(1 for pair in by_program[program.pk] if pair.status != Pair.Status.ENDED)
        count, mean = answered.get(program.pk, (0, None))
        result.append(
            ProgramGlance(
                program=program,
                pairs=len(by_program[program.pk]),
                by_status={status: statuses[status] for status in Pair.Status.values},
                held=held,
                planned=program.planned_sessions * counted,
                checkins_answered=count,
                checkin_average=None if is_small(count, k) or mean is None else round(mean, 1),
                k=k,
            )
        )
    return result


def program_outcome_glance(*, user: Actor, program: Program) -> ProgramOutcomeGlance | None:
    """The outcome headline and retention chart of ``program``; None for a user
    who may not read its outcomes, or a program not under way yet."""
    if program.status == Program.Status.DRAFT or not outcomes_visible(user, program):
        return None
    report = program_outcomes_today(program=program)
    chart = retention_chart(report)
    return ProgramOutcomeGlance(
        headline=headline(report),
        retention_svg=chart.svg() if chart is not None else "",
        retention_description=chart.description if chart is not None else "",
    )


@dataclass(frozen=True)
class SponsorGlance:
    glance: ProgramGlance
    outcome: ProgramOutcomeGlance | None


def sponsor_glances(
    *, user: Actor, now: datetime, limit: int, outcomes: int
) -> list[SponsorGlance]:
    """The programs ``user`` sponsors (not drafts), newest first, at a glance; the
    first ``outcomes`` of them with their outcome headline and retention chart."""
    account = actor_user(user)
    if account is None:
        return []
    programs = list(
        Program.objects.filter(sponsor=account)
        .exclude(status=Program.Status.DRAFT)
        .order_by("-created_at", "name")[:limit]
    )
    return [
        SponsorGlance(
            glance,
            program_outcome_glance(user=user, program=glance.program) if i < outcomes else None,
        )
        for i, glance in enumerate(program_glance_list(programs=programs, now=now))
    ]

"""How a program's pairs stood week by week: new, active, at risk, completed, ended.

No table keeps a pair's status over time, and none is needed: the pair's own
dates say when it was published, signed, completed or ended, and every change
between new, active and at risk is in the audit log (``pair.health`` events,
written by ``meetings.progress.pair_health_update`` with the status after the
change). ``pair_timelines`` gathers both in two queries; ``weekly_counts`` is a
pure function of the timelines, counting each pair's status at the end of each
week (at ``now`` for the week still running).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent
from twoway.pairs.models import Pair

STATUSES: tuple[str, ...] = (
    Pair.Status.NEW,
    Pair.Status.ACTIVE,
    Pair.Status.AT_RISK,
    Pair.Status.COMPLETED,
    Pair.Status.ENDED,
)
FINAL = (Pair.Status.COMPLETED, Pair.Status.ENDED)
MAX_WEEKS = 52  # the chart shows the most recent year at most


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    status: str


@dataclass(frozen=True)
class WeekCount:
    starts_on: dt.date  # the Monday the week starts
    counts: Mapping[str, int]  # status -> pairs, every status present

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_order(self) -> list[int]:
        """The counts in the order of ``STATUSES`` (the table's columns)."""
        return [self.counts.get(status, 0) for status in STATUSES]


def status_at(changes: list[Change], moment: dt.datetime) -> str | None:
    """The status in force at ``moment`` (None before the pair was published).
    ``changes`` are in time order; a completed or ended pair stays so."""
    status = None
    for change in changes:
        if change.at > moment:
            break
        if status in FINAL:
            break
        status = change.status
    return status


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_counts(
    timelines: Mapping[int, list[Change]], *, now: dt.datetime, tz: dt.tzinfo
) -> list[WeekCount]:
    """Each week's count of pairs by status, from the week of the first
    publication to the week of ``now``, counted at the end of each week.

    >>> utc = dt.timezone.utc
    >>> t = lambda d: dt.datetime(2026, 3, d, 9, tzinfo=utc)
    >>> lines = {1: [Change(t(2), "new"), Change(t(5), "active")], 2: [Change(t(10), "new")]}
    >>> [(w.starts_on.day, w.counts["new"], w.counts["active"])
    ...  for w in weekly_counts(lines, now=t(11), tz=utc)]
    [(2, 0, 1), (9, 1, 1)]
    """
    starts = [changes[0].at for changes in timelines.values() if changes]
    if not starts:
        return []
    first = _monday(timezone.localtime(min(starts), tz).date())
    last = _monday(timezone.localtime(now, tz).date())
    weeks = (last - first).days // 7 + 1
    if weeks > MAX_WEEKS:
        first += dt.timedelta(weeks=weeks - MAX_WEEKS)
        weeks = MAX_WEEKS
    rows = []
    for n in range(weeks):
        monday = first + dt.timedelta(weeks=n)
        end = dt.datetime.combine(monday + dt.timedelta(weeks=1), dt.time(), tzinfo=tz)
        moment = min(end - dt.timedelta(microseconds=1), now)
        counted = Counter(status_at(changes, moment) for changes in timelines.values())
        rows.append(WeekCount(monday, {status: counted[status] for status in STATUSES}))
    return rows


def pair_timelines(
    pairs: Iterable[Pair], *, now: dt.datetime, current: Mapping[int, str] | None = None
) -> dict[int, list[Change]]:
    """Each pair's changes of status, in time order, keyed by pair id.

    ``current`` (pair id -> status as the health rules find it at ``now``) ends a
    timeline whose recorded changes end elsewhere (the daily refresh has not run
    yet, say), so that this week's count agrees with the board's table.
    """
    pairs = list(pairs)
    by_uuid = {str(pair.uuid): pair.pk for pair in pairs}
    timelines: dict[int, list[Change]] = {}
    for pair in pairs:
        start = pair.published_at or pair.created_at
        changes = [Change(start, Pair.Status.NEW)]
        if pair.signed_at:
            changes.append(Change(max(pair.signed_at, start), Pair.Status.ACTIVE))
        if pair.completed_at:
            changes.append(Change(max(pair.completed_at, start), Pair.Status.COMPLETED))
        if pair.ended_at:
            changes.append(Change(max(pair.ended_at, start), Pair.Status.ENDED))
        timelines[pair.pk] = changes
    events = AuditEvent.objects.filter(
        action=AuditAction.PAIR_HEALTH,
        subject_type=Pair._meta.label_lower,
        subject_id__in=list(by_uuid),
    ).values_list("subject_id", "at", "after")
    for subject_id, at, after in events:
        status = (after or {}).get("status")
        if status in STATUSES:
            pk = by_uuid[subject_id]
            timelines[pk].append(Change(max(at, timelines[pk][0].at), status))
    for pk, changes in timelines.items():
        changes.sort(key=lambda change: (change.at, change.status in FINAL))
        now_status = (current or {}).get(pk)
        if now_status and status_at(changes, now) != now_status:
            changes.append(Change(max(now, changes[-1].at), now_status))
    return timelines

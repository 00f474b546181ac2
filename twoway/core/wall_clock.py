"""Local wall-clock times made instants: a meeting, a circle's session or a social is
planned at "12:30 in Europe/London" and stored in UTC with its zone."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta


class SkippedTime(ValueError):
    """A local time the clocks skip (the spring-forward gap); the message names the day."""


def wall_clock_series(
    starts_at_local: datetime, time_zone: str, *, every_weeks: int = 0, count: int = 1
) -> list[datetime]:
    """The UTC instants of ``count`` times ``every_weeks`` apart at the same local
    wall-clock time in ``time_zone``; raises ``SkippedTime`` for one the clocks skip."""
    zone = zoneinfo.ZoneInfo(time_zone)
    starts = []
    for index in range(count):
        local = starts_at_local + timedelta(weeks=every_weeks * index)
        instant = local.replace(tzinfo=zone).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) != local:
            raise SkippedTime(
                f"{local:%H:%M} does not exist on {local:%A} {local.day} {local:%B %Y} "
                f"in {time_zone}: the clocks go forward then. Pick another time."
            )
        starts.append(instant)
    return starts

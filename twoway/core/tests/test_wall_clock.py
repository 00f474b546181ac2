"""Local wall-clock times become instants, and a time the clocks skip is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from twoway.core.wall_clock import SkippedTime, wall_clock_series


def test_a_series_keeps_the_local_time_across_the_change_of_clocks():
    # 12:30 in London: 12:30 UTC in winter, 11:30 UTC once the clocks go forward.
    starts = wall_clock_series(
        datetime(2027, 3, 14, 12, 30), "Europe/London", every_weeks=2, count=2
    )
    assert starts == [
        datetime(2027, 3, 14, 12, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 11, 30, tzinfo=UTC),
    ]


def test_a_time_the_clocks_skip_is_refused_naming_the_day():
    with pytest.raises(SkippedTime, match="01:30 does not exist on Sunday 28 March 2027"):
        wall_clock_series(datetime(2027, 3, 28, 1, 30), "Europe/London")

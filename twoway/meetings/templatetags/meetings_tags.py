"""Meeting times as people read them: in the zone the meeting was planned in."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django import template

from twoway.meetings.models import Meeting

register = template.Library()


def _local(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone))


def meeting_span(meeting: Meeting, time_zone: str, zone_label: str) -> str:
    """ "Tuesday 14 October 2025, 10:00–11:00 (``zone_label``)", in ``time_zone``;
    the page and the invite e-mail both say it this way."""
    starts = _local(meeting.starts_at, time_zone)
    ends = _local(meeting.ends_at, time_zone)
    return f"{starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M}–{ends:%H:%M} ({zone_label})"


@register.filter
def meeting_when(meeting: Meeting) -> str:
    """ "Tuesday 14 October 2025, 10:00–11:00 (Europe/London)"."""
    return meeting_span(meeting, meeting.time_zone, meeting.time_zone.replace("_", " "))


@register.filter
def moment_in(moment: datetime | None, time_zone: str) -> str:
    """A moment of the ledger in the meeting's zone: "Tue 14 Oct 2025, 10:00"."""
    if moment is None:
        return ""
    local = _local(moment, time_zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


@register.filter
def meeting_day(meeting: Meeting) -> str:
    """ "Tue 14 Oct 2025, 10:00"."""
    return moment_in(meeting.starts_at, meeting.time_zone)

"""Event times as people read them: in the zone the event was planned in.
They read anything with ``starts_at``, ``ends_at`` and ``time_zone``: an event,
or a circle session on the same list."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import template

register = template.Library()


@register.filter
def event_when(item: Any) -> str:
    """ "Friday 18 June 2027, 12:00–14:00 (Europe/London)"."""
    zone = zoneinfo.ZoneInfo(item.time_zone)
    starts, ends = item.starts_at.astimezone(zone), item.ends_at.astimezone(zone)
    label = item.time_zone.replace("_", " ")
    return f"{starts:%A} {starts.day} {starts:%B %Y}, {starts:%H:%M}–{ends:%H:%M} ({label})"


@register.filter
def event_day(item: Any) -> str:
    """ "Fri 18 Jun, 12:00"."""
    starts = item.starts_at.astimezone(zoneinfo.ZoneInfo(item.time_zone))
    return f"{starts:%a} {starts.day} {starts:%b}, {starts:%H:%M}"

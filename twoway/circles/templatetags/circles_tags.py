"""How a circle's pages say a session's time."""

from __future__ import annotations

import zoneinfo

from django import template

from twoway.circles.models import CircleSession
from twoway.circles.selectors import session_span

register = template.Library()


@register.filter
def session_when(session: CircleSession) -> str:
    """ "Tuesday 14 October 2025, 10:00–11:00 (Europe/London)"."""
    return session_span(session)


@register.filter
def session_day(session: CircleSession) -> str:
    """ "Tue 14 Oct 2025, 10:00", in the session's zone."""
    local = session.starts_at.astimezone(zoneinfo.ZoneInfo(session.time_zone))
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"

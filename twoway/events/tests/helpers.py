"""Events for tests, made through the services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from twoway.core.actors import Actor
from twoway.events.models import Event
from twoway.events.services import event_create, event_update


def new_event(actor: Actor = None, *, days: int = 10, **fields: Any) -> Event:
    """An event ``days`` from now at 12:00 London time, for everyone unless
    ``programs`` are given."""
    day = timezone.localdate() + dt.timedelta(days=days)
    fields.setdefault("title", "Lunch across generations")
    fields.setdefault("description", "")
    fields.setdefault("starts_at_local", dt.datetime.combine(day, dt.time(12, 0)))
    fields.setdefault("time_zone", "Europe/London")
    fields.setdefault("duration_minutes", 90)
    fields.setdefault("place", "Head office, 5th floor")
    fields.setdefault("capacity", None)
    fields.setdefault("programs", [])
    fields.setdefault("everyone", not fields["programs"])
    fields.setdefault("seated", False)
    fields.setdefault("table_size", 8)
    return event_create(actor=actor, **fields)


def edit(event: Event, actor: Actor, **changes: Any) -> Event:
    """``event_update`` with the event's own values, and ``changes`` over them."""
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).replace(tzinfo=None)
    fields: dict[str, Any] = {
        "title": event.title,
        "description": event.description,
        "starts_at_local": local,
        "time_zone": event.time_zone,
        "duration_minutes": event.duration_minutes,
        "place": event.place,
        "capacity": event.capacity,
        "everyone": event.everyone,
        "programs": list(event.programs.all()),
        "seated": event.seated,
        "table_size": event.table_size,
    }
    return event_update(actor=actor, event=event, **{**fields, **changes})

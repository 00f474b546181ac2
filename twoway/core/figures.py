"""Figures worth remembering: organisation-wide counts that are slow to compute and
change rarely (how many people offer each skill, across a million entries).

``figures_remember(source, key, compute)`` returns ``compute()`` (plain JSON data),
computed by one process and kept for all of them in ``RememberedFigures``, and in
each process's memory. The figures are computed again when:

- the data of ``source`` changed: a service that changes it calls
  ``figures_changed(source)`` in its transaction, one ``UPDATE`` of the source's
  generation number that commits with the change itself (so no process can see the
  new number with the old data). To keep a busy day of profile edits from counting
  a million rows after each one, figures younger than ``FIGURES_REFRESH_SECONDS``
  (setting; 30 by default, 0 to see every change at once) are served after a change;
- the day changed (who is "current" depends on the date);
- ``MAX_AGE`` passed: a safety net for changes made without saying so (by hand in
  the database or the admin).

Every read asks the generation number (one indexed query); a process whose copy is
current asks nothing else.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from twoway.core.models import FigureGeneration, RememberedFigures

MAX_AGE = dt.timedelta(minutes=15)

# The data behind the directory's figures: people (who is current) and their skills.
DIRECTORY = "directory"


@dataclass(frozen=True)
class _Copy:
    generation: int
    day: dt.date
    computed_at: dt.datetime
    value: Any


_copies: dict[str, _Copy] = {}
_lock = threading.Lock()


def _generation(source: str) -> int:
    value = FigureGeneration.objects.filter(name=source).values_list("value", flat=True).first()
    return value or 0


def _usable(copy: _Copy | None, generation: int, today: dt.date, now: dt.datetime) -> bool:
    if copy is None or copy.day != today or now - copy.computed_at >= MAX_AGE:
        return False
    if copy.generation == generation:
        return True
    refresh = dt.timedelta(seconds=settings.FIGURES_REFRESH_SECONDS)
    return now - copy.computed_at < refresh


def figures_remember(source: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it returned before if still good (see the module)."""
    generation, today, now = _generation(source), timezone.localdate(), timezone.now()
    with _lock:
        mine = _copies.get(key)
    if mine is not None and mine.generation == generation and _usable(mine, generation, today, now):
        return mine.value
    stored = RememberedFigures.objects.filter(key=key).first()
    shared = (
        _Copy(stored.generation, stored.day, stored.computed_at, stored.value) if stored else None
    )
    if shared is None or not _usable(shared, generation, today, now):
        shared = _Copy(generation, today, now, compute())
        _store(key, shared)
    with _lock:
        _copies[key] = shared
    return shared.value


def _store(key: str, copy: _Copy) -> None:
    values = {
        "generation": copy.generation,
        "day": copy.day,
        "value": copy.value,
        "computed_at": copy.computed_at,
    }
    try:
        with transaction.atomic():
            if not RememberedFigures.objects.filter(key=key).update(**values):
                RememberedFigures.objects.create(key=key, **values)
    except IntegrityError:
        pass  # another process stored the same figures first


def figures_changed(source: str) -> None:
    """The data of ``source`` changed (call it in the changing transaction)."""
    if not FigureGeneration.objects.filter(name=source).update(value=F("value") + 1):
        FigureGeneration.objects.get_or_create(name=source, defaults={"value": 1})


def figures_forget() -> None:
    """Drop what this process remembers (the test suite, between tests)."""
    with _lock:
        _copies.clear()

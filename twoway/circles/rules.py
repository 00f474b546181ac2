"""The circles' rules, without the database: which side a person sits on, which
topic a session takes, and who presents it.

- **Sides.** People join a circles program as mentor or mentee, like any
  program. As in reverse mentoring, the seniors are the ones who come to learn
  (mentees) and the juniors the ones who bring what they know (mentors).
  Someone enrolled as both, or without a role, sits on the side their level
  gives: at or above the middle level of the people enrolled, senior.
- **Topics** follow the program's list in order, one per session; once the
  list has run out, a session's topic is the circle's choice.
- **Presenters** take turns: everyone in the circle presents once before
  anyone presents twice, and within each round the sides alternate, junior,
  senior, junior…, for as long as both sides have someone still to present.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from twoway.circles.models import Side

OPEN_TOPIC = "Open session: the circle chooses its topic"
TOPIC_MAX = 200

# Enrollment roles (``programs.Enrollment.Role``) and the side each gives.
ROLE_SIDES: Mapping[str, str] = {"mentee": Side.SENIOR, "mentor": Side.JUNIOR}


def topics_clean(topics: Sequence[str]) -> list[str]:
    """A topic list as the sessions use it: trimmed, without blanks or repeats,
    each cut to what a session's topic holds."""
    cleaned: list[str] = []
    for topic in topics:
        text = " ".join((topic or "").split())[:TOPIC_MAX]
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def session_topic(topics: Sequence[str], number: int) -> str:
    """The topic of session ``number`` (1, 2, …) from the list ``topics``."""
    cleaned = topics_clean(topics)
    if 1 <= number <= len(cleaned):
        return cleaned[number - 1]
    return OPEN_TOPIC


def sides_for(enrolled: Sequence[tuple[int, str, int | None]]) -> dict[int, str]:
    """Each person's side from (person id, enrollment role, level): mentees are
    seniors, mentors juniors; anyone else by level against the middle level
    of everyone enrolled (at or above it: senior; no level: junior)."""
    levels = [level for _pid, _role, level in enrolled if level is not None]
    middle = statistics.median(levels) if levels else None
    sides: dict[int, str] = {}
    for person_id, role, level in enrolled:
        side = ROLE_SIDES.get(role)
        if side is None:
            senior = middle is not None and level is not None and level >= middle
            side = Side.SENIOR if senior else Side.JUNIOR
        sides[person_id] = side
    return sides


@dataclass(frozen=True)
class Turn:
    person_id: int
    side: str


def presenter_turns(
    members: Sequence[tuple[int, str]],
    count: int,
    *,
    presented: Mapping[int, int] | None = None,
    last_side: str = "",
) -> list[Turn]:
    """The next ``count`` presenters among ``members`` ((person id, side), in
    the circle's order). ``presented`` counts the turns each already had (the
    circle's earlier sessions) and ``last_side`` is the side of the last one;
    the first turn of a new circle goes to a junior."""
    if not members:
        return []
    counts = {person_id: 0 for person_id, _side in members}
    for person_id, done in (presented or {}).items():
        if person_id in counts:
            counts[person_id] = done
    order = {person_id: index for index, (person_id, _side) in enumerate(members)}
    side_of = dict(members)
    turns: list[Turn] = []
    last = last_side
    for _ in range(count):
        fewest = min(counts.values())
        waiting = [person_id for person_id in counts if counts[person_id] == fewest]
        wanted = Side.SENIOR if last == Side.JUNIOR else Side.JUNIOR
        preferred = [person_id for person_id in waiting if side_of[person_id] == wanted]
        chosen = min(preferred or waiting, key=order.__getitem__)
        counts[chosen] += 1
        last = side_of[chosen]
        turns.append(Turn(person_id=chosen, side=last))
    return turns

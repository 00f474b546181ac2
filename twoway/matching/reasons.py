"""What matching keeps of the engine's explanations, and its words for why
someone was left alone or why two people cannot be paired.

The engine explains with numbers (topics with levels, lines crossed, rule
counts); publishing keeps them on each pair as ``reasons`` (``reasons_from``),
and ``pairs.reasons.pair_sentences`` says them in words wherever a pair is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from twoway.engine import MatchedPair, Suggestion
from twoway.pairs.reasons import LINE_WORDS
from twoway.programs.models import Program
from twoway.skills.models import Skill

MAX_TOPICS = 5

UNMATCHED_WORDS = {
    "no_candidate": "nobody is enrolled on the other side",
    "no_shared_topic": (
        "no allowed partner shares a topic (nobody teaches what they want to learn, "
        "or wants what they teach)"
    ),
    "capacity": "had possible partners, but each was a better fit for someone else",
    "not_chosen": "had possible partners, but none chose them",
}
CONSTRAINT_WORDS = {
    "same_person": "themself",
    "reporting_line": "in their reporting line",
    "min_level_gap": "below the level gap",
    "time_zone": "too many time zones away",
    "excluded": "excluded in review",
    "not_in_scores": "not in the given scores",
    "no_shared_topic": "sharing no topic with them",
}
CHECK_WORDS = {
    "same_person": "{a} cannot be paired with themself",
    "reporting_line": "{a} and {b} are in the same reporting line",
    "min_level_gap": "{a} and {b} are too close in level for this program",
    "time_zone": "{a} and {b} are too many time zones apart",
    "excluded": "{a} and {b} were excluded as a pair",
    "not_in_scores": "{a} and {b} are not a scored pair",
    "no_shared_topic": "{a} and {b} share no topic",
    "unknown": "{a} or {b} is no longer enrolled on that side",
}


def skill_names(ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(Skill.objects.filter(pk__in=wanted).values_list("id", "name"))


def topics_json(pair: MatchedPair | Suggestion) -> dict[str, list]:
    """An engine pair's topics as the ``topics`` JSON kept on a proposal:
    [skill id, teacher level, learner level] rows."""
    return {
        "teaches": [[t.skill, t.teacher_level, t.learner_level] for t in pair.teaches],
        "teaches_back": [[t.skill, t.teacher_level, t.learner_level] for t in pair.teaches_back],
    }


def topic_ids(topics: Mapping[str, Any]) -> set[int]:
    """The skill ids named in a proposal's ``topics`` JSON."""
    return {int(t[0]) for key in ("teaches", "teaches_back") for t in topics.get(key, ())}


def reasons_from(
    topics: Mapping[str, Any], crossed: Sequence[str], names: Mapping[int, str]
) -> dict[str, Any]:
    """A proposal's topics (skill ids) as the ``reasons`` JSON kept on a pair (names)."""

    def words(rows: Iterable[Sequence[int]]) -> list[dict[str, Any]]:
        return [
            {"skill": names.get(int(s), "a topic"), "teacher_level": tl, "learner_level": ll}
            for s, tl, ll in list(rows)[:MAX_TOPICS]
        ]

    return {
        "teaches": words(topics.get("teaches", ())),
        "teaches_back": words(topics.get("teaches_back", ())),
        "crossed": list(crossed),
    }


def constraint_words(name: str) -> str:
    if name.startswith("must_differ:"):
        line = name.split(":", 1)[1]
        return f"in the same {LINE_WORDS.get(line, line)}"
    return CONSTRAINT_WORDS.get(name, name.replace("_", " "))


def check_words(problems: tuple[str, ...], mentor: str, mentee: str) -> str:
    """Why the engine would refuse to pair ``mentor`` and ``mentee`` (the names
    of the checks they fail), in one sentence with their names."""
    parts = []
    for name in problems:
        if name.startswith("must_differ:"):
            line = name.split(":", 1)[1]
            parts.append(f"{mentor} and {mentee} are in the same {line}, which must differ")
        else:
            parts.append(CHECK_WORDS.get(name, name).format(a=mentor, b=mentee))
    return "; ".join(parts)


def unmatched_sentence(reason: str, constraints: Mapping[str, int] | None = None) -> str:
    """E.g. "every possible partner is in their reporting line (12) or below the
    level gap (30)"."""
    if reason == "constraint":
        counts = [
            (name, n) for name, n in (constraints or {}).items() if n and name != "same_person"
        ]
        counts.sort(key=lambda item: (-item[1], item[0]))
        if not counts:
            return "every possible partner is ruled out by the program's rules"
        parts = [f"{constraint_words(name)} ({n})" for name, n in counts]
        return "every possible partner is " + " or ".join(parts)
    return UNMATCHED_WORDS.get(reason, reason.replace("_", " "))


# --- more people on one side than places on the other ------------------------------

# The engine's reasons that mean "someone else got the place": on a side with
# more people than places they are what the numbers make happen.
SUPPLY_REASONS = frozenset({"capacity", "not_chosen"})


@dataclass(frozen=True)
class Supply:
    """One side had more people than the other side had places for them."""

    side: str  # the side with too many people: "mentor" or "mentee"
    people: int
    places: int

    @property
    def left_over(self) -> int:
        return self.people - self.places

    @property
    def other_side(self) -> str:
        return "mentee" if self.side == "mentor" else "mentor"


def supply_gap(*, mentors: int, mentees: int, mentor_places: int | None) -> Supply | None:
    """The side with more people than places on the other side, if any.

    A mentee takes one mentor, so the mentors' places are the mentees; the
    mentees' places are the mentors' capacities (``mentor_places``; None when
    unknown).

    >>> supply_gap(mentors=45, mentees=36, mentor_places=45)
    Supply(side='mentor', people=45, places=36)
    >>> supply_gap(mentors=10, mentees=25, mentor_places=20)
    Supply(side='mentee', people=25, places=20)
    >>> supply_gap(mentors=10, mentees=10, mentor_places=10) is None
    True
    """
    if mentees and mentors > mentees:
        return Supply("mentor", mentors, mentees)
    if mentor_places and mentees > mentor_places:
        return Supply("mentee", mentees, int(mentor_places))
    return None


def _people(n: int, side: str) -> str:
    return f"{n} {side}{'' if n == 1 else 's'}"


def supply_sentence(supply: Supply) -> str:
    """E.g. "45 mentors for 36 mentee places: 9 mentors could not be matched,
    whoever they are"."""
    return (
        f"{_people(supply.people, supply.side)} for {supply.places} {supply.other_side} "
        f"place{'' if supply.places == 1 else 's'}: {_people(supply.left_over, supply.side)} "
        f"could not be matched, whoever they are"
    )


def supply_person_sentence(supply: Supply) -> str:
    """Why one person on the crowded side was left out, in a clause."""
    who = (
        f"the one {supply.side} left over"
        if supply.left_over == 1
        else f"one of the {supply.left_over} {supply.side}s left over"
    )
    return (
        f"{who}: there are {supply.people} {supply.side}s for {supply.places} "
        f"{supply.other_side} place{'' if supply.places == 1 else 's'}, so "
        f"{supply.left_over} could not be matched, whoever they are"
    )


# --- a reverse program's pair that is not reverse mentoring -----------------------------


def not_reverse_sentence(
    *, program: Program, mentor: str, mentee: str, topics: Mapping[str, Any]
) -> str:
    """In a reverse program the junior mentors the senior; a pair where the junior
    has nothing to teach is not reverse mentoring. "" for any other pair."""
    if program.kind != Program.Kind.REVERSE or topics.get("teaches"):
        return ""
    return (
        f"Not reverse mentoring: {mentor} has nothing here to teach {mentee}; only "
        f"{mentee} teaches back. Exclude the pair and run again if the junior must teach."
    )

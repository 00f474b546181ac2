"""Why two people were paired, in words, from the ``reasons`` kept on the pair.

Matching stores each pair's reasons (topics with levels, lines crossed) when it
publishes; this module turns them into sentences. A program's managers read them
about two people: "Maya can teach Richard short-form video for business — Maya
is at 4, Richard at 1". A partner reads them about themself, in the second
person, with each level's meaning and each skill as the catalogue writes it:
"You can teach Richard Short-form video for business: you rated yourself
4 · strong, Richard 1 · new to it." The same words appear on the review page, in
the e-mails, on the preview page and on the pair's page.

There is no gender data to use safely, so a sentence names the partner by their
first name, never "he" or "she".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from twoway.programs.models import LINE_CHOICES, Program
from twoway.skills.models import LEVEL_WORDS

LINE_WORDS = {key: label.lower() for key, label in LINE_CHOICES}
# Lines drawn from consented self-descriptions: participants are never told that
# their partner differs from them on one of these (only managers see it).
PRIVATE_LINES = frozenset({"generation", "gender", "background"})
SIDES = ("mentor", "mentee")


def join_words(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def level_words(level: Any) -> str:
    """A level with its meaning: 4 -> "4 · strong" (the words people chose it by)."""
    word = LEVEL_WORDS.get(level) if isinstance(level, int) else None
    return f"{level} · {word}" if word else str(level)


def _skill_word(name: str) -> str:
    """A skill name inside a manager's sentence: "Negotiation" -> "negotiation";
    a name with capitals of its own inside the first word ("LinkedIn for leaders",
    "AI tools") is kept as the catalogue writes it."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        return name[0].lower() + name[1:]
    return name


def _topic_sentence(teacher: str, learner: str, rows: Sequence[Mapping], back: bool) -> str:
    first, rest = rows[0], rows[1:]
    verb = "can teach back" if back else f"can teach {learner}"
    sentence = (
        f"{teacher} {verb} {_skill_word(first['skill'])} — {teacher} is at "
        f"{first['teacher_level']}, {learner} at {first['learner_level']}"
    )
    if rest:
        sentence += "; also " + join_words([_skill_word(row["skill"]) for row in rest])
    return sentence + "."


def _also(rows: Sequence[Mapping]) -> str:
    """ "; also AI tools and Negotiation" for the topics after the first, as written."""
    return "; also " + join_words([row["skill"] for row in rows]) if rows else ""


def _you_teach(partner: str, rows: Sequence[Mapping]) -> str:
    first = rows[0]
    return (
        f"You can teach {partner} {first['skill']}: you rated yourself "
        f"{level_words(first['teacher_level'])}, {partner} "
        f"{level_words(first['learner_level'])}{_also(rows[1:])}."
    )


def _teaches_you(partner: str, rows: Sequence[Mapping]) -> str:
    first = rows[0]
    return (
        f"{partner} can teach you {first['skill']}: {partner} rated "
        f"{level_words(first['teacher_level'])}, you rated yourself "
        f"{level_words(first['learner_level'])}{_also(rows[1:])}."
    )


def crossed_sentence(crossed: Sequence[str], *, audience: str = "manager") -> str:
    lines = [line for line in crossed if audience == "manager" or line not in PRIVATE_LINES]
    if not lines:
        return ""
    return "Crosses " + join_words([LINE_WORDS.get(line, line) for line in lines]) + "."


def _first_name(name: str) -> str:
    return name.split(" ", 1)[0] if name else name


def reverse_gap_sentence(
    program: Program, reasons: Mapping[str, Any], *, mentor: str = "", reader: str = ""
) -> str:
    """In a reverse program the junior (the mentor) is there to teach: when the
    matching found nothing they teach, say plainly that this pair is not reverse
    mentoring as the program intends; "" otherwise.

    ``reader`` is "" for a program's managers (``mentor`` names the junior if
    given), or the side of the partner reading: "mentor" or "mentee".
    """
    if program.kind != Program.Kind.REVERSE or reasons.get("teaches"):
        return ""
    if reader == "mentor":
        return (
            "In this pair you, the junior, teach nothing the matching knows of, so it is "
            "not reverse mentoring as the program intends: write what you can offer in "
            "the agreement."
        )
    if reader == "mentee":
        name = _first_name(mentor) or "your mentor"
        return (
            f"In this pair {name}, the junior, teaches you nothing the matching knows of, "
            "so it is not reverse mentoring as the program intends: write what you hope "
            f"to learn from {name} in the agreement."
        )
    who = f"the junior ({mentor}, the mentor)" if mentor else "the junior (the mentor)"
    return (
        f"In this pair {who} teaches nothing, so it is not reverse mentoring as the "
        "program intends."
    )


def _participant_sentences(
    *, mentor: str, mentee: str, reasons: Mapping[str, Any], reader: str
) -> list[str]:
    """The reasons said to the partner on ``reader``'s side, about themself."""
    partner = _first_name(mentee if reader == "mentor" else mentor)
    # "teaches" is what the mentor teaches the mentee; "teaches_back" the other way.
    mine, theirs = "teaches", "teaches_back"
    if reader == "mentee":
        mine, theirs = theirs, mine
    sentences = []
    if reasons.get(mine):
        sentences.append(_you_teach(partner, reasons[mine]))
    if reasons.get(theirs):
        sentences.append(_teaches_you(partner, reasons[theirs]))
    lines = [line for line in reasons.get("crossed", ()) if line not in PRIVATE_LINES]
    if lines:
        words = join_words([LINE_WORDS.get(line, line) for line in lines])
        sentences.append(f"You and {partner} come from a different {words}.")
    if not sentences:
        sentences.append(
            f"You and {partner} fit the program's rules and each other's availability."
        )
    return sentences


def pair_sentences(
    *,
    mentor: str,
    mentee: str,
    reasons: Mapping[str, Any],
    audience: str = "manager",
    reader: str = "",
    program: Program | None = None,
) -> list[str]:
    """The reasons as sentences. ``audience`` is "manager" or "participant": a
    participant is not told about lines drawn from self-descriptions. ``reader``
    ("mentor" / "mentee"), for a participant, says it to them in the second
    person. ``program``, if given, adds ``reverse_gap_sentence``."""
    if audience == "participant" and reader in SIDES:
        sentences = _participant_sentences(
            mentor=mentor, mentee=mentee, reasons=reasons, reader=reader
        )
    else:
        sentences = _manager_sentences(
            mentor=mentor, mentee=mentee, reasons=reasons, audience=audience
        )
    if program is not None:
        gap = reverse_gap_sentence(
            program, reasons, mentor=mentor, reader=reader if audience == "participant" else ""
        )
        if gap:
            sentences.append(gap)
    return sentences


def _manager_sentences(
    *, mentor: str, mentee: str, reasons: Mapping[str, Any], audience: str
) -> list[str]:
    sentences = []
    if reasons.get("teaches"):
        sentences.append(_topic_sentence(mentor, mentee, reasons["teaches"], back=False))
    if reasons.get("teaches_back"):
        sentences.append(_topic_sentence(mentee, mentor, reasons["teaches_back"], back=True))
    crossed = crossed_sentence(reasons.get("crossed", ()), audience=audience)
    if crossed:
        sentences.append(crossed)
    if not sentences:
        sentences.append(
            f"{mentor} and {mentee} fit the program's rules and each other's availability."
        )
    return sentences

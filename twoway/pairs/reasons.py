"""Why two people were paired, in words, from the ``reasons`` kept on the pair.

Matching stores each pair's reasons (topics with levels, lines crossed) when it
publishes; this module turns them into sentences with people's names, e.g.
"Maya can teach Richard short-form video for business — Maya is at 4,
Richard at 1". The same words appear on the review page, in the e-mails, on
the preview page and on the pair's page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from twoway.programs.models import LINE_CHOICES

LINE_WORDS = {key: label.lower() for key, label in LINE_CHOICES}
# Lines drawn from consented self-descriptions: participants are never told that
# their partner differs from them on one of these (only managers see it).
PRIVATE_LINES = frozenset({"generation", "gender", "background"})


def join_words(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _skill_word(name: str) -> str:
    """A skill name inside a sentence: "Negotiation" -> "negotiation", "AI tools" stays."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
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


def crossed_sentence(crossed: Sequence[str], *, audience: str = "manager") -> str:
    lines = [line for line in crossed if audience == "manager" or line not in PRIVATE_LINES]
    if not lines:
        return ""
    return "Crosses " + join_words([LINE_WORDS.get(line, line) for line in lines]) + "."


def pair_sentences(
    *, mentor: str, mentee: str, reasons: Mapping[str, Any], audience: str = "manager"
) -> list[str]:
    """The reasons as sentences. ``audience`` is "manager" or "participant": a
    participant is not told about lines drawn from self-descriptions."""
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

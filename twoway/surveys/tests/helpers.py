"""Building a program whose surveys many people answered, for the aggregates."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from twoway.pairs.models import Pair
from twoway.programs.models import Program
from twoway.surveys.models import Survey
from twoway.surveys.services import survey_answer, surveys_create
from twoway.testing.factories import PersonFactory

Answers = Mapping[str, int | str | None]


def pairs_make(program: Program, count: int) -> list[Pair]:
    """``count`` pairs in ``program``, each with a new mentor and mentee."""
    return [
        Pair.objects.create(program=program, mentor=PersonFactory(), mentee=PersonFactory())
        for _ in range(count)
    ]


def answer_all(
    pairs: list[Pair],
    kind: str,
    *,
    mentor: Answers | Callable[[int], Answers] | None = None,
    mentee: Answers | Callable[[int], Answers] | None = None,
) -> None:
    """Send the ``kind`` survey to the pairs; each side answers as given (None: it does not)."""
    surveys_create(pairs=pairs, kind=kind)
    for index, pair in enumerate(pairs):
        for side, given in (("mentor", mentor), ("mentee", mentee)):
            if given is None:
                continue
            answers = given(index) if callable(given) else given
            survey = Survey.objects.get(pair=pair, kind=kind, side=side)
            survey_answer(actor=None, survey=survey, person=survey.person, answers=answers)

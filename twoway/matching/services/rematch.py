"""Pairs people chose rather than the run: the engine's verdict on such a
pair (self-match, re-match), and re-matching the person who stayed when a
pair ended early."""

from __future__ import annotations

from typing import Any, TypedDict

from django.db import transaction

from twoway import engine
from twoway.core.actors import Actor
from twoway.matching.adapters import ProgramProblem, breakdown_json, problem_build
from twoway.matching.reasons import check_words, reasons_from, skill_names, topics_json
from twoway.pairs.models import Pair
from twoway.pairs.services import PairError, pair_create
from twoway.pairs.signals import pairs_published
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.programs.services import program_require_manager

# --- the engine's verdict on a pair people chose ----------------------------------------


def pair_problem(built: ProgramProblem, mentor: Person, mentee: Person) -> str:
    """Why the engine would never pair these two ("" when it would); ``built``
    is the problem around the two of them."""
    if not built.has_pair(mentor.pk, mentee.pk):
        return (
            f"{mentor.name} and {mentee.name} are not both enrolled in this program, "
            "on their sides."
        )
    broken = engine.check_pair(built.problem, mentor.pk, mentee.pk)
    return check_words(tuple(broken), mentor.name, mentee.name) if broken else ""


class PairScore(TypedDict):
    """The engine's verdict on one pair, as ``pair_create`` takes it."""

    score: float
    breakdown: dict[str, float]
    reasons: dict[str, Any]


def pair_scored(program: Program, mentor: Person, mentee: Person) -> PairScore:
    """The engine's verdict on a pair people chose (self-match, re-match): its
    score, breakdown and reasons for ``pair_create``; ``PairError`` saying why
    when the program's rules forbid it or either is not enrolled."""
    built = problem_build(program, only_people={mentor.pk, mentee.pk})
    problem = pair_problem(built, mentor, mentee)
    if problem:
        raise PairError(problem)
    scored = engine.score_pair(built.problem, mentor.pk, mentee.pk)
    names = skill_names(t.skill for t in (*scored.teaches, *scored.teaches_back))
    return {
        "score": float(scored.score),
        "breakdown": breakdown_json(scored.breakdown),
        "reasons": reasons_from(topics_json(scored), scored.crossed, names),
    }


# --- re-matching after a pair ended ------------------------------------------------------

REMATCH_ONLY_ENDED = "Only a pair that one partner ended can be re-matched."


def pair_rematch_side(pair: Pair) -> tuple[Person, str] | None:
    """Who stayed when ``pair`` ended and their side, or None when the person
    who ended it is unknown (then either side may be re-matched by hand)."""
    if pair.status != Pair.Status.ENDED or pair.ended_by_id is None:
        return None
    if pair.ended_by_id == pair.mentor_id:
        return pair.mentee, "mentee"
    return pair.mentor, "mentor"


@transaction.atomic
def pair_rematch(*, actor: Actor, pair: Pair, partner: Person) -> Pair:
    """A program manager pairs the person who stayed in an ended ``pair`` with
    ``partner`` (chosen from the engine's suggestions). The one who left and
    everyone the person was paired with before cannot be chosen."""
    program_require_manager(actor, pair.program)
    stayed = pair_rematch_side(pair)
    if stayed is None:
        raise PairError(REMATCH_ONLY_ENDED)
    person, side = stayed
    if pair.rematches.exists():
        raise PairError(f"{person.name} has already been re-matched.")
    mentor, mentee = (person, partner) if side == "mentor" else (partner, person)
    if partner.pk in (pair.mentor_id, pair.mentee_id):
        raise PairError(f"{partner.name} left this pair; choose someone else.")
    new = pair_create(actor=actor, program=pair.program, mentor=mentor, mentee=mentee,
                      origin=Pair.Origin.REMATCH,
                      **pair_scored(pair.program, mentor, mentee))  # fmt: skip
    new.previous = pair
    new.save(update_fields=["previous", "updated_at"])
    pairs_published.send(sender=Pair, pairs=[new], actor=actor)
    return new

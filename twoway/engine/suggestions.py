"""One person or one pair at a time: ``suggest``, ``score_pair``, ``check_pair``.

These read the problem without validating all of it (a page may call them
many times over one large problem); they check the ids they are given. Call
``validate`` (or ``match``) once on a problem from an untrusted source.
"""

from __future__ import annotations

import numpy as np

from twoway.engine import kernels, scoring
from twoway.engine.context import Context
from twoway.engine.types import (
    EngineInputError,
    MatchedPair,
    Participant,
    Problem,
    Side,
    Suggestion,
)


def _find(people: tuple[Participant, ...], pid: int, side: str) -> int:
    for k, p in enumerate(people):
        if p.id == pid:
            return k
    raise EngineInputError(f"unknown {side} id {pid}")


def check_pair(problem: Problem, mentor: int, mentee: int) -> tuple[str, ...]:
    """The hard rules the pair (mentor, mentee) breaks; empty when it is allowed.

    Names come from ``scoring.RULES``: ``same_person``, ``reporting_line``,
    ``min_level_gap``, ``must_differ:<line>``, ``time_zone``, ``excluded``,
    ``not_in_scores`` (explicit scores: the pair is not listed) and
    ``no_shared_topic``. Capacity is not a property of one pair and is not
    checked here.

    Examples
    --------
    >>> from twoway.engine import Constraints, Participant, Problem, check_pair
    >>> boss = Participant(1, offers=((7, 5),))
    >>> report = Participant(2, wants=((7, 1),), managers=(1,))
    >>> check_pair(Problem(mentors=(boss,), mentees=(report,)), 1, 2)
    ('reporting_line',)
    """
    m = problem.mentors[_find(problem.mentors, mentor, "mentor")]
    e = problem.mentees[_find(problem.mentees, mentee, "mentee")]
    return scoring.violations(problem, m, e)


def score_pair(problem: Problem, mentor: int, mentee: int) -> MatchedPair:
    """The score of the pair (mentor, mentee), with its breakdown and topics.

    Works for any pair, allowed or not (``check_pair`` says which); in explicit
    score mode an unlisted pair scores 0.

    Examples
    --------
    >>> from twoway.engine import Participant, Problem, Weights, score_pair
    >>> p = Problem(
    ...     mentors=(Participant(1, offers=((7, 5),)),),
    ...     mentees=(Participant(2, wants=((7, 1),)),),
    ...     weights=Weights(teach=1, teach_back=0, crossing=0, level_gap=0,
    ...                     availability=0, time_zone=0),
    ... )
    >>> score_pair(p, 1, 2).score
    1.0
    """
    m = problem.mentors[_find(problem.mentors, mentor, "mentor")]
    e = problem.mentees[_find(problem.mentees, mentee, "mentee")]
    return scoring.explain(problem, m, e)


def suggest(problem: Problem, *, person: int, side: Side, limit: int = 5) -> tuple[Suggestion, ...]:
    """The best partners for ``person`` (on ``side``) among the other side.

    Only allowed pairs (see ``check_pair``), best score first, equal scores by
    the partner's id; at most ``limit``. Capacity and locks are not
    considered: this is for people choosing their own partner.

    Examples
    --------
    >>> from twoway.engine import Participant, Problem, suggest
    >>> p = Problem(
    ...     mentors=(Participant(1, offers=((7, 5),)), Participant(3, offers=((7, 2),))),
    ...     mentees=(Participant(2, wants=((7, 1),)),),
    ... )
    >>> [s.partner for s in suggest(p, person=2, side="mentee")]
    [1, 3]
    """
    if side not in ("mentor", "mentee"):
        raise EngineInputError(f"side must be 'mentor' or 'mentee', got {side!r}")
    if not isinstance(limit, int) or limit < 0:
        raise EngineInputError(f"limit must be a non-negative integer, got {limit!r}")
    on_mentor_side = side == "mentor"
    own = problem.mentors if on_mentor_side else problem.mentees
    others = problem.mentees if on_mentor_side else problem.mentors
    x = _find(own, person, side)
    ctx = Context(problem)
    masks, scores = ctx.kernel(kernels.scores_against)(
        x, on_mentor_side, ctx.mentee_side, ctx.mentor_side, ctx.rules
    )
    allowed = np.flatnonzero(masks == 0)
    ids = np.array([p.id for p in others], dtype=np.int64)[allowed]
    order = np.lexsort((ids, -scores[allowed]))[:limit]
    chosen = allowed[order].tolist()
    given = None
    if problem.scores is not None:
        given = ctx.given([(x, y) if on_mentor_side else (y, x) for y in chosen])
    out: list[Suggestion] = []
    for y in chosen:
        mentor, mentee = (own[x], others[y]) if on_mentor_side else (others[y], own[x])
        pair = scoring.explain(problem, mentor, mentee, given=given)
        out.append(
            Suggestion(
                partner=others[y].id,
                score=pair.score,
                breakdown=pair.breakdown,
                teaches=pair.teaches,
                teaches_back=pair.teaches_back,
                crossed=pair.crossed,
            )
        )
    return tuple(out)

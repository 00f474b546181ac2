"""How one pair scores, and which hard rules it breaks: the reference definitions.

Everything here works on one pair of ``Participant`` objects in plain Python.
The compiled kernels (``twoway.engine.kernels``) compute the same numbers over
thousands of pairs at once, with the same operations in the same order, so
that both give bit-identical scores; the tests hold them to it.

Components (each bounded; the bounds are what the certificate relies on):

========== ====== ==========================================================
component  bounds  definition
========== ====== ==========================================================
teach      [0, 3]  sum over skills the mentor offers and the mentee wants of
                   ``topic_value(offer level, want level)``, capped at 3
teach_back [0, 3]  the same with roles reversed (mentee offers, mentor wants)
crossing   [0, 1]  fraction of ``valued_lines`` the pair crosses; a line is
                   crossed when both values are known and differ
                   (background: both tag sets non-empty and disjoint)
level_gap  [0, 1]  ``clip(senior level - junior level, 0, 4) / 4`` in the
                   ``senior_side`` direction; 0 when unknown or no side set
availability [0,1] mean of two parts, time windows and meeting formats; each
                   part is ``|a & b| / min(|a|, |b|)`` over the bit masks,
                   0.5 when either mask is 0 (not stated)
time_zone  [0, 1]  ``max(0, 1 - |offset difference| / 12 h)``; 0.5 if unknown
========== ====== ==========================================================

The score is the weighted sum, so it lies in
``[0, 3 w_teach + 3 w_teach_back + w_crossing + w_level_gap + w_availability
+ w_time_zone]``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from twoway.engine.types import (
    COMPONENTS,
    GIVEN,
    LINES,
    Constraints,
    MatchedPair,
    Participant,
    Problem,
    Topic,
    Weights,
)

# A shared skill is worth at most one topic; a pair's teaching is capped at
# three topics' worth: beyond that a pair already has plenty to talk about,
# and the cap keeps the component bounded.
TEACH_CAP = 3.0
# Level differences count up to 4 (1 -> 5).
LEVEL_SPAN = 4.0
# Offsets 12 hours apart have no working hours in common.
TIME_ZONE_SPAN_MINUTES = 720.0
# What an unstated availability, format or time zone contributes.
NEUTRAL = 0.5


def topic_value(teacher_level: int, learner_level: int) -> float:
    """What one shared skill is worth, by the teacher's and the learner's level.

    ``0.5 + 0.5 * (t - l) / 4`` when the teacher is ahead (0.625 to 1.0),
    ``0.25`` between peers (they can still work on it together), and ``0`` when
    the learner is already ahead (nothing to teach in that direction).

    >>> topic_value(4, 1), topic_value(3, 3), topic_value(2, 4)
    (0.875, 0.25, 0.0)
    """
    if teacher_level > learner_level:
        return 0.5 + 0.5 * (teacher_level - learner_level) / LEVEL_SPAN
    if teacher_level == learner_level:
        return 0.25
    return 0.0


# TOPIC_VALUES[t, l] for levels 0..5 (index 0 unused), shared with the kernels.
TOPIC_VALUES = np.zeros((6, 6), dtype=np.float64)
for _t in range(1, 6):
    for _l in range(1, 6):
        TOPIC_VALUES[_t, _l] = topic_value(_t, _l)

# Hard rules, in the order they are reported. The names are stable: pages map
# them to sentences.
SAME_PERSON = "same_person"
REPORTING_LINE = "reporting_line"
MIN_LEVEL_GAP = "min_level_gap"
TIME_ZONE = "time_zone"
EXCLUDED = "excluded"
NOT_IN_SCORES = "not_in_scores"
NO_SHARED_TOPIC = "no_shared_topic"
RULES: tuple[str, ...] = (
    SAME_PERSON,
    REPORTING_LINE,
    MIN_LEVEL_GAP,
    *(f"must_differ:{line}" for line in LINES),
    TIME_ZONE,
    EXCLUDED,
    NOT_IN_SCORES,
    NO_SHARED_TOPIC,
)
# Bit i of a rule mask stands for RULES[i].
RULE_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(RULES)}


def _crossed(line: str, a: Participant, b: Participant) -> bool | None:
    """Whether the pair crosses ``line``: None when either value is unknown."""
    if line == "background":
        if not a.background or not b.background:
            return None
        return a.background.isdisjoint(b.background)
    x, y = getattr(a, line), getattr(b, line)
    if x is None or y is None:
        return None
    return bool(x != y)


def _overlap(a: int, b: int) -> float:
    if a == 0 or b == 0:
        return NEUTRAL
    return (a & b).bit_count() / min(a.bit_count(), b.bit_count())


def _senior_gap(constraints: Constraints, mentor: Participant, mentee: Participant) -> int | None:
    if constraints.senior_side is None or mentor.level is None or mentee.level is None:
        return None
    if constraints.senior_side == "mentor":
        return mentor.level - mentee.level
    return mentee.level - mentor.level


# The same as plain floats, for the per-pair code below.
_VALUE: list[list[float]] = [[float(v) for v in row] for row in TOPIC_VALUES]


def topics(teacher: Participant, learner: Participant) -> tuple[Topic, ...]:
    """Skills ``teacher`` offers and ``learner`` wants, worth something, best first.

    Best first means the highest ``topic_value``, then the lower skill id.
    """
    offered = dict(teacher.offers)
    # A topic is worth something when the teacher is at least at its level.
    found = [
        (-_VALUE[own][level], skill, own, level)
        for skill, level in learner.wants
        if (own := offered.get(skill)) is not None and own >= level
    ]
    if not found:
        return ()
    found.sort()
    return tuple(Topic(skill, own, level) for _, skill, own, level in found)


def teach_value(teacher: Participant, learner: Participant) -> float:
    """The uncapped sum of topic values, summed in the learner's ``wants`` order."""
    offered = dict(teacher.offers)
    total = 0.0
    for skill, level in learner.wants:
        own = offered.get(skill)
        if own is not None:
            total += _VALUE[own][level]
    return total


def _topics_value(found: tuple[Topic, ...]) -> float:
    total = 0.0
    for t in found:
        total += _VALUE[t.teacher_level][t.learner_level]
    return total


def components(
    problem: Problem,
    mentor: Participant,
    mentee: Participant,
    *,
    teaches: tuple[Topic, ...] | None = None,
    teaches_back: tuple[Topic, ...] | None = None,
    crossed: tuple[str, ...] | None = None,
) -> dict[str, float]:
    """The unweighted components of a pair (see the module docstring).

    ``teaches``, ``teaches_back`` and ``crossed``, when the caller has them
    already (``topics``, ``crossed_lines``), save working them out again.
    """
    c = problem.constraints
    if teaches is None:
        teaches = topics(mentor, mentee)
    if teaches_back is None:
        teaches_back = topics(mentee, mentor)
    if crossed is None:
        crossed = crossed_lines(problem, mentor, mentee)
    teach = min(_topics_value(teaches), TEACH_CAP)
    teach_back = min(_topics_value(teaches_back), TEACH_CAP)
    crossing = len(crossed) / len(c.valued_lines) if c.valued_lines else 0.0
    gap = _senior_gap(c, mentor, mentee)
    level_gap = 0.0 if gap is None else min(max(gap, 0), 4) / LEVEL_SPAN
    availability = (
        _overlap(mentor.availability, mentee.availability)
        + _overlap(mentor.formats, mentee.formats)
    ) / 2.0
    if mentor.utc_offset_minutes is None or mentee.utc_offset_minutes is None:
        time_zone = NEUTRAL
    else:
        diff = abs(mentor.utc_offset_minutes - mentee.utc_offset_minutes)
        time_zone = max(0.0, 1.0 - diff / TIME_ZONE_SPAN_MINUTES)
    return {
        "teach": teach,
        "teach_back": teach_back,
        "crossing": crossing,
        "level_gap": level_gap,
        "availability": availability,
        "time_zone": time_zone,
    }


def weighted(weights: Weights, parts: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    """The score and the weighted breakdown, added in the kernels' order."""
    w = weights
    breakdown = {name: getattr(w, name) * parts[name] for name in COMPONENTS}
    head = w.teach * parts["teach"] + w.teach_back * parts["teach_back"]
    rest = (
        (w.crossing * parts["crossing"] + w.level_gap * parts["level_gap"])
        + w.availability * parts["availability"]
    ) + w.time_zone * parts["time_zone"]
    return head + rest, breakdown


def max_rest(weights: Weights) -> float:
    """The most the four bounded, non-teaching components can add to a score."""
    w = weights
    return ((w.crossing + w.level_gap) + w.availability) + w.time_zone


def violations(
    problem: Problem,
    mentor: Participant,
    mentee: Participant,
    *,
    given: Mapping[tuple[int, int], float] | None = None,
) -> tuple[str, ...]:
    """The hard rules the pair breaks, in ``RULES`` order (empty: allowed).

    ``given`` is the explicit score table when the problem has one (then
    ``not_in_scores`` replaces ``no_shared_topic``).
    """
    c = problem.constraints
    broken: list[str] = []
    if mentor.id == mentee.id:
        broken.append(SAME_PERSON)
    depth = c.reporting_line_depth
    if depth > 0 and (mentee.id in mentor.managers[:depth] or mentor.id in mentee.managers[:depth]):
        broken.append(REPORTING_LINE)
    if c.min_level_gap > 0:
        gap = _senior_gap(c, mentor, mentee)
        if gap is None or gap < c.min_level_gap:
            broken.append(MIN_LEVEL_GAP)
    for line in LINES:
        if line in c.must_differ and not _crossed(line, mentor, mentee):
            broken.append(f"must_differ:{line}")
    if (
        c.max_time_zone_hours is not None
        and mentor.utc_offset_minutes is not None
        and mentee.utc_offset_minutes is not None
        and abs(mentor.utc_offset_minutes - mentee.utc_offset_minutes) > c.max_time_zone_hours * 60
    ):
        broken.append(TIME_ZONE)
    if (mentor.id, mentee.id) in c.excluded:
        broken.append(EXCLUDED)
    if problem.scores is not None:
        table = given if given is not None else score_table(problem)
        if (mentor.id, mentee.id) not in table:
            broken.append(NOT_IN_SCORES)
    elif teach_value(mentor, mentee) == 0.0 and teach_value(mentee, mentor) == 0.0:
        broken.append(NO_SHARED_TOPIC)
    return tuple(broken)


def score_table(problem: Problem) -> dict[tuple[int, int], float]:
    """The explicit scores as a dict, ``{(mentor, mentee): score}``."""
    return {(m, e): float(s) for m, e, s in problem.scores or ()}


def crossed_lines(problem: Problem, mentor: Participant, mentee: Participant) -> tuple[str, ...]:
    valued = problem.constraints.valued_lines
    return tuple(line for line in LINES if line in valued and _crossed(line, mentor, mentee))


def explain(
    problem: Problem,
    mentor: Participant,
    mentee: Participant,
    *,
    locked: bool = False,
    given: Mapping[tuple[int, int], float] | None = None,
) -> MatchedPair:
    """The full ``MatchedPair`` for one pair, allowed or not."""
    if problem.scores is not None:
        table = given if given is not None else score_table(problem)
        score = table.get((mentor.id, mentee.id), 0.0)
        return MatchedPair(mentor.id, mentee.id, score, {GIVEN: score}, locked=locked)
    teaches, teaches_back = topics(mentor, mentee), topics(mentee, mentor)
    crossed = crossed_lines(problem, mentor, mentee)
    parts = components(
        problem, mentor, mentee, teaches=teaches, teaches_back=teaches_back, crossed=crossed
    )
    score, breakdown = weighted(problem.weights, parts)
    return MatchedPair(
        mentor=mentor.id,
        mentee=mentee.id,
        score=score,
        breakdown=breakdown,
        teaches=teaches,
        teaches_back=teaches_back,
        crossed=crossed,
        locked=locked,
    )

"""Check a problem before solving it: one ``EngineInputError``, one precise message.

Messages name the place (``mentors[3]``, ``constraints.locked[0]``) and the
id as the caller knows it: ``label(side, id)`` turns an engine id into the
caller's name for it (the JSON reader passes its string ids back in).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from twoway.engine.types import (
    LINES,
    EngineInputError,
    Participant,
    Problem,
    Weights,
)

Label = Callable[[str, int], str]

# Ids are kept in int64 arrays with a sentinel below this bound.
ID_LIMIT = 2**62
MAX_SKILL_ID = 2**31
# UTC offsets in use run from -12:00 to +14:00.
MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60
MAX_DEPTH = 64
MAX_MASK = 2**63
# Skills a person may list each way.
MAX_SKILLS = 1000


def default_label(side: str, pid: int) -> str:
    return str(pid)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fail(message: str) -> NoReturn:
    raise EngineInputError(message)


def _check_skills(where: Callable[[], str], entries: object) -> None:
    """``where()`` names the list in messages; it is only called on failure,
    so that a valid problem costs no string formatting per person."""
    if not isinstance(entries, tuple):
        _fail(f"{where()} must be a tuple of (skill, level) pairs")
    if len(entries) > MAX_SKILLS:
        _fail(f"{where()}: at most {MAX_SKILLS} skills, got {len(entries)}")
    seen: set[int] = set()
    entry: Any
    for k, entry in enumerate(entries):
        if not isinstance(entry, tuple) or len(entry) != 2:
            _fail(f"{where()}[{k}] must be a (skill, level) pair, got {entry!r}")
        skill, level = entry
        if not _is_int(skill) or not 0 <= skill < MAX_SKILL_ID:
            _fail(f"{where()}[{k}]: skill must be a non-negative integer id, got {skill!r}")
        if not _is_int(level) or not 1 <= level <= 5:
            _fail(f"{where()}[{k}]: level must be an integer from 1 to 5, got {level!r}")
        if skill in seen:
            _fail(f"{where()}[{k}]: skill {skill} is listed twice")
        seen.add(skill)


def _check_participant(name: str, k: int, p: object, side: str, label: Label) -> None:
    """Checks ``name[k]``; messages name the person (built only on failure)."""
    if not isinstance(p, Participant):
        _fail(f"{name}[{k}] must be a Participant, got {type(p).__name__}")
    assert isinstance(p, Participant)
    if not _is_int(p.id) or not -ID_LIMIT < p.id < ID_LIMIT:
        _fail(f"{name}[{k}]: id must be an integer below 2**62 in size, got {p.id!r}")

    def who() -> str:
        return f"{name}[{k}] ({side} {label(side, p.id)})"

    if not _is_int(p.capacity):
        _fail(f"{who()}: capacity must be an integer, got {p.capacity!r}")
    if side == "mentor" and p.capacity < 1:
        _fail(f"{who()}: capacity must be at least 1, got {p.capacity}")
    if side == "mentee" and p.capacity != 1:
        _fail(f"{who()}: a mentee's capacity must be 1 (one mentor each), got {p.capacity}")
    _check_skills(lambda: f"{who()}.offers", p.offers)
    _check_skills(lambda: f"{who()}.wants", p.wants)
    # An organisation's grade (e.g. 1-10), not a skill level.
    if p.level is not None and (not _is_int(p.level) or not 0 <= p.level <= 100):
        _fail(f"{who()}: level (grade) must be an integer from 0 to 100, got {p.level!r}")
    for attr in ("department", "location", "generation", "gender"):
        value = getattr(p, attr)
        if value is not None and (not _is_int(value) or not -ID_LIMIT < value < ID_LIMIT):
            _fail(f"{who()}: {attr} must be an integer code or None, got {value!r}")
    off = p.utc_offset_minutes
    if off is not None and (not _is_int(off) or not MIN_OFFSET <= off <= MAX_OFFSET):
        _fail(f"{who()}: utc_offset_minutes must be an integer from -720 to 840, got {off!r}")
    if not isinstance(p.managers, tuple) or not all(
        _is_int(m) and -ID_LIMIT < m < ID_LIMIT for m in p.managers
    ):
        _fail(f"{who()}: managers must be a tuple of integer ids")
    if not isinstance(p.background, frozenset) or not all(
        _is_int(t) and -ID_LIMIT < t < ID_LIMIT for t in p.background
    ):
        _fail(f"{who()}: background must be a frozenset of integer codes")
    for attr in ("availability", "formats"):
        value = getattr(p, attr)
        if not _is_int(value) or not 0 <= value < MAX_MASK:
            _fail(f"{who()}: {attr} must be a bit mask from 0 to 2**63 - 1, got {value!r}")


def _check_side(name: str, people: object, side: str, label: Label) -> set[int]:
    if not isinstance(people, tuple):
        _fail(f"{name} must be a tuple of Participant, got {type(people).__name__}")
    ids: set[int] = set()
    p: Any
    for k, p in enumerate(people):
        _check_participant(name, k, p, side, label)
        if p.id in ids:
            _fail(f"{name}[{k}]: duplicate {side} id {label(side, p.id)}")
        ids.add(p.id)
    return ids


def _check_number(where: str, value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        _fail(f"{where} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        _fail(f"{where} must be a finite number, got {value!r}")
    return number


def _check_weights(weights: object) -> None:
    if not isinstance(weights, Weights):
        _fail("weights must be a Weights")
    for name, value in weights.as_dict().items():
        if _check_number(f"weights.{name}", value) < 0:
            _fail(f"weights.{name} must not be negative, got {value!r}")


def _check_pairs(
    where: str,
    pairs: Iterable[object],
    mentor_ids: set[int],
    mentee_ids: set[int],
    label: Label,
) -> None:
    for k, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            _fail(f"{where}[{k}] must be a (mentor, mentee) pair, got {pair!r}")
        mentor, mentee = pair
        if mentor not in mentor_ids:
            _fail(f"{where}[{k}]: unknown mentor id {label('mentor', mentor)}")
        if mentee not in mentee_ids:
            _fail(f"{where}[{k}]: unknown mentee id {label('mentee', mentee)}")


def _check_locks(problem: Problem, label: Label) -> None:
    """Every lock must be an allowed pair, and fit its mentor's capacity."""
    from twoway.engine.scoring import score_table, violations

    mentors = {p.id: p for p in problem.mentors}
    mentees = {p.id: p for p in problem.mentees}
    given = score_table(problem) if problem.scores is not None else None
    load: dict[int, int] = {}
    for k, (mentor_id, mentee_id) in enumerate(problem.constraints.locked):
        mentor = mentors[mentor_id]
        broken = violations(problem, mentor, mentees[mentee_id], given=given)
        pair = f"({label('mentor', mentor_id)}, {label('mentee', mentee_id)})"
        if broken:
            _fail(f"constraints.locked[{k}]: the pair {pair} breaks {', '.join(broken)}")
        load[mentor_id] = load.get(mentor_id, 0) + 1
        if load[mentor_id] > mentor.capacity:
            _fail(
                f"constraints.locked[{k}]: mentor {label('mentor', mentor_id)} is locked to "
                f"{load[mentor_id]} mentees but has capacity {mentor.capacity}"
            )


def validate(problem: Problem, *, label: Label = default_label) -> None:
    """Raise ``EngineInputError`` for the first thing wrong with ``problem``.

    Checks the types and ranges of everything, unknown and duplicate ids,
    and that every lock is an allowed pair within its mentor's capacity.
    """
    if not isinstance(problem, Problem):
        _fail(f"expected a Problem, got {type(problem).__name__}")
    mentor_ids = _check_side("mentors", problem.mentors, "mentor", label)
    mentee_ids = _check_side("mentees", problem.mentees, "mentee", label)
    _check_weights(problem.weights)

    c = problem.constraints
    if not _is_int(c.reporting_line_depth) or not 0 <= c.reporting_line_depth <= MAX_DEPTH:
        _fail(f"constraints.reporting_line_depth must be an integer from 0 to {MAX_DEPTH}")
    if c.senior_side not in (None, "mentor", "mentee"):
        _fail(f"constraints.senior_side must be 'mentor', 'mentee' or None, got {c.senior_side!r}")
    if not _is_int(c.min_level_gap) or not 0 <= c.min_level_gap <= 100:
        _fail(
            f"constraints.min_level_gap must be an integer from 0 to 100, got {c.min_level_gap!r}"
        )
    if c.min_level_gap > 0 and c.senior_side is None:
        _fail("constraints.min_level_gap needs constraints.senior_side (who is to be senior)")
    for name in ("must_differ", "valued_lines"):
        lines = getattr(c, name)
        if not isinstance(lines, frozenset):
            _fail(f"constraints.{name} must be a frozenset of line names")
        for line in sorted(map(str, lines)):
            if line not in LINES:
                _fail(f"constraints.{name}: unknown line {line!r} (known: {', '.join(LINES)})")
    if c.max_time_zone_hours is not None and (
        _check_number("constraints.max_time_zone_hours", c.max_time_zone_hours) < 0
    ):
        _fail("constraints.max_time_zone_hours must not be negative")
    _check_pairs(
        "constraints.excluded", sorted(c.excluded, key=repr), mentor_ids, mentee_ids, label
    )
    _check_pairs("constraints.locked", c.locked, mentor_ids, mentee_ids, label)
    locked_mentees: set[int] = set()
    for k, (_mentor, mentee) in enumerate(c.locked):
        if mentee in locked_mentees:
            _fail(
                f"constraints.locked[{k}]: mentee {label('mentee', mentee)} is locked twice "
                f"(a mentee has one mentor)"
            )
        locked_mentees.add(mentee)

    o = problem.options
    if o.objective not in ("best_total", "most_matched"):
        _fail(f"options.objective must be 'best_total' or 'most_matched', got {o.objective!r}")
    if o.algorithm not in ("optimal", "stable", "greedy"):
        _fail(f"options.algorithm must be 'optimal', 'stable' or 'greedy', got {o.algorithm!r}")
    if o.search not in ("auto", "exact", "fast"):
        _fail(f"options.search must be 'auto', 'exact' or 'fast', got {o.search!r}")
    if not _is_int(o.top_k) or not 1 <= o.top_k <= 1000:
        _fail(f"options.top_k must be an integer from 1 to 1000, got {o.top_k!r}")
    if not _is_int(o.exact_top_k) or not 1 <= o.exact_top_k <= 1000:
        _fail(f"options.exact_top_k must be an integer from 1 to 1000, got {o.exact_top_k!r}")
    if not _is_int(o.auto_exact_limit) or o.auto_exact_limit < 0:
        _fail(
            f"options.auto_exact_limit must be a non-negative integer, got {o.auto_exact_limit!r}"
        )

    if problem.scores is not None:
        if not isinstance(problem.scores, tuple):
            _fail("scores must be a tuple of (mentor, mentee, score) triples or None")
        seen: set[tuple[int, int]] = set()
        for k, triple in enumerate(problem.scores):
            if not isinstance(triple, tuple) or len(triple) != 3:
                _fail(f"scores[{k}] must be a (mentor, mentee, score) triple, got {triple!r}")
            mentor, mentee, score = triple
            if mentor not in mentor_ids:
                _fail(f"scores[{k}]: unknown mentor id {label('mentor', mentor)}")
            if mentee not in mentee_ids:
                _fail(f"scores[{k}]: unknown mentee id {label('mentee', mentee)}")
            _check_number(f"scores[{k}]: score", score)
            if (mentor, mentee) in seen:
                _fail(
                    f"scores[{k}]: pair ({label('mentor', mentor)}, {label('mentee', mentee)}) "
                    f"is listed twice"
                )
            seen.add((mentor, mentee))
    _check_locks(problem, label)

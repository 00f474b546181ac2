"""Check a problem before solving it: one ``EngineInputError``, one precise message.

Messages name the place (``mentors[3]``, ``constraints.locked[0]``) and the
id as the caller knows it: ``label(side, id)`` turns an engine id into the
caller's name for it (the JSON reader passes its string ids back in).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from itertools import repeat
from operator import itemgetter
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from twoway.engine.scoring import score_table, violations
from twoway.engine.types import (
    LINES,
    EngineInputError,
    Participant,
    Problem,
    ScoreTable,
    Weights,
)

Label = Callable[[str, int], str]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

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


def entries_shaped(entries: Sequence[Any], kind: type[Sized], size: int) -> int:
    """How many entries, from the start, are a ``kind`` of ``size`` items.

    The first entry that is not is the one to report; the entries before it
    can be taken apart into columns (``entries_columns``).

    >>> entries_shaped([(1, 2), (3, 4), (5,), (6, 7)], tuple, 2)
    2
    """
    # Exact types first: a set of the types and lengths of half a million
    # entries is built at C speed; anything unusual is looked at one by one.
    if set(map(type, entries)) <= {kind} and set(map(len, entries)) <= {size}:
        return len(entries)
    for k, entry in enumerate(entries):
        if not isinstance(entry, kind) or len(entry) != size:
            return k
    return len(entries)


def entries_columns(entries: Sequence[Any], size: int) -> list[list[Any]]:
    """The entries' first ``size`` items as columns.

    >>> entries_columns([("a", 1), ("b", 2)], 2)
    [['a', 'b'], [1, 2]]
    """
    # Not ``zip(*entries)``: that makes an iterator per entry, and half a
    # million new objects set off the cycle collector again and again.
    return [list(map(itemgetter(k), entries)) for k in range(size)]


def _is_finite_number(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def numbers_finite(values: Sequence[Any]) -> tuple[FloatArray, BoolArray]:
    """``values`` as floats, and which of them are finite numbers (``bool`` is not).

    Where a value is not a finite number its float is ``nan``.

    >>> floats, finite = numbers_finite([1, 2.5, True, "3", float("inf")])
    >>> floats.tolist()[:2], finite.tolist()
    ([1.0, 2.5], [True, True, False, False, False])
    """
    if set(map(type, values)) <= {int, float}:
        try:
            floats = np.array(values, dtype=np.float64)
        except OverflowError:
            pass
        else:
            return floats, np.isfinite(floats)
    finite = np.fromiter(map(_is_finite_number, values), dtype=np.bool_, count=len(values))
    floats = np.full(len(values), math.nan)
    good = np.flatnonzero(finite).tolist()
    floats[good] = [float(values[k]) for k in good]
    return floats, finite


def ids_indexed(values: Sequence[object], index: Mapping[Any, int]) -> IntArray:
    """Each value's ``index[value]``, or -1 where it is not a key of ``index``.

    >>> ids_indexed(["b", "x", "a"], {"a": 0, "b": 1}).tolist()
    [1, -1, 0]
    """
    try:
        return np.fromiter(map(index.get, values, repeat(-1)), dtype=np.int64, count=len(values))
    except TypeError:  # an unhashable value, which cannot be a key
        return np.array([_index_of(v, index) for v in values], dtype=np.int64)


def int_ids_indexed(ids: IntArray, index: Mapping[int, int]) -> IntArray:
    """``ids_indexed`` for an array of integer ids, by sorting instead of hashing.

    >>> int_ids_indexed(np.array([20, 5, 10]), {10: 0, 20: 1}).tolist()
    [1, -1, 0]
    """
    if not index or len(ids) == 0:
        return np.full(len(ids), -1, dtype=np.int64)
    keys = np.fromiter(index.keys(), dtype=np.int64, count=len(index))
    values = np.fromiter(index.values(), dtype=np.int64, count=len(index))
    low, high = int(keys.min()), int(keys.max())
    if high - low < 4 * len(keys) + 1024:
        # Ids close together (the JSON reader numbers people 0, 1, 2, ...):
        # a table by id, read at C speed.
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[keys - low] = values
        inside = (ids >= low) & (ids <= high)
        return np.where(inside, table[np.where(inside, ids - low, 0)], -1)
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    pos = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
    return np.where(keys[pos] == ids, values[pos], -1)


def _index_of(value: object, index: Mapping[Any, int]) -> int:
    try:
        return index.get(value, -1)
    except TypeError:
        return -1


def pairs_repeated(rows: IntArray, cols: IntArray) -> BoolArray:
    """True where the pair ``(rows[k], cols[k])`` came earlier in the lists.

    >>> pairs_repeated(np.array([1, 2, 1, 1]), np.array([5, 5, 5, 6])).tolist()
    [False, False, True, False]
    """
    repeated = np.zeros(len(rows), dtype=np.bool_)
    if len(rows) < 2:
        return repeated
    # One key per pair when the two ranges multiply within int64 (indices
    # always do); sorting one key is twice as fast as sorting two.
    low_r, low_c = int(rows.min()), int(cols.min())
    span_r, span_c = int(rows.max()) - low_r + 1, int(cols.max()) - low_c + 1
    if span_r * span_c < 2**62:
        key = (rows - low_r) * span_c + (cols - low_c)
        # Repeats are rare: a quick sort (~10x faster than the stable one)
        # tells whether there is any before looking for the first.
        ordered = np.sort(key)
        if not (ordered[1:] == ordered[:-1]).any():
            return repeated
        order = np.argsort(key, kind="stable")
        same = key[order[1:]] == key[order[:-1]]
    else:
        order = np.lexsort((cols, rows))
        r, c = rows[order], cols[order]
        same = (r[1:] == r[:-1]) & (c[1:] == c[:-1])
    # A stable sort keeps equal pairs in their order: all but the first of
    # each run are repeats.
    repeated[order[1:][same]] = True
    return repeated


def first_true(mask: BoolArray) -> int:
    """The index of the first True in ``mask``, or its length when there is none.

    >>> first_true(np.array([False, True, True])), first_true(np.zeros(2, dtype=bool))
    (1, 2)
    """
    return int(np.argmax(mask)) if mask.any() else len(mask)


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


def _check_side(name: str, people: object, side: str, label: Label) -> dict[int, int]:
    """Checks one side; returns each id's position on it."""
    if not isinstance(people, tuple):
        _fail(f"{name} must be a tuple of Participant, got {type(people).__name__}")
    ids: dict[int, int] = {}
    p: Any
    for k, p in enumerate(people):
        _check_participant(name, k, p, side, label)
        if p.id in ids:
            _fail(f"{name}[{k}]: duplicate {side} id {label(side, p.id)}")
        ids[p.id] = k
    return ids


def _check_number(where: str, value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        _fail(f"{where} must be a number, got {value!r}")
    if not _is_finite_number(value):
        _fail(f"{where} must be a finite number, got {value!r}")
    return float(value)


def _check_weights(weights: object) -> None:
    if not isinstance(weights, Weights):
        _fail("weights must be a Weights")
    for name, value in weights.as_dict().items():
        if _check_number(f"weights.{name}", value) < 0:
            _fail(f"weights.{name} must not be negative, got {value!r}")


def _check_pairs(
    where: str,
    pairs: Iterable[object],
    mentor_ids: Mapping[int, int],
    mentee_ids: Mapping[int, int],
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


def _check_score(
    k: int,
    triple: object,
    mentor_ids: Mapping[int, int],
    mentee_ids: Mapping[int, int],
    label: Label,
) -> None:
    """Checks ``scores[k]`` on its own (not whether its pair came before)."""
    if not isinstance(triple, tuple) or len(triple) != 3:
        _fail(f"scores[{k}] must be a (mentor, mentee, score) triple, got {triple!r}")
    mentor, mentee, score = triple
    if mentor not in mentor_ids:
        _fail(f"scores[{k}]: unknown mentor id {label('mentor', mentor)}")
    if mentee not in mentee_ids:
        _fail(f"scores[{k}]: unknown mentee id {label('mentee', mentee)}")
    _check_number(f"scores[{k}]: score", score)


def _check_scores(
    scores: object, mentor_ids: Mapping[int, int], mentee_ids: Mapping[int, int], label: Label
) -> None:
    """Checks every triple as columns of arrays, then words the first failure
    as the triple-by-triple check would have (half a million triples: 0.4 s
    one by one, 0.14 s as columns)."""
    if not isinstance(scores, tuple | ScoreTable):
        _fail("scores must be a tuple of (mentor, mentee, score) triples or None")
    if isinstance(scores, ScoreTable):
        # Integer ids and floats by construction: only their values to check.
        rows = int_ids_indexed(scores.mentors, mentor_ids)
        cols = int_ids_indexed(scores.mentees, mentee_ids)
        finite = np.isfinite(scores.values)
    else:
        shaped = entries_shaped(scores, tuple, 3)
        mentors, mentees, values = entries_columns(scores[:shaped], 3)
        rows = ids_indexed(mentors, mentor_ids)
        cols = ids_indexed(mentees, mentee_ids)
        _, finite = numbers_finite(values)
    k = first_true((rows < 0) | (cols < 0) | ~finite | pairs_repeated(rows, cols))
    if k == len(scores):
        return
    _check_score(k, scores[k], mentor_ids, mentee_ids, label)
    mentor, mentee, _ = scores[k]
    _fail(
        f"scores[{k}]: pair ({label('mentor', mentor)}, {label('mentee', mentee)}) is listed twice"
    )


def _check_locks(problem: Problem, label: Label) -> None:
    """Every lock must be an allowed pair, and fit its mentor's capacity."""
    if not problem.constraints.locked:
        return
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


# Problems that passed, by identity. ``match`` checks what the JSON reader has
# just checked; a frozen problem made of tuples and frozensets cannot have
# changed in between, so the second check is free.
_passed: weakref.WeakValueDictionary[int, Problem] = weakref.WeakValueDictionary()


def _is_frozen(problem: Problem) -> bool:
    """Whether nothing in ``problem`` can change once it has passed
    (the other containers must be tuples and frozensets to pass)."""
    c = problem.constraints
    return isinstance(c.excluded, frozenset) and isinstance(c.locked, tuple)


def validate(problem: Problem, *, label: Label = default_label) -> None:
    """Raise ``EngineInputError`` for the first thing wrong with ``problem``.

    Checks the types and ranges of everything, unknown and duplicate ids,
    and that every lock is an allowed pair within its mentor's capacity.
    ``label(side, id)`` names a person in messages (default: the id).
    A problem that passed once is not checked again.

    Examples
    --------
    >>> from twoway.engine import Participant, Problem, validate
    >>> validate(Problem(mentors=(Participant(1),), mentees=(Participant(2),)))
    >>> validate(Problem(mentors=(Participant(1),), mentees=(Participant(2),),
    ...                  scores=((1, 3, 0.5),)))
    Traceback (most recent call last):
    ...
    twoway.engine.types.EngineInputError: scores[0]: unknown mentee id 3
    """
    if _passed.get(id(problem)) is problem:
        return
    _check_problem(problem, label)
    if _is_frozen(problem):
        _passed[id(problem)] = problem


def _check_problem(problem: Problem, label: Label) -> None:
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
        _check_scores(problem.scores, mentor_ids, mentee_ids, label)
    _check_locks(problem, label)

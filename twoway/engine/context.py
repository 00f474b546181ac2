"""A validated problem turned into arrays the kernels can read.

People become indices (their position in ``problem.mentors`` or
``problem.mentees``); skills become dense indices; every per-person fact is a
column of an int64 table, with ``UNKNOWN`` for "not stated". Inverted indices
list, per skill, who offers it and who wants it, on each side.

The tuples handed to kernels (see ``twoway.engine.kernels``):

``Side``  (ids, attr, bg_ptr, bg_tags, managers, off_ptr, off_skill, off_level,
          want_ptr, want_skill, want_level)
``Index`` (off_ptr, off_who, off_level, want_ptr, want_who, want_level), by
          skill
``Rules`` (ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor, sc_score, values)
``Tokens`` (ptr, token, level): per person, the skills it can share, each in
          one direction: token s when a mentor offers skill s and a mentee
          wants it, ``n_skills + s`` when a mentee offers it and a mentor
          wants it; sorted by token
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Sized
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from twoway.engine.scoring import TEACH_CAP, TOPIC_VALUES, max_rest, score_table
from twoway.engine.types import LINES, Participant, Problem

IntArray = npt.NDArray[np.int64]
UNKNOWN = -(2**62)

# Columns of the attribute table.
LEVEL, DEPARTMENT, LOCATION, GENERATION, GENDER, UTC, AVAILABILITY, FORMATS = range(8)
_COLUMNS = ("level", "department", "location", "generation", "gender", "utc_offset_minutes")

# Positions in the integer and float parameter vectors of ``Rules``.
P_DEPTH, P_SENIOR, P_MIN_GAP, P_MUST, P_VALUED, P_N_VALUED, P_EXPLICIT = range(7)
F_MAX_TZ, F_W0 = 0, 1  # F_W0 .. F_W0 + 5: the weights in COMPONENTS order
F_CAP, F_REST = 7, 8

# Problems with more pairs than this run compiled kernels; smaller ones run
# the same kernels as plain Python, which beats compiling them.
COMPILE_ABOVE_PAIRS = 4096
# Units of the 8-bit bounds of candidate generation: one topic at the top
# weight is worth at most this many.
TOPIC_UNITS = 16
# Bounds (in units) stay within this, so that they add up in 16 bits.
BOUND_UNITS = 10_000


def _counts(lists: Sequence[Sized]) -> IntArray:
    return np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))


def _ints(values: Iterable[int], count: int) -> IntArray:
    return np.fromiter(values, dtype=np.int64, count=count)


def _csr_rows(rows: IntArray, cols: IntArray, n_rows: int) -> tuple[IntArray, IntArray, IntArray]:
    """CSR of (row, col) pairs: pointers by row, each row's columns sorted, and
    the order that sorts them (for values that go with the pairs)."""
    order = np.lexsort((cols, rows))
    ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=ptr[1:])
    return ptr, np.ascontiguousarray(cols[order]), order


def _inverted(
    ptr: IntArray, skill: IntArray, level: IntArray, n_skills: int
) -> tuple[IntArray, ...]:
    """Per skill, the people (and their level) with an entry for it, by person."""
    who = np.repeat(np.arange(len(ptr) - 1, dtype=np.int64), np.diff(ptr))
    order = np.lexsort((who, skill))
    out_ptr = np.zeros(n_skills + 1, dtype=np.int64)
    np.cumsum(np.bincount(skill, minlength=n_skills), out=out_ptr[1:])
    return out_ptr, np.ascontiguousarray(who[order]), np.ascontiguousarray(level[order])


class Context:
    """Index maps, capacities and (lazily) the kernel arrays of one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.n_mentors = len(problem.mentors)
        self.n_mentees = len(problem.mentees)
        self.mentor_index = {p.id: k for k, p in enumerate(problem.mentors)}
        self.mentee_index = {p.id: k for k, p in enumerate(problem.mentees)}
        # More places than mentees is never useful, and it bounds the slots.
        self.capacity = np.minimum(
            np.array([p.capacity for p in problem.mentors], dtype=np.int64),
            max(self.n_mentees, 1),
        )
        self.given = score_table(problem) if problem.scores is not None else None
        self.compiled = self.n_mentors * self.n_mentees > COMPILE_ABOVE_PAIRS

    def kernel(self, func: Any) -> Any:
        """The compiled kernel, or its plain-Python source for small problems."""
        return func if self.compiled else func.py_func

    @cached_property
    def _raw_skills(self) -> dict[str, tuple[IntArray, IntArray]]:
        """Per side and direction: (entries per person, [skill id, level] rows)."""
        out: dict[str, tuple[IntArray, IntArray]] = {}
        for side, people in (("mentor", self.problem.mentors), ("mentee", self.problem.mentees)):
            for direction in ("offers", "wants"):
                lists = list(map(attrgetter(direction), people))
                counts = _counts(lists)
                flat = chain.from_iterable(chain.from_iterable(lists))
                rows = _ints(flat, 2 * int(counts.sum())).reshape(-1, 2)
                out[f"{side}.{direction}"] = (counts, rows)
        return out

    @cached_property
    def skill_ids(self) -> IntArray:
        """The skill ids in use, sorted: a skill's index is its position here."""
        parts = [rows[:, 0] for _, rows in self._raw_skills.values()]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    @property
    def skills(self) -> dict[int, int]:
        return {int(s): k for k, s in enumerate(self.skill_ids)}

    def _side(self, people: tuple[Participant, ...], side: str) -> tuple[Any, ...]:
        n = len(people)
        ids = _ints(map(attrgetter("id"), people), n)
        values = chain.from_iterable(map(attrgetter(*_COLUMNS, "availability", "formats"), people))
        attr = _ints((UNKNOWN if v is None else v for v in values), 8 * n).reshape(n, 8)
        tags = [sorted(p.background) for p in people]
        bg_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(_counts(tags), out=bg_ptr[1:])
        bg_tags = _ints(chain.from_iterable(tags), int(bg_ptr[-1]))
        depth = max(self.problem.constraints.reporting_line_depth, 1)
        pad = (UNKNOWN,) * depth
        chains = ((p.managers[:depth] + pad)[:depth] for p in people)
        managers = _ints(chain.from_iterable(chains), n * depth).reshape(n, depth)
        out: list[IntArray] = [ids, attr, bg_ptr, bg_tags, managers]
        for direction in ("offers", "wants"):
            counts, rows = self._raw_skills[f"{side}.{direction}"]
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(counts, out=ptr[1:])
            skill = np.searchsorted(self.skill_ids, rows[:, 0]).astype(np.int64)
            out += [ptr, skill, np.ascontiguousarray(rows[:, 1])]
        return tuple(out)

    @cached_property
    def mentor_side(self) -> tuple[Any, ...]:
        return self._side(self.problem.mentors, "mentor")

    @cached_property
    def mentee_side(self) -> tuple[Any, ...]:
        return self._side(self.problem.mentees, "mentee")

    def _index(self, side: tuple[Any, ...]) -> tuple[Any, ...]:
        n_skills = len(self.skill_ids)
        offered = _inverted(side[5], side[6], side[7], n_skills)
        wanted = _inverted(side[8], side[9], side[10], n_skills)
        return (*offered, *wanted)

    @cached_property
    def mentor_index_by_skill(self) -> tuple[Any, ...]:
        return self._index(self.mentor_side)

    @cached_property
    def mentee_index_by_skill(self) -> tuple[Any, ...]:
        return self._index(self.mentee_side)

    def _tokens(self, side: tuple[Any, ...], teach: str) -> tuple[IntArray, IntArray, IntArray]:
        n, n_skills = len(side[0]), len(self.skill_ids)
        parts = {"offers": (side[5], side[6], side[7]), "wants": (side[8], side[9], side[10])}
        who, tok, level = [], [], []
        for direction, (ptr, skill, lv) in parts.items():
            who.append(np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr)))
            tok.append(skill + (0 if direction == teach else n_skills))
            level.append(lv)
        all_who, all_tok, all_level = (np.concatenate(x) for x in (who, tok, level))
        order = np.lexsort((all_tok, all_who))
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(all_who, minlength=n), out=ptr[1:])
        return ptr, np.ascontiguousarray(all_tok[order]), np.ascontiguousarray(all_level[order])

    @cached_property
    def mentor_tokens(self) -> tuple[IntArray, IntArray, IntArray]:
        """``Tokens`` of the mentors: their offers teach, their wants learn."""
        return self._tokens(self.mentor_side, "offers")

    @cached_property
    def mentee_tokens(self) -> tuple[IntArray, IntArray, IntArray]:
        """``Tokens`` of the mentees: their wants learn, their offers teach back."""
        return self._tokens(self.mentee_side, "wants")

    @cached_property
    def units(self) -> tuple[float, npt.NDArray[np.uint8], int]:
        """The 8-bit bounds of candidate generation: ``(scale, table, wrap)``.

        ``table[d, v]`` bounds what a topic of value ``v / 8`` adds to the
        score, teaching (d = 0) or teaching back (d = 1), in units of
        ``1 / scale``, rounded up; at most ``TOPIC_UNITS``. ``wrap``: people
        with more tokens than this may overflow 8 bits and add with
        saturation instead.
        """
        w = self.problem.weights
        top = max(w.teach, w.teach_back)
        most = 3 * (w.teach + w.teach_back) + max_rest(w)
        scale = min(TOPIC_UNITS / top if top > 0 else 1.0, BOUND_UNITS / (2 * max(most, 1e-9)))
        values = np.arange(int(TOPIC_VALUES.max() * 8) + 1)
        table = np.zeros((2, len(values)), dtype=np.uint8)
        for d, weight in enumerate((w.teach, w.teach_back)):
            # Up to rounding (1e-9 of a unit, far inside the margin of the bar).
            table[d] = np.ceil(values * weight * scale / 8 - 1e-9)
        return scale, table, 255 // max(int(table.max()), 1)

    @cached_property
    def rest_bounds(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Per mentee and per mentor: the most the non-teaching parts can add."""
        from twoway.engine import kernels

        ints, floats = self.rules[0], self.rules[1]
        bounds = self.kernel(kernels.rest_bounds)
        return (
            bounds(self.mentee_side[1], self.mentor_side[1], ints, floats, False),
            bounds(self.mentor_side[1], self.mentee_side[1], ints, floats, True),
        )

    @cached_property
    def values8(self) -> IntArray:
        """Topic values in eighths, ``values8[teacher level, learner level]``."""
        return (TOPIC_VALUES * 8).astype(np.int64)

    @cached_property
    def rules(self) -> tuple[Any, ...]:
        problem = self.problem
        c = problem.constraints
        ints = np.zeros(8, dtype=np.int64)
        ints[P_DEPTH] = c.reporting_line_depth
        ints[P_SENIOR] = {None: 0, "mentor": 1, "mentee": 2}[c.senior_side]
        ints[P_MIN_GAP] = c.min_level_gap
        ints[P_MUST] = sum(1 << k for k, line in enumerate(LINES) if line in c.must_differ)
        ints[P_VALUED] = sum(1 << k for k, line in enumerate(LINES) if line in c.valued_lines)
        ints[P_N_VALUED] = len(c.valued_lines)
        ints[P_EXPLICIT] = 1 if problem.scores is not None else 0
        floats = np.zeros(9, dtype=np.float64)
        floats[F_MAX_TZ] = np.inf if c.max_time_zone_hours is None else c.max_time_zone_hours * 60
        floats[F_W0 : F_W0 + 6] = list(problem.weights.as_dict().values())
        floats[F_CAP] = TEACH_CAP
        floats[F_REST] = max_rest(problem.weights)

        pairs = list(c.excluded)
        ex_ptr, ex_mentor, _ = _csr_rows(
            _ints((self.mentee_index[e] for _, e in pairs), len(pairs)),
            _ints((self.mentor_index[m] for m, _ in pairs), len(pairs)),
            self.n_mentees,
        )
        listed = list(problem.scores or ())
        rows = _ints((self.mentee_index[e] for _, e, _ in listed), len(listed))
        cols = _ints((self.mentor_index[m] for m, _, _ in listed), len(listed))
        sc_ptr, sc_mentor, order = _csr_rows(rows, cols, self.n_mentees)
        sc_score = np.array([float(s) for _, _, s in listed], dtype=np.float64)[order]
        return (ints, floats, ex_ptr, ex_mentor, sc_ptr, sc_mentor, sc_score, TOPIC_VALUES.copy())

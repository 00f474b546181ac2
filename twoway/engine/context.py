"""A validated problem turned into arrays the kernels can read.

People become indices (their position in ``problem.mentors`` or
``problem.mentees``); skills become dense indices; every per-person fact is a
column of an int64 table, with ``UNKNOWN`` for "not stated". Inverted indices
list, per skill, who offers it and who wants it, on each side. The tuples
handed to the kernels (``Side``, ``Index``, ``Rules``, ``Tokens``) are laid out
as ``twoway.engine.columns`` names their parts, and built here by those names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Sized
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from twoway.engine import kernels
from twoway.engine.columns import (
    AVAILABILITY,
    DEPARTMENT,
    F_MAX_REST,
    F_MAX_TZ,
    F_TEACH_CAP,
    F_W_AVAILABILITY,
    F_W_CROSSING,
    F_W_LEVEL_GAP,
    F_W_TEACH,
    F_W_TEACH_BACK,
    F_W_TIME_ZONE,
    FORMATS,
    GENDER,
    GENERATION,
    I_OFFER_LEVEL,
    I_OFFER_PTR,
    I_OFFER_WHO,
    I_WANT_LEVEL,
    I_WANT_PTR,
    I_WANT_WHO,
    LEVEL,
    LINE_BIT,
    LOCATION,
    N_ATTRS,
    N_FLOATS,
    N_INTS,
    P_DEPTH,
    P_EXPLICIT,
    P_MIN_GAP,
    P_MUST,
    P_N_VALUED,
    P_SENIOR,
    P_VALUED,
    R_EX_MENTOR,
    R_EX_PTR,
    R_FLOATS,
    R_INTS,
    R_SC_MENTOR,
    R_SC_PTR,
    R_SC_SCORE,
    R_VALUES,
    S_ATTR,
    S_BG_PTR,
    S_BG_TAGS,
    S_IDS,
    S_MANAGERS,
    S_OFFER_LEVEL,
    S_OFFER_PTR,
    S_OFFER_SKILL,
    S_WANT_LEVEL,
    S_WANT_PTR,
    S_WANT_SKILL,
    SENIOR_MENTEE,
    SENIOR_MENTOR,
    SENIOR_NONE,
    T_LEVEL,
    T_PTR,
    T_TOKEN,
    UNKNOWN,
    UTC_OFFSET,
)
from twoway.engine.scoring import TEACH_CAP, TOPIC_VALUES, max_rest
from twoway.engine.types import Participant, Problem, ScoreTable
from twoway.engine.validation import int_ids_indexed

IntArray = npt.NDArray[np.int64]

# The ``Participant`` field behind each column of the attribute table.
_ATTR_FIELDS = {
    LEVEL: "level",
    DEPARTMENT: "department",
    LOCATION: "location",
    GENERATION: "generation",
    GENDER: "gender",
    UTC_OFFSET: "utc_offset_minutes",
    AVAILABILITY: "availability",
    FORMATS: "formats",
}
_SENIOR = {None: SENIOR_NONE, "mentor": SENIOR_MENTOR, "mentee": SENIOR_MENTEE}

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
    # One key per pair (indices multiply within int64): sorting it is several
    # times faster than ``lexsort`` of the two, in the same (stable) order.
    order = np.argsort(rows * (int(cols.max()) + 1 if len(cols) else 1) + cols, kind="stable")
    ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=ptr[1:])
    return ptr, np.ascontiguousarray(cols[order]), order


def _laid_out(parts: dict[int, Any]) -> tuple[Any, ...]:
    """A kernel tuple from its parts by position (the ``columns`` names)."""
    return tuple(parts[k] for k in range(len(parts)))


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
        fields = [_ATTR_FIELDS[column] for column in range(N_ATTRS)]
        values = chain.from_iterable(map(attrgetter(*fields), people))
        attr = _ints((UNKNOWN if v is None else v for v in values), len(fields) * n)
        tags = [sorted(p.background) for p in people]
        bg_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(_counts(tags), out=bg_ptr[1:])
        bg_tags = _ints(chain.from_iterable(tags), int(bg_ptr[-1]))
        depth = max(self.problem.constraints.reporting_line_depth, 1)
        pad = (UNKNOWN,) * depth
        chains = ((p.managers[:depth] + pad)[:depth] for p in people)
        managers = _ints(chain.from_iterable(chains), n * depth).reshape(n, depth)
        skills = {}
        for direction in ("offers", "wants"):
            counts, rows = self._raw_skills[f"{side}.{direction}"]
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(counts, out=ptr[1:])
            skill = np.searchsorted(self.skill_ids, rows[:, 0]).astype(np.int64)
            skills[direction] = (ptr, skill, np.ascontiguousarray(rows[:, 1]))
        off_ptr, off_skill, off_level = skills["offers"]
        want_ptr, want_skill, want_level = skills["wants"]
        return _laid_out(
            {
                S_IDS: ids,
                S_ATTR: attr.reshape(n, len(fields)),
                S_BG_PTR: bg_ptr,
                S_BG_TAGS: bg_tags,
                S_MANAGERS: managers,
                S_OFFER_PTR: off_ptr,
                S_OFFER_SKILL: off_skill,
                S_OFFER_LEVEL: off_level,
                S_WANT_PTR: want_ptr,
                S_WANT_SKILL: want_skill,
                S_WANT_LEVEL: want_level,
            }
        )

    @cached_property
    def mentor_side(self) -> tuple[Any, ...]:
        return self._side(self.problem.mentors, "mentor")

    @cached_property
    def mentee_side(self) -> tuple[Any, ...]:
        return self._side(self.problem.mentees, "mentee")

    def _index(self, side: tuple[Any, ...]) -> tuple[Any, ...]:
        n_skills = len(self.skill_ids)
        off_ptr, off_who, off_level = _inverted(
            side[S_OFFER_PTR], side[S_OFFER_SKILL], side[S_OFFER_LEVEL], n_skills
        )
        want_ptr, want_who, want_level = _inverted(
            side[S_WANT_PTR], side[S_WANT_SKILL], side[S_WANT_LEVEL], n_skills
        )
        return _laid_out(
            {
                I_OFFER_PTR: off_ptr,
                I_OFFER_WHO: off_who,
                I_OFFER_LEVEL: off_level,
                I_WANT_PTR: want_ptr,
                I_WANT_WHO: want_who,
                I_WANT_LEVEL: want_level,
            }
        )

    @cached_property
    def mentor_index_by_skill(self) -> tuple[Any, ...]:
        return self._index(self.mentor_side)

    @cached_property
    def mentee_index_by_skill(self) -> tuple[Any, ...]:
        return self._index(self.mentee_side)

    def _tokens(self, side: tuple[Any, ...], teach: str) -> tuple[IntArray, IntArray, IntArray]:
        n, n_skills = len(side[S_IDS]), len(self.skill_ids)
        parts = {
            "offers": (side[S_OFFER_PTR], side[S_OFFER_SKILL], side[S_OFFER_LEVEL]),
            "wants": (side[S_WANT_PTR], side[S_WANT_SKILL], side[S_WANT_LEVEL]),
        }
        who, tok, level = [], [], []
        for direction, (ptr, skill, lv) in parts.items():
            who.append(np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr)))
            tok.append(skill + (0 if direction == teach else n_skills))
            level.append(lv)
        all_who, all_tok, all_level = (np.concatenate(x) for x in (who, tok, level))
        order = np.lexsort((all_tok, all_who))
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(all_who, minlength=n), out=ptr[1:])
        tokens = _laid_out(
            {
                T_PTR: ptr,
                T_TOKEN: np.ascontiguousarray(all_tok[order]),
                T_LEVEL: np.ascontiguousarray(all_level[order]),
            }
        )
        return cast(tuple[IntArray, IntArray, IntArray], tokens)

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
        ints, floats = self.rules[R_INTS], self.rules[R_FLOATS]
        mentees, mentors = self.mentee_side[S_ATTR], self.mentor_side[S_ATTR]
        bounds = self.kernel(kernels.rest_bounds)
        return (
            bounds(mentees, mentors, ints, floats, False),
            bounds(mentors, mentees, ints, floats, True),
        )

    @cached_property
    def values8(self) -> IntArray:
        """Topic values in eighths, ``values8[teacher level, learner level]``."""
        return (TOPIC_VALUES * 8).astype(np.int64)

    @cached_property
    def rules(self) -> tuple[Any, ...]:
        problem = self.problem
        c = problem.constraints
        ints = np.zeros(N_INTS, dtype=np.int64)
        ints[P_DEPTH] = c.reporting_line_depth
        ints[P_SENIOR] = _SENIOR[c.senior_side]
        ints[P_MIN_GAP] = c.min_level_gap
        ints[P_MUST] = sum(bit for line, bit in LINE_BIT.items() if line in c.must_differ)
        ints[P_VALUED] = sum(bit for line, bit in LINE_BIT.items() if line in c.valued_lines)
        ints[P_N_VALUED] = len(c.valued_lines)
        ints[P_EXPLICIT] = 1 if problem.scores is not None else 0
        w = problem.weights
        floats = np.zeros(N_FLOATS, dtype=np.float64)
        floats[F_MAX_TZ] = np.inf if c.max_time_zone_hours is None else c.max_time_zone_hours * 60
        floats[F_W_TEACH] = w.teach
        floats[F_W_TEACH_BACK] = w.teach_back
        floats[F_W_CROSSING] = w.crossing
        floats[F_W_LEVEL_GAP] = w.level_gap
        floats[F_W_AVAILABILITY] = w.availability
        floats[F_W_TIME_ZONE] = w.time_zone
        floats[F_TEACH_CAP] = TEACH_CAP
        floats[F_MAX_REST] = max_rest(w)

        pairs = list(c.excluded)
        ex_ptr, ex_mentor, _ = _csr_rows(
            _ints((self.mentee_index[e] for _, e in pairs), len(pairs)),
            _ints((self.mentor_index[m] for m, _ in pairs), len(pairs)),
            self.n_mentees,
        )
        mentor_ids, mentee_ids, values = ScoreTable.columns_of(problem.scores or ())
        rows = int_ids_indexed(mentee_ids, self.mentee_index)
        cols = int_ids_indexed(mentor_ids, self.mentor_index)
        sc_ptr, sc_mentor, order = _csr_rows(rows, cols, self.n_mentees)
        sc_score = values[order]
        return _laid_out(
            {
                R_INTS: ints,
                R_FLOATS: floats,
                R_EX_PTR: ex_ptr,
                R_EX_MENTOR: ex_mentor,
                R_SC_PTR: sc_ptr,
                R_SC_MENTOR: sc_mentor,
                R_SC_SCORE: sc_score,
                R_VALUES: TOPIC_VALUES.copy(),
            }
        )

    def given(self, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """The explicit scores of ``pairs`` (mentor index, mentee index) that are
        listed, by (mentor id, mentee id): the table ``scoring.explain`` takes."""
        rules = self.rules
        sc_ptr, sc_mentor, sc_score = rules[R_SC_PTR], rules[R_SC_MENTOR], rules[R_SC_SCORE]
        if not pairs or len(sc_mentor) == 0:
            return {}
        n_m = max(self.n_mentors, 1)
        listed_rows = np.repeat(np.arange(self.n_mentees, dtype=np.int64), np.diff(sc_ptr))
        # Sorted: rows ascending, each row's mentors sorted.
        keys = listed_rows * n_m + sc_mentor
        j, i = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
        wanted = i * n_m + j
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = np.flatnonzero(keys[pos] == wanted).tolist()
        mentors, mentees = self.problem.mentors, self.problem.mentees
        return {(mentors[j[k]].id, mentees[i[k]].id): float(sc_score[pos[k]]) for k in found}

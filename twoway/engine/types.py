"""The engine's types: what goes in, what comes out.

Frozen dataclasses with integer ids. The engine never mutates them and never
reads a database, a file or the clock (timings come from an injected clock).
The Django shell (``twoway.matching.adapters``) and the JSON reader
(``twoway.engine.jsonio``) build these; nothing else does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

# Score components, in the order they are reported. Each pair keeps its
# breakdown under these names, so that every pair can be explained.
COMPONENTS: tuple[str, ...] = (
    "teach",  # what the mentor can teach the mentee: offers x wants, weighted by levels
    "teach_back",  # what the mentee can teach the mentor: the two-way part
    "crossing",  # dividing lines crossed that the program values
    "level_gap",  # seniority difference in the expected direction
    "availability",  # time windows and meeting formats in common
    "time_zone",  # closeness of working hours
)
# With explicit pair scores the whole score is this one component.
GIVEN = "given"

# Dividing lines a program can value (soft, scored) or require (hard, must differ).
LINES: tuple[str, ...] = ("department", "location", "generation", "gender", "background")

Side = Literal["mentor", "mentee"]
Objective = Literal["best_total", "most_matched"]
Algorithm = Literal["optimal", "stable", "greedy"]
Search = Literal["auto", "exact", "fast"]

# A progress callback receives a phase name and a fraction in [0, 1].
Progress = Callable[[str, float], None]
# A clock returns seconds (time.perf_counter); the engine itself keeps none.
Clock = Callable[[], float]


class EngineInputError(ValueError):
    """The problem cannot be solved as given; the message says exactly why."""


@dataclass(frozen=True, slots=True)
class Participant:
    """One person on one side of a program.

    In a mutual program the same ``id`` may appear once among mentors and once
    among mentees; the engine never pairs a person with themself.

    ``offers`` and ``wants`` are ``(skill id, level 1-5)`` pairs: for an offer
    the level says how deep the teaching can go; for a want, where the
    learning starts. ``managers`` is the reporting chain upwards, nearest
    first (manager, skip-level, ...), as deep as the program's rule needs.
    The self-descriptions (``generation``, ``gender``, ``background``) are
    present only when the person consented; they are codes, never words.
    ``availability`` and ``formats`` are bit masks (0 = not stated).
    """

    id: int
    capacity: int = 1
    offers: tuple[tuple[int, int], ...] = ()
    wants: tuple[tuple[int, int], ...] = ()
    level: int | None = None
    department: int | None = None
    location: int | None = None
    utc_offset_minutes: int | None = None
    managers: tuple[int, ...] = ()
    generation: int | None = None
    gender: int | None = None
    background: frozenset[int] = frozenset()
    availability: int = 0
    formats: int = 0


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each score component counts. Zero switches a component off."""

    teach: float = 1.0
    teach_back: float = 0.5
    crossing: float = 0.5
    level_gap: float = 0.2
    availability: float = 0.3
    time_zone: float = 0.2

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}


@dataclass(frozen=True, slots=True)
class Constraints:
    """Hard rules: a pair that breaks one is never proposed.

    ``reporting_line_depth``: 0 allows any pair; 1 excludes a person's manager
    and direct reports; 2 also the skip-level in both directions; and so on.
    ``senior_side`` says who is expected to be more senior (``"mentee"`` in a
    reverse program); ``min_level_gap`` is then the least difference in level
    in that direction (0 = no rule). ``must_differ`` names lines from
    ``LINES`` that every pair must cross. ``max_time_zone_hours`` bounds the
    difference between the two UTC offsets. ``valued_lines`` are the lines
    whose crossing scores (soft). ``excluded`` pairs are forbidden and
    ``locked`` pairs must be in the result, both as ``(mentor, mentee)``.
    """

    reporting_line_depth: int = 2
    senior_side: Side | None = None
    min_level_gap: int = 0
    must_differ: frozenset[str] = frozenset()
    max_time_zone_hours: float | None = None
    valued_lines: frozenset[str] = frozenset({"department", "location"})
    excluded: frozenset[tuple[int, int]] = frozenset()
    locked: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Options:
    """How to solve.

    ``objective``: best total, or most people matched and then best total.
    ``algorithm``: ``optimal`` (the default), ``stable`` (Gale-Shapley on
    score-derived preferences, for comparison) or ``greedy`` (a baseline).
    ``search``: ``exact`` certifies optimality, widening the candidate graph
    as needed; ``fast`` skips the widening and reports a proven bound on the
    distance from the optimum; ``auto`` is exact up to ``auto_exact_limit``
    people (both sides together) and fast above. ``top_k`` is the number of
    best partners each person keeps in the candidate graph, on both sides;
    exact search starts from ``exact_top_k`` when that is larger (fewer
    widening rounds; the result is the same certified optimum either way).
    """

    objective: Objective = "best_total"
    algorithm: Algorithm = "optimal"
    search: Search = "auto"
    top_k: int = 10
    exact_top_k: int = 20
    auto_exact_limit: int = 10_000


Triple = tuple[int, int, float]


class ScoreTable(Sequence[Triple]):
    """Explicit scores kept as three columns: ids of mentors and of mentees,
    and the scores, as read-only arrays.

    Reads like the tuple of ``(mentor, mentee, score)`` triples it stands for
    (and is equal to it), but makes those triples only when something reads
    them: the JSON reader passes its columns this way, and the engine checks
    and indexes half a million scores as arrays instead of triple by triple.

    >>> scores = ScoreTable([7, 8], [9, 9], [2.5, 1.0])
    >>> scores, scores == ((7, 9, 2.5), (8, 9, 1.0)), scores[1], scores.values
    (((7, 9, 2.5), (8, 9, 1.0)), True, (8, 9, 1.0), array([2.5, 1. ]))
    """

    __slots__ = ("_triples", "mentees", "mentors", "values")

    def __init__(self, mentors: Any, mentees: Any, values: Any) -> None:
        self.mentors = np.array(mentors, dtype=np.int64)
        self.mentees = np.array(mentees, dtype=np.int64)
        self.values = np.array(values, dtype=np.float64)
        if not len(self.mentors) == len(self.mentees) == len(self.values):
            raise ValueError("the three columns of a ScoreTable must have the same length")
        for column in (self.mentors, self.mentees, self.values):
            column.flags.writeable = False
        self._triples: tuple[Triple, ...] | None = None

    def triples(self) -> tuple[Triple, ...]:
        """The scores as a tuple of triples (made once)."""
        if self._triples is None:
            lists = (c.tolist() for c in (self.mentors, self.mentees, self.values))
            self._triples = tuple(zip(*lists, strict=True))
        return self._triples

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, k: int) -> Triple: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[Triple, ...]: ...
    def __getitem__(self, k: int | slice) -> Triple | tuple[Triple, ...]:
        return self.triples()[k]

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ScoreTable):
            other = other.triples()
        return isinstance(other, tuple) and self.triples() == other

    def __hash__(self) -> int:
        return hash(self.triples())

    def __repr__(self) -> str:
        return repr(self.triples())

    @staticmethod
    def columns_of(
        scores: Sequence[Triple],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The columns (mentor ids, mentee ids, scores) of valid ``scores``."""
        if isinstance(scores, ScoreTable):
            return scores.mentors, scores.mentees, scores.values
        return (
            np.array([t[0] for t in scores], dtype=np.int64),
            np.array([t[1] for t in scores], dtype=np.int64),
            np.array([t[2] for t in scores], dtype=np.float64),
        )


# Weak references let ``validate`` remember the problems that passed.
@dataclass(frozen=True, slots=True, weakref_slot=True)
class Problem:
    """Everything the engine needs for one run.

    With ``scores`` (explicit ``(mentor, mentee, score)`` triples, as a tuple
    or a ``ScoreTable``) the skills are ignored, only the listed pairs are
    allowed, the whole given graph is solved and the result is certified;
    hard constraints still apply.
    """

    mentors: tuple[Participant, ...]
    mentees: tuple[Participant, ...]
    weights: Weights = field(default_factory=Weights)
    constraints: Constraints = field(default_factory=Constraints)
    options: Options = field(default_factory=Options)
    scores: tuple[Triple, ...] | ScoreTable | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """One skill a pair shares: the teacher's level and the learner's level."""

    skill: int
    teacher_level: int
    learner_level: int


@dataclass(frozen=True, slots=True)
class MatchedPair:
    """One proposed pair with the reasons for it.

    ``breakdown`` maps each component (``COMPONENTS``, or ``GIVEN``) to its
    weighted contribution; they sum to ``score``. ``teaches`` are the topics
    the mentor can teach the mentee, ``teaches_back`` the reverse, best first;
    ``crossed`` the valued lines the pair crosses.
    """

    mentor: int
    mentee: int
    score: float
    breakdown: Mapping[str, float]
    teaches: tuple[Topic, ...] = ()
    teaches_back: tuple[Topic, ...] = ()
    crossed: tuple[str, ...] = ()
    locked: bool = False


# Why a person was left without a partner.
UnmatchedReason = Literal[
    "no_candidate",  # nobody on the other side at all
    "constraint",  # every possible partner was ruled out by a hard rule (see detail)
    "no_shared_topic",  # allowed partners exist, but none shares a topic
    "capacity",  # had candidates, but each was better used elsewhere
    "not_chosen",  # stable/greedy modes: candidates, no acceptance
]


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A person left without a partner and why.

    ``constraints`` counts, per hard rule, how many partners it ruled out
    (e.g. ``{"reporting_line": 2, "min_level_gap": 40}``), so that the page can
    say which rule excluded them.
    """

    id: int
    side: Side
    reason: UnmatchedReason
    candidates: int = 0
    constraints: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of one run, sorted by (mentor, mentee) and (side, id).

    ``certified_optimal`` is True only when the total is proven to be the best
    possible over *all* allowed pairs (not only the candidate graph).
    ``optimality_gap`` is a proven upper bound on ``optimum - total``
    (0.0 when certified). ``timings`` are seconds by phase, empty without a
    clock. ``stats`` holds counts such as candidate edges and widenings.
    """

    pairs: tuple[MatchedPair, ...]
    total: float
    certified_optimal: bool
    optimality_gap: float
    unmatched: tuple[Unmatched, ...]
    blocking_pairs: int
    objective: Objective
    algorithm: Algorithm
    search: Literal["exact", "fast"]
    timings: Mapping[str, float] = field(default_factory=dict)
    stats: Mapping[str, int | float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A ranked partner for self-match programs, with its reasons."""

    partner: int
    score: float
    breakdown: Mapping[str, float]
    teaches: tuple[Topic, ...] = ()
    teaches_back: tuple[Topic, ...] = ()
    crossed: tuple[str, ...] = ()

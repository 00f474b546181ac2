"""The JSON form of problems and results (``docs/matching-format.md``).

``problem_from_json`` turns parsed JSON into a ``Problem`` plus the
``Names`` needed to speak the caller's language again: people's ids are
strings (or integers) in JSON and integers in the engine; departments,
skills, time windows and the like are words in JSON and codes in the engine.
``result_to_json`` turns a ``MatchResult`` back into JSON-ready data.

Every malformed input raises ``EngineInputError`` with one message that
names the place, e.g. ``scores[3]: unknown mentee id "e9"``. The scores
(half a million of them is not unusual) are checked as columns of arrays,
and the first failure is worded as the entry-by-entry check would word it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from twoway.engine.explanation import pair_reasons
from twoway.engine.types import (
    COMPONENTS,
    EngineInputError,
    MatchResult,
    Participant,
    Problem,
    ScoreTable,
)
from twoway.engine.types import Constraints as _Constraints
from twoway.engine.types import Options as _Options
from twoway.engine.types import Weights as _Weights
from twoway.engine.validation import (
    entries_columns,
    entries_shaped,
    first_true,
    ids_indexed,
    numbers_finite,
    pairs_repeated,
    validate,
)

IntArray = npt.NDArray[np.int64]

PERSON_KEYS = {
    "id",
    "capacity",
    "offers",
    "wants",
    "level",
    "department",
    "location",
    "utc_offset_minutes",
    "managers",
    "generation",
    "gender",
    "background",
    "availability",
    "formats",
    "name",
}
TOP_KEYS = {"mentors", "mentees", "scores", "weights", "constraints", "options", "skills", "seed"}
CODED = ("department", "location", "generation", "gender")
# The exact types of a valid id (``bool`` is a subclass of ``int``, not an id).
_ID_TYPES = (str, int)
MAX_BITS = 63


def _fail(message: str) -> None:
    raise EngineInputError(message)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _is_id(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


class _Codes:
    """Words to small integer codes, in order of first appearance."""

    def __init__(self) -> None:
        self.code: dict[Any, int] = {}

    def __call__(self, word: Any) -> int:
        return self.code.setdefault(word, len(self.code))


@dataclass
class Names:
    """How engine integers map back to the JSON's ids and words."""

    person: dict[int, Any] = field(default_factory=dict)
    skill: dict[int, Any] = field(default_factory=dict)
    skill_label: dict[int, str] = field(default_factory=dict)

    def label(self, side: str, pid: int) -> str:
        return _show(self.person.get(pid, pid))

    def name(self, pid: int) -> Any:
        return self.person.get(pid, pid)


class _Reader:
    def __init__(self) -> None:
        self.person_code: dict[Any, int] = {}
        self.names = Names()
        self.skill_code = _Codes()
        self.words = {name: _Codes() for name in (*CODED, "background")}
        self.bits = {"availability": _Codes(), "formats": _Codes()}

    # -- small readers -------------------------------------------------
    def person(self, where: str, value: Any, suffix: str = "") -> int:
        """The engine id of a JSON id; ``where + suffix`` names it in messages."""
        if not isinstance(value, str | int) or isinstance(value, bool):
            _fail(f"{where}{suffix}: an id must be a string or an integer, got {_show(value)}")
        return self.code(value)

    def code(self, value: str | int) -> int:
        """The engine id of a valid JSON id, numbered in order of first appearance."""
        code = self.person_code.get(value)
        if code is None:
            code = len(self.person_code)
            self.person_code[value] = code
            self.names.person[code] = value
        return code

    def skill(self, where: str, value: Any) -> int:
        if not isinstance(value, str | int) or isinstance(value, bool):
            _fail(f"{where}: a skill must be a string or an integer, got {_show(value)}")
        code = self.skill_code(value)
        self.names.skill[code] = value
        return code

    def skills(self, where: str, value: Any) -> tuple[tuple[int, int], ...]:
        if not isinstance(value, list):
            _fail(f"{where}: expected a list of skills")
        out = []
        for k, entry in enumerate(value):
            here = f"{where}[{k}]"
            if isinstance(entry, dict):
                extra = set(entry) - {"skill", "level"}
                if extra:
                    _fail(f"{here}: unknown key {_show(sorted(extra)[0])}")
                if "skill" not in entry:
                    _fail(f'{here}: missing "skill"')
                skill, level = entry["skill"], entry.get("level", 3)
            elif isinstance(entry, list) and len(entry) == 2:
                skill, level = entry
            else:
                _fail(f'{here}: expected {{"skill": ..., "level": 1-5}} or [skill, level]')
            if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
                _fail(f"{here}: level must be an integer from 1 to 5, got {_show(level)}")
            out.append((self.skill(here, skill), level))
        return tuple(out)

    def mask(self, where: str, value: Any, kind: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            _fail(f"{where}: expected a list of strings")
        mask = 0
        for word in value:
            bit = self.bits[kind](word)
            if bit >= MAX_BITS:
                _fail(f"{where}: more than {MAX_BITS} different {kind} values in the problem")
            mask |= 1 << bit
        return mask

    def participant(self, where: str, raw: Any, side: str) -> Participant:
        if not isinstance(raw, dict):
            _fail(f"{where}: expected an object")
        if not PERSON_KEYS.issuperset(raw):
            extra = set(raw) - PERSON_KEYS
            _fail(f"{where}: unknown key {_show(sorted(extra)[0])}")
        if "id" not in raw:
            _fail(f'{where}: missing "id"')
        pid = self.person(where, raw["id"], ".id")
        capacity = raw.get("capacity", 1)
        if not isinstance(capacity, int) or isinstance(capacity, bool):
            _fail(f"{where}.capacity: must be an integer, got {_show(capacity)}")
        if capacity < 1:
            _fail(f"{where}.capacity: must be at least 1, got {capacity}")
        if side == "mentee" and capacity != 1:
            _fail(f"{where}.capacity: a mentee has one mentor, so capacity must be 1")
        fields: dict[str, Any] = {}
        for name in CODED:
            if raw.get(name) is not None:
                value = raw[name]
                if not isinstance(value, str | int) or isinstance(value, bool):
                    _fail(f"{where}.{name}: expected a string, got {_show(value)}")
                fields[name] = self.words[name](value)
        level = raw.get("level")
        if level is not None and (not isinstance(level, int) or isinstance(level, bool)):
            _fail(f"{where}.level: must be an integer (a grade), got {_show(level)}")
        offset = raw.get("utc_offset_minutes")
        if offset is not None and (not isinstance(offset, int) or isinstance(offset, bool)):
            _fail(f"{where}.utc_offset_minutes: must be an integer, got {_show(offset)}")
        managers = raw.get("managers", [])
        if not isinstance(managers, list):
            _fail(f"{where}.managers: expected a list of ids")
        background = raw.get("background", [])
        if not isinstance(background, list):
            _fail(f"{where}.background: expected a list of strings")
        # Absent lists are read as the empty ones, in the same order (the
        # first error found stays the same), without naming their places: a
        # score file of 20,000 people with ids alone reads twice as fast.
        return Participant(
            id=pid,
            capacity=capacity,
            offers=self.skills(f"{where}.offers", raw["offers"]) if "offers" in raw else (),
            wants=self.skills(f"{where}.wants", raw["wants"]) if "wants" in raw else (),
            level=level,
            utc_offset_minutes=offset,
            managers=tuple(
                self.person(where, m, f".managers[{k}]") for k, m in enumerate(managers)
            ),
            background=frozenset(self.words["background"](t) for t in background),
            availability=(
                self.mask(f"{where}.availability", raw["availability"], "availability")
                if "availability" in raw
                else 0
            ),
            formats=(
                self.mask(f"{where}.formats", raw["formats"], "formats") if "formats" in raw else 0
            ),
            **fields,
        )

    def side(self, data: dict[str, Any], name: str, side: str) -> tuple[Participant, ...]:
        raw = data.get(name, [])
        if not isinstance(raw, list):
            _fail(f"{name}: expected a list")
        people = []
        seen: set[Any] = set()
        for k, entry in enumerate(raw):
            if type(entry) is dict and len(entry) == 1 and type(entry.get("id")) in _ID_TYPES:
                # People by id alone, as score files list them: nothing else to read.
                person = Participant(self.code(entry["id"]))
            else:
                person = self.participant(f"{name}[{k}]", entry, side)
            if entry["id"] in seen:
                _fail(f"{name}[{k}].id: duplicate {side} id {_show(entry['id'])}")
            seen.add(entry["id"])
            people.append(person)
        return tuple(people)

    def codes(self, people: Sequence[Any]) -> dict[Any, int]:
        """The engine id of each person of one side, by their JSON id."""
        return {p["id"]: self.person_code[p["id"]] for p in people}

    def known(self, where: str, value: Any, side: str, ids: Mapping[Any, int]) -> int:
        if not _is_id(value) or value not in ids:
            _fail(f"{where}: unknown {side} id {_show(value)}")
        return ids[value]

    def pairs(
        self, where: str, raw: Any, mentors: Mapping[Any, int], mentees: Mapping[Any, int]
    ) -> list[tuple[int, int]]:
        if not isinstance(raw, list):
            _fail(f"{where}: expected a list of [mentor, mentee] pairs")
        out = []
        for k, pair in enumerate(raw):
            if not isinstance(pair, list) or len(pair) != 2:
                _fail(f"{where}[{k}]: expected [mentor, mentee]")
            out.append(
                (
                    self.known(f"{where}[{k}]", pair[0], "mentor", mentors),
                    self.known(f"{where}[{k}]", pair[1], "mentee", mentees),
                )
            )
        return out


def _settings(cls: type, where: str, raw: Any, convert: Mapping[str, Any] | None = None) -> Any:
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        _fail(f"{where}: expected an object")
    known = set(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    extra = set(raw) - known
    if extra:
        _fail(f"{where}: unknown key {_show(sorted(extra)[0])}")
    values = dict(raw)
    for key, fn in (convert or {}).items():
        if key in values:
            values[key] = fn(f"{where}.{key}", values[key])
    try:
        return cls(**values)
    except TypeError as exc:  # pragma: no cover - guarded by the key check
        raise EngineInputError(f"{where}: {exc}") from None


def _number(where: str, value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        _fail(f"{where}: must be a number, got {_show(value)}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        _fail(f"{where}: must be a finite number, got {value!r}")
    return float(value)


def _codes(ids: Sequence[Any], side: Mapping[Any, int]) -> IntArray:
    """Each id's engine id, -1 where it is not an id of ``side``."""
    # ``True == 1`` and ``1.0 == 1``: only strings and integers may match
    # (with string ids only, nothing else can: no need to look at the types).
    if all(isinstance(key, str) for key in side) or set(map(type, ids)) <= {str, int}:
        return ids_indexed(ids, side)
    return np.array([side.get(v, -1) if _is_id(v) else -1 for v in ids], dtype=np.int64)


def _score_entry(
    reader: _Reader, k: int, entry: Any, mentors: Mapping[Any, int], mentees: Mapping[Any, int]
) -> None:
    """Checks ``scores[k]`` on its own (not whether its pair came before)."""
    where = f"scores[{k}]"
    if not isinstance(entry, list) or len(entry) != 3:
        _fail(f"{where}: expected [mentor, mentee, score]")
    reader.known(where, entry[0], "mentor", mentors)
    reader.known(where, entry[1], "mentee", mentees)
    _number(f"{where}: score", entry[2])


def _scores(
    reader: _Reader, raw: Any, mentors: Mapping[Any, int], mentees: Mapping[Any, int]
) -> ScoreTable:
    """``scores`` as (mentor, mentee, score) triples of engine ids, in columns.

    Checked column by column; the first entry found wrong is then checked on
    its own, which words the message, and if it passes on its own, its pair
    came before.
    """
    if not isinstance(raw, list):
        _fail("scores: expected a list of [mentor, mentee, score]")
    shaped = entries_shaped(raw, list, 3)
    mentor_ids, mentee_ids, values = entries_columns(raw[:shaped], 3)
    rows, cols = _codes(mentor_ids, mentors), _codes(mentee_ids, mentees)
    scores, finite = numbers_finite(values)
    k = first_true((rows < 0) | (cols < 0) | ~finite | pairs_repeated(rows, cols))
    if k < len(raw):
        _score_entry(reader, k, raw[k], mentors, mentees)
        _fail(f"scores[{k}]: the pair ({_show(raw[k][0])}, {_show(raw[k][1])}) is listed twice")
    return ScoreTable(rows, cols, scores)


def _lines(where: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        _fail(f"{where}: expected a list of line names")
    return frozenset(value)


def problem_from_json(data: Any) -> tuple[Problem, Names, int]:
    """(problem, names, seed) from parsed JSON; raises ``EngineInputError``.

    The problem is validated (``validate``), with messages that name people
    by their JSON ids; ``match`` does not check it a second time.

    Examples
    --------
    >>> problem, names, seed = problem_from_json({
    ...     "mentors": [{"id": "ana"}], "mentees": [{"id": "cho"}],
    ...     "scores": [["ana", "cho", 2.5]],
    ... })
    >>> problem.scores, names.name(0), names.name(1), seed
    (((0, 1, 2.5),), 'ana', 'cho', 0)
    >>> problem_from_json({"mentors": [{"id": "ana"}], "scores": [["ana", "eve", 1]]})
    Traceback (most recent call last):
    ...
    twoway.engine.types.EngineInputError: scores[0]: unknown mentee id "eve"
    """
    if not isinstance(data, dict):
        _fail("the problem must be a JSON object")
    extra = set(data) - TOP_KEYS
    if extra:
        _fail(f"unknown top-level key {_show(sorted(extra)[0])}")
    reader = _Reader()
    mentors = reader.side(data, "mentors", "mentor")
    mentees = reader.side(data, "mentees", "mentee")
    mentor_ids = reader.codes(data.get("mentors", []))
    mentee_ids = reader.codes(data.get("mentees", []))
    raw_scores = data.get("scores")
    scores = None if raw_scores is None else _scores(reader, raw_scores, mentor_ids, mentee_ids)

    weights = _settings(
        _Weights, "weights", data.get("weights"), {name: _number for name in COMPONENTS}
    )
    constraints = _settings(
        _Constraints,
        "constraints",
        data.get("constraints"),
        {
            "must_differ": _lines,
            "valued_lines": _lines,
            "excluded": lambda w, v: frozenset(reader.pairs(w, v, mentor_ids, mentee_ids)),
            "locked": lambda w, v: tuple(reader.pairs(w, v, mentor_ids, mentee_ids)),
            "max_time_zone_hours": lambda w, v: None if v is None else _number(w, v),
        },
    )
    options = _settings(_Options, "options", data.get("options"))

    skills = data.get("skills") or {}
    if not isinstance(skills, dict):
        _fail('skills: expected an object like {"python": "Python"}')
    for code, key in reader.names.skill.items():
        label = skills.get(key, key) if isinstance(key, str) else skills.get(str(key), key)
        reader.names.skill_label[code] = str(label)

    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        _fail(f"seed: must be an integer, got {_show(seed)}")
    problem = Problem(mentors, mentees, weights, constraints, options, scores)
    validate(problem, label=reader.names.label)
    return problem, reader.names, seed


def result_to_json(result: MatchResult, names: Names) -> dict[str, Any]:
    """JSON-ready data for ``result``, ids and skills named as in the problem."""
    n = names.name
    details = []
    for p in result.pairs:
        mentor, mentee = str(n(p.mentor)), str(n(p.mentee))
        details.append(
            {
                "mentor": n(p.mentor),
                "mentee": n(p.mentee),
                "score": p.score,
                "breakdown": dict(p.breakdown),
                "locked": p.locked,
                "teaches": [
                    {"skill": names.skill.get(t.skill, t.skill), "teacher_level": t.teacher_level,
                     "learner_level": t.learner_level}
                    for t in p.teaches
                ],
                "teaches_back": [
                    {"skill": names.skill.get(t.skill, t.skill), "teacher_level": t.teacher_level,
                     "learner_level": t.learner_level}
                    for t in p.teaches_back
                ],
                "crossed": list(p.crossed),
                "reasons": list(
                    pair_reasons(
                        p.teaches,
                        p.teaches_back,
                        p.crossed,
                        mentor=mentor,
                        mentee=mentee,
                        skill_name=names.skill_label,
                    )
                ),
            }
        )  # fmt: skip
    return {
        "pairs": [[n(p.mentor), n(p.mentee)] for p in result.pairs],
        "total": result.total,
        "certified_optimal": result.certified_optimal,
        "optimality_gap": result.optimality_gap,
        "objective": result.objective,
        "algorithm": result.algorithm,
        "search": result.search,
        "details": details,
        "unmatched": [
            {
                "id": n(u.id),
                "side": u.side,
                "reason": u.reason,
                "candidates": u.candidates,
                "constraints": dict(u.constraints),
            }
            for u in result.unmatched
        ],
        "blocking_pairs": result.blocking_pairs,
        "timings": dict(result.timings),
        "stats": dict(result.stats),
    }

"""The shell around the engine: a program's enrollments in, engine types out.

Everything is loaded in bulk with ``values()`` (a handful of queries whatever
the size of the program) and turned into ``engine.Participant`` rows whose id
is the person's id. Notes on what each field means here:

- **department** is the id of the *top-level* org unit (the first segment of
  the path): Marketing/Digital and Marketing/Brand are the same department,
  because a program that asks pairs to cross departments means the big ones.
- **location** is a number per distinct location text (letter case ignored).
- **utc_offset_minutes** comes from the person's time zone at the moment of the
  run (``at``), so summer time is counted as it is when the pairs start.
- **managers** is the chain upwards, as deep as ``program.reporting_line_depth``.
- **generation / gender / background** are present only for people who
  consented to describe themselves; the words become numbers (gender compared
  lower-cased and trimmed, background as a set of tags) and never leave here.
- **availability / formats** are bit masks: bit *i* is the *i*-th entry of
  ``WINDOW_CHOICES`` / ``FORMAT_CHOICES``.
- In a mutual program someone enrolled as "both" is a mentor *and* a mentee.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from twoway.engine import Constraints, Options, Participant, Problem, Weights
from twoway.engine.grouping import Member
from twoway.engine.types import Objective
from twoway.engine.types import Side as EngineSide
from twoway.matching.models import ReviewDecision
from twoway.pairs.selectors import pair_live_counts
from twoway.people.models import (
    OrgUnit,
    Person,
    SelfDescription,
    current_q,
    department_root,
)
from twoway.people.models import time_zone_lookup as tz_lookup
from twoway.people.selectors import person_manager_chains
from twoway.programs.capacity import mentor_capacity_limit
from twoway.programs.eligibility import words_key
from twoway.programs.models import (
    FORMAT_CHOICES,
    WINDOW_CHOICES,
    Enrollment,
    EnrollmentTopic,
    Program,
)

WINDOW_BITS = {key: 1 << i for i, (key, _) in enumerate(WINDOW_CHOICES)}
FORMAT_BITS = {key: 1 << i for i, (key, _) in enumerate(FORMAT_CHOICES)}
GENERATION_CODES = {value: i for i, value in enumerate(SelfDescription.Generation.values)}

Pair = tuple[int, int]


@dataclass(frozen=True)
class ProgramProblem:
    """The engine problem for a program, with the facts the shell needs around it."""

    problem: Problem
    mentors: Mapping[int, Participant] = field(default_factory=dict)
    mentees: Mapping[int, Participant] = field(default_factory=dict)

    def has_pair(self, mentor: int, mentee: int) -> bool:
        return mentor in self.mentors and mentee in self.mentees


def bit_mask(keys: Iterable[str] | None, bits: Mapping[str, int]) -> int:
    mask = 0
    for key in keys or ():
        mask |= bits.get(key, 0)
    return mask


def utc_offset_minutes(name: str, at: dt.datetime, cache: dict[str, int | None]) -> int | None:
    if name in cache:
        return cache[name]
    canonical = tz_lookup(name) if name else None
    offset = None
    if canonical:
        delta = at.astimezone(zoneinfo.ZoneInfo(canonical)).utcoffset()
        offset = int(delta.total_seconds() // 60) if delta is not None else None
    cache[name] = offset
    return offset


class _Codes:
    """Stable small integers for words, in first-seen order of the sorted input."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def __call__(self, word: str) -> int:
        return self.codes.setdefault(word, len(self.codes))


def _top_level_departments() -> dict[str, int]:
    return dict(OrgUnit.objects.filter(parent__isnull=True).values_list("path", "id"))


def _self_descriptions(program: Program, person_ids: set[int] | None) -> dict[int, dict]:
    """Consented self-descriptions as codes: {person: {"generation": n, "gender": n,
    "background": frozenset}}. Only enrolled people's values are decrypted."""
    rows = SelfDescription.objects.filter(
        person__enrollments__program=program,
        person__enrollments__status=Enrollment.Status.ENROLLED,
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    values = sorted(rows.values_list("person_id", "kind", "value"))
    genders, tags = _Codes(), _Codes()
    result: dict[int, dict] = defaultdict(dict)
    for person_id, kind, value in values:
        if kind == SelfDescription.Kind.GENERATION:
            code = GENERATION_CODES.get(value)
            if code is not None:
                result[person_id]["generation"] = code
        elif kind == SelfDescription.Kind.GENDER:
            word = words_key(value)
            if word:
                result[person_id]["gender"] = genders(word)
        elif kind == SelfDescription.Kind.BACKGROUND:
            words = {words_key(tag) for tag in value.split(",")} - {""}
            if words:
                result[person_id]["background"] = frozenset(tags(w) for w in sorted(words))
    return result


def weights_from(values: Mapping[str, Any] | None, program: Program) -> Weights:
    merged = dict(program.weights)
    for key, value in (values or {}).items():
        if key in merged and value is not None:
            merged[key] = float(value)
    return Weights(**merged)


def engine_side(side: str | None) -> EngineSide | None:
    """``side`` as the engine spells it; None for no side or one it does not know."""
    if side == "mentor":
        return "mentor"
    if side == "mentee":
        return "mentee"
    return None


def engine_objective(objective: str) -> Objective:
    """The program's objective as the engine spells it (a program holds one of its choices)."""
    return "most_matched" if objective == Program.Objective.MOST_MATCHED else "best_total"


def problem_build(
    program: Program,
    *,
    at: dt.datetime | None = None,
    weights: Mapping[str, Any] | None = None,
    locked: Iterable[Pair] = (),
    excluded: Iterable[Pair] = (),
    only_people: Iterable[int] | None = None,
    remaining_capacity: bool = False,
    use_decisions: bool = True,
) -> ProgramProblem:
    """The engine ``Problem`` for ``program``'s enrolled, current participants.

    ``locked`` and ``excluded`` are added to the program's review decisions
    (unless ``use_decisions`` is False). ``only_people`` builds a small problem
    around a few people (to check or score a pair). ``remaining_capacity``
    subtracts live pairs, dropping whoever is full (self-match suggestions).
    """
    at = at or timezone.now()
    subset = set(only_people) if only_people is not None else None
    enrollments = Enrollment.objects.filter(
        current_q("person__"), program=program, status=Enrollment.Status.ENROLLED
    )
    topics_qs = EnrollmentTopic.objects.filter(
        enrollment__program=program, enrollment__status=Enrollment.Status.ENROLLED
    )
    if subset is not None:
        enrollments = enrollments.filter(person_id__in=subset)
        topics_qs = topics_qs.filter(enrollment__person_id__in=subset)
    rows = list(
        enrollments.order_by("person_id").values(
            "id",
            "person_id",
            "role",
            "capacity",
            "availability",
            "formats",
            "person__level",
            "person__department__path",
            "person__location",
            "person__time_zone",
        )
    )
    offers: dict[int, list] = defaultdict(list)
    wants: dict[int, list] = defaultdict(list)
    for enrollment_id, skill_id, direction, level in topics_qs.order_by(
        "enrollment_id", "skill_id"
    ).values_list("enrollment_id", "skill_id", "direction", "level"):
        target = offers if direction == EnrollmentTopic.Direction.TEACH else wants
        target[enrollment_id].append((skill_id, level))

    person_ids = [row["person_id"] for row in rows]
    roots = _top_level_departments()
    chains = person_manager_chains(person_ids, program.reporting_line_depth, bulk=subset is None)
    described = _self_descriptions(program, subset)
    locations = _Codes()
    for text in sorted({words_key(row["person__location"] or "") for row in rows} - {""}):
        locations(text)
    offsets: dict[str, int | None] = {}
    if remaining_capacity:
        mentor_load, paired_mentees = pair_live_counts(program=program)
    else:
        mentor_load, paired_mentees = {}, set()

    mentors: dict[int, Participant] = {}
    mentees: dict[int, Participant] = {}
    for row in rows:
        pid = row["person_id"]
        path = row["person__department__path"] or ""
        location = words_key(row["person__location"] or "")
        facts = described.get(pid, {})
        base = {
            "id": pid,
            "offers": tuple(offers.get(row["id"], ())),
            "wants": tuple(wants.get(row["id"], ())),
            "level": row["person__level"],
            "department": roots.get(department_root(path)) if path else None,
            "location": locations.codes.get(location) if location else None,
            "utc_offset_minutes": utc_offset_minutes(row["person__time_zone"] or "", at, offsets),
            "managers": chains.get(pid, ()),
            "generation": facts.get("generation"),
            "gender": facts.get("gender"),
            "background": facts.get("background", frozenset()),
            "availability": bit_mask(row["availability"], WINDOW_BITS),
            "formats": bit_mask(row["formats"], FORMAT_BITS),
        }
        role = row["role"]
        if role in (Enrollment.Role.MENTOR, Enrollment.Role.BOTH):
            capacity = mentor_capacity_limit(program, row["capacity"]) - mentor_load.get(pid, 0)
            if capacity > 0:
                mentors[pid] = Participant(capacity=capacity, **base)
        if role in (Enrollment.Role.MENTEE, Enrollment.Role.BOTH) and pid not in paired_mentees:
            mentees[pid] = Participant(capacity=1, **base)

    lock_set: set[Pair] = set(locked)
    exclude_set: set[Pair] = set(excluded)
    if use_decisions:
        decisions = ReviewDecision.objects.filter(program=program)
        if subset is not None:
            decisions = decisions.filter(mentor_id__in=subset, mentee_id__in=subset)
        for mentor, mentee, kind in decisions.values_list("mentor_id", "mentee_id", "kind"):
            (lock_set if kind == ReviewDecision.Kind.LOCK else exclude_set).add((mentor, mentee))
    lock_set -= exclude_set
    # Decisions about people who are no longer in the program say nothing to the engine.
    lock_list = tuple(sorted(p for p in lock_set if p[0] in mentors and p[1] in mentees))
    exclude_list = frozenset(p for p in exclude_set if p[0] in mentors and p[1] in mentees)

    constraints = Constraints(
        reporting_line_depth=program.reporting_line_depth,
        senior_side=engine_side(program.senior_side),
        min_level_gap=program.min_level_gap,
        must_differ=frozenset(program.must_differ or ()),
        max_time_zone_hours=program.max_time_zone_hours,
        valued_lines=frozenset(program.valued_lines or ()),
        excluded=exclude_list,
        locked=lock_list,
    )
    problem = Problem(
        mentors=tuple(mentors.values()),
        mentees=tuple(mentees.values()),
        weights=weights_from(weights, program),
        constraints=constraints,
        options=Options(objective=engine_objective(program.objective), search="auto"),
    )
    return ProgramProblem(problem=problem, mentors=mentors, mentees=mentees)


def problem_settings(problem: Problem) -> dict[str, Any]:
    """What a run was asked to do, for ``MatchRun.settings`` (JSON, no personal data)."""
    c = problem.constraints
    return {
        "weights": problem.weights.as_dict(),
        "constraints": {
            "reporting_line_depth": c.reporting_line_depth,
            "senior_side": c.senior_side,
            "min_level_gap": c.min_level_gap,
            "must_differ": sorted(c.must_differ),
            "max_time_zone_hours": c.max_time_zone_hours,
            "valued_lines": sorted(c.valued_lines),
            "locked": len(c.locked),
            "excluded": len(c.excluded),
        },
        "objective": problem.options.objective,
        "search": problem.options.search,
    }


def breakdown_json(breakdown: Mapping[str, float]) -> dict[str, float]:
    """A pair's score breakdown as stored (JSON, rounded)."""
    return {key: round(float(value), 6) for key, value in breakdown.items()}


def group_members(
    person_ids: Iterable[int], *, sides: Mapping[int, int] | None = None, depth: int = 1
) -> list[Member]:
    """The engine's group members (``engine.grouping``) for these people, in id order:
    a circle's or a table's.

    - **side**: from ``sides`` (0 senior, 1 junior), else 0 for everyone.
    - **department**: the top-level department, as a number.
    - **generation**: only for people who consented to describe themselves; the value
      becomes a number and never leaves here.
    - **managers**: the chain upwards, ``depth`` deep and at least the line manager:
      nobody sits with their own manager.
    """
    ids = sorted(set(person_ids))
    rows = Person.objects.filter(pk__in=ids).values_list("id", "level", "department__path")
    roots = _top_level_departments()
    chains = person_manager_chains(ids, max(1, depth))
    generations = {
        person_id: GENERATION_CODES[value]
        for person_id, value in SelfDescription.objects.filter(
            person_id__in=ids, kind=SelfDescription.Kind.GENERATION
        ).values_list("person_id", "value")
        if value in GENERATION_CODES
    }
    return [
        Member(
            id=pid,
            side=(sides or {}).get(pid, 0),
            level=level,
            department=roots.get(department_root(path)),
            generation=generations.get(pid),
            managers=chains.get(pid, ()),
        )
        for pid, level, path in sorted(rows)
    ]

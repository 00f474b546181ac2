"""Who may join each side of a program: the rule, the people it admits, the preview.

A rule is read as a ``Criteria`` (a plain value, so that an unsaved form can be
previewed the same way as a saved rule). The clauses on HR fields (level, tenure,
departments) become SQL; the clauses on self-descriptions cannot, because the
values are encrypted, so they run in Python over the people the SQL clauses
already admitted, decrypting only those people's values of that one kind.
Leavers are never eligible.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from twoway.core.encryption import DecryptionError, decrypt_text
from twoway.core.small_groups import min_group_size
from twoway.people.models import OrgUnit, Person, SelfDescription, current_q, unit_subtree_q
from twoway.programs.models import EligibilityRule, Enrollment, Program, Side

SHORT_GENERATION: dict[str, str] = {
    SelfDescription.Generation.GEN_Z: "Gen Z",
    SelfDescription.Generation.MILLENNIAL: "Millennial",
    SelfDescription.Generation.GEN_X: "Gen X",
    SelfDescription.Generation.BOOMER: "Baby boomer",
}


def words_key(text: str) -> str:
    """How a gender or background word is compared: spacing and letter case ignored."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Criteria:
    """One side's rule as plain values. Empty fields admit everyone."""

    min_level: int | None = None
    max_level: int | None = None
    min_tenure_months: int | None = None
    max_tenure_months: int | None = None
    departments_included: tuple[OrgUnit, ...] = ()
    departments_excluded: tuple[OrgUnit, ...] = ()
    generations: tuple[str, ...] = ()
    genders: tuple[str, ...] = ()
    backgrounds: tuple[str, ...] = ()

    @classmethod
    def of_rule(cls, rule: EligibilityRule | None) -> Criteria:
        if rule is None:
            return cls()
        return cls(
            min_level=rule.min_level,
            max_level=rule.max_level,
            min_tenure_months=rule.min_tenure_months,
            max_tenure_months=rule.max_tenure_months,
            # .all() so that a prefetch is used when there is one.
            departments_included=tuple(rule.departments_included.all()),
            departments_excluded=tuple(rule.departments_excluded.all()),
            generations=tuple(rule.generations or ()),
            genders=tuple(rule.genders or ()),
            backgrounds=tuple(rule.backgrounds or ()),
        )


# --- clauses -------------------------------------------------------------------


@dataclass(frozen=True)
class _SqlClause:
    label: str
    q: Q


@dataclass(frozen=True)
class _SelfClause:
    label: str
    kind: str
    wanted: frozenset[str]

    def admits(self, value: str) -> bool:
        if self.kind == SelfDescription.Kind.GENERATION:
            return value in self.wanted
        if self.kind == SelfDescription.Kind.GENDER:
            return words_key(value) in self.wanted
        tags = {words_key(tag) for tag in value.split(",") if tag.strip()}
        return bool(tags & self.wanted)


def months_ago(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` months before ``today`` (the month's last day if
    that day does not exist, e.g. 31 March - 1 month = 28 or 29 February)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def level_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Level {low}" if low == high else f"Level {low}–{high}"
    if low is not None:
        return f"Level {low} and above"
    return f"Level {high} and below"


def tenure_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"tenure {low}–{high} months"
    if low is not None:
        return f"tenure ≥ {low} months"
    return f"tenure ≤ {high} months"


def _units_label(units: Iterable[OrgUnit]) -> str:
    return ", ".join(unit.path for unit in units)


def _sql_clauses(criteria: Criteria, today: dt.date) -> list[_SqlClause]:
    clauses = []
    low, high = criteria.min_level, criteria.max_level
    if low is not None or high is not None:
        q = Q()
        if low is not None:
            q &= Q(level__gte=low)
        if high is not None:
            q &= Q(level__lte=high)
        clauses.append(_SqlClause(level_words(low, high), q))
    low, high = criteria.min_tenure_months, criteria.max_tenure_months
    if low is not None or high is not None:
        # Whole months since the hire date; an unknown hire date never qualifies
        # (NULL compares false).
        q = Q(hire_date__isnull=False)
        if low is not None:
            q &= Q(hire_date__lte=months_ago(today, low))
        if high is not None:
            q &= Q(hire_date__gt=months_ago(today, high + 1))
        clauses.append(_SqlClause(tenure_words(low, high), q))
    if criteria.departments_included:
        clauses.append(
            _SqlClause(
                f"in {_units_label(criteria.departments_included)}",
                _subtrees_q(criteria.departments_included),
            )
        )
    if criteria.departments_excluded:
        # People without a department are not in the excluded one, so they stay.
        clauses.append(
            _SqlClause(
                f"excluding {_units_label(criteria.departments_excluded)}",
                Q(department__isnull=True) | ~_subtrees_q(criteria.departments_excluded),
            )
        )
    return clauses


def _subtrees_q(units: Iterable[OrgUnit]) -> Q:
    """People in any of ``units`` or their teams."""
    q = Q()
    for unit in units:
        q |= unit_subtree_q(unit)
    return q


def _self_clauses(criteria: Criteria) -> list[_SelfClause]:
    clauses = []
    if criteria.generations:
        names = ", ".join(SHORT_GENERATION.get(g, g) for g in criteria.generations)
        clauses.append(
            _SelfClause(
                f"consented generation {names}",
                SelfDescription.Kind.GENERATION,
                frozenset(criteria.generations),
            )
        )
    if criteria.genders:
        words = ", ".join(f"‘{g}’" for g in criteria.genders)
        clauses.append(
            _SelfClause(
                f"consented gender {words}",
                SelfDescription.Kind.GENDER,
                frozenset(words_key(g) for g in criteria.genders),
            )
        )
    if criteria.backgrounds:
        words = ", ".join(f"‘{b}’" for b in criteria.backgrounds)
        clauses.append(
            _SelfClause(
                f"consented background {words}",
                SelfDescription.Kind.BACKGROUND,
                frozenset(words_key(b) for b in criteria.backgrounds),
            )
        )
    return clauses


def _sql_q(criteria: Criteria, today: dt.date) -> Q:
    q = current_q(today=today)
    for clause in _sql_clauses(criteria, today):
        q &= clause.q
    return q


# Below this many people still admitted, their values are fetched by id, in chunks
# small enough for any database's limit on query parameters.
BY_ID_LIMIT, CHUNK = 20_000, 900


def _raw_values(
    kind: str, people: QuerySet[Person], ids: set[int] | None
) -> Iterable[tuple[int, str]]:
    """(person id, stored value) of one kind of self-description, still encrypted,
    so that the caller decrypts only the values it needs."""
    rows = SelfDescription.objects.filter(kind=kind).annotate(
        raw=Cast("value", output_field=models.TextField())
    )
    if ids is not None and len(ids) <= BY_ID_LIMIT:
        wanted = sorted(ids)
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            yield from rows.filter(person_id__in=chunk).values_list("person_id", "raw")
        return
    yield from rows.filter(person__in=people.values("pk")).values_list("person_id", "raw")


def _apply_self_clause(
    clause: _SelfClause, people: QuerySet[Person], ids: set[int] | None
) -> set[int]:
    """Of ``ids`` (None: everyone in ``people``), those whose value admits them."""
    admitted = set()
    for person_id, raw in _raw_values(clause.kind, people, ids):
        if ids is not None and person_id not in ids:
            continue
        try:
            value = decrypt_text(raw)
        except DecryptionError:
            continue  # a value no key opens admits nobody
        if clause.admits(value):
            admitted.add(person_id)
    return admitted


# --- the public API --------------------------------------------------------------


def _hr_admitted(
    criteria: Criteria, within: OrgUnit | None, today: dt.date | None
) -> QuerySet[Person]:
    """The people a rule's HR clauses admit, within ``within`` and its teams if given."""
    people = Person.objects.filter(_sql_q(criteria, today or timezone.localdate()))
    return people if within is None else people.filter(unit_subtree_q(within))


def eligible_person_ids(
    criteria: Criteria, *, within: OrgUnit | None = None, today: dt.date | None = None
) -> set[int]:
    """The ids of the people a rule admits (only those in ``within`` and its teams,
    when given)."""
    people = _hr_admitted(criteria, within, today)
    self_clauses = _self_clauses(criteria)
    if not self_clauses:
        return set(people.values_list("pk", flat=True))
    ids: set[int] | None = None
    for clause in self_clauses:
        ids = _apply_self_clause(clause, people, ids)
    return ids or set()


def hr_admitted_person_ids(
    criteria: Criteria, *, within: OrgUnit | None = None, today: dt.date | None = None
) -> set[int]:
    """The people a rule's HR clauses admit (level, tenure, departments), ignoring its
    self-description clauses: the people an invitation may reach without telling
    anyone who answered what. Each of them sees on the join page whether they can join.
    """
    return set(_hr_admitted(criteria, within, today).values_list("pk", flat=True))


def rule_uses_self_descriptions(criteria: Criteria) -> bool:
    return bool(_self_clauses(criteria))


def self_description_words(criteria: Criteria | None) -> list[str]:
    """The self-description clauses of a rule in words ("consented generation Gen Z")."""
    return [clause.label for clause in _self_clauses(criteria)] if criteria else []


RULES_PREFETCH = Prefetch(
    "rules",
    queryset=EligibilityRule.objects.prefetch_related(
        "departments_included", "departments_excluded"
    ),
)


def program_criteria(program: Program) -> dict[str, Criteria | None]:
    """Both sides' saved rules (None for a side without one). Read fresh each call,
    unless the program was fetched with ``RULES_PREFETCH``."""
    if "rules" in getattr(program, "_prefetched_objects_cache", {}):
        rules = list(program.rules.all())
    else:
        rules = list(program.rules.prefetch_related("departments_included", "departments_excluded"))
    by_side = {rule.side: rule for rule in rules}
    return {
        side: (Criteria.of_rule(by_side[side]) if side in by_side else None) for side in Side.values
    }


def self_description_values(person: Person) -> dict[str, str]:
    """A person's own consented values by kind, for checking their eligibility."""
    return dict(person.self_descriptions.values_list("kind", "value"))


def person_meets(
    criteria: Criteria,
    person: Person,
    *,
    values: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> bool:
    """Does one person meet a rule? The same test as the SQL clauses, in Python,
    so that checking a handful of programs costs no query per program.

    ``person.department`` should be loaded; ``values`` are the person's
    self-descriptions (``self_description_values``), fetched when needed.
    """
    today = today or timezone.localdate()
    if person.leave_date is not None and person.leave_date <= today:
        return False
    if criteria.min_level is not None or criteria.max_level is not None:
        if person.level is None:
            return False
        if criteria.min_level is not None and person.level < criteria.min_level:
            return False
        if criteria.max_level is not None and person.level > criteria.max_level:
            return False
    if criteria.min_tenure_months is not None or criteria.max_tenure_months is not None:
        hired = person.hire_date
        if hired is None:
            return False
        low, high = criteria.min_tenure_months, criteria.max_tenure_months
        if low is not None and hired > months_ago(today, low):
            return False
        if high is not None and hired <= months_ago(today, high + 1):
            return False
    unit = person.department
    if criteria.departments_included and (
        unit is None or not any(unit_contains(inc, unit) for inc in criteria.departments_included)
    ):
        return False
    if unit is not None and any(unit_contains(ex, unit) for ex in criteria.departments_excluded):
        return False
    clauses = _self_clauses(criteria)
    if not clauses:
        return True
    if values is None:
        values = self_description_values(person)
    return all(c.kind in values and c.admits(values[c.kind]) for c in clauses)


def person_is_eligible(program: Program, person: Person, side: str) -> bool:
    """May ``person`` join ``side`` of ``program``? A side without a saved rule admits nobody."""
    criteria = program_criteria(program).get(side)
    return criteria is not None and person_meets(criteria, person)


def person_eligible_sides(
    program: Program, person: Person, *, values: dict[str, str] | None = None
) -> list[str]:
    """The sides of ``program`` that ``person`` may join, mentor first."""
    sides = []
    for side, criteria in program_criteria(program).items():
        if criteria is None:
            continue
        if values is None and _self_clauses(criteria):
            values = self_description_values(person)
        if person_meets(criteria, person, values=values):
            sides.append(side)
    return sides


def enrollment_role_choices(program: Program, sides: Iterable[str]) -> list[str]:
    """The roles someone eligible for ``sides`` may join as: those sides, and both
    at once in a mutual program that admits them on each side."""
    roles = list(sides)
    if program.kind == Program.Kind.MUTUAL and len(roles) == 2:
        roles.append(Enrollment.Role.BOTH)
    return roles


# --- the preview -------------------------------------------------------------------
#
# What a manager sees of a rule before saving it. The HR clauses (level, tenure,
# departments) are counted exactly: they are the organisation's own records. A
# count that depends on self-descriptions is never exact: a manager who may type any
# rule could otherwise isolate one person (a department and a level) and read their
# answer from "1" or "0", or compare two large groups that differ by one person. So a
# self-description clause shows an *estimate*: the people the HR clauses admit, times
# the share of the whole organisation whose answer the clause accepts. Answers given
# by fewer than REPORT_MIN_GROUP_SIZE people count as nobody's, a share that leaves
# fewer than that many out counts as everyone, and the estimate is rounded. Nothing
# in it changes when two people swap answers, which is what
# ``test_eligibility_preview_privacy.py`` checks, attack by attack.


@dataclass(frozen=True)
class PreviewStep:
    label: str
    # People admitted by this clause and every one before it; for a self-description
    # clause, the rounded estimate, None when it is under the small-group limit.
    running: int | None
    alone: int | None = None  # people this clause alone admits (HR clauses only)
    estimated: bool = False


@dataclass
class Preview:
    everyone: int  # current people, before any clause
    steps: list[PreviewStep] = field(default_factory=list)
    min_group: int = 5

    @property
    def total(self) -> int | None:
        """The people the whole rule admits: exact, estimated, or None (too few to say)."""
        return self.steps[-1].running if self.steps else self.everyone

    @property
    def hr_total(self) -> int:
        """The people the HR clauses admit (exact), before any self-description."""
        exact = [step.running or 0 for step in self.steps if not step.estimated]
        return exact[-1] if exact else self.everyone

    @property
    def estimated(self) -> bool:
        return any(step.estimated for step in self.steps)

    @property
    def text(self) -> str:
        """The whole preview on one line, e.g. "Level 7–10: 4,210 · tenure ≥ 12 months: 3,900"."""
        if not self.steps:
            return f"Everyone currently employed: {self.everyone:,}"
        return " · ".join(
            f"{step.label}: {_step_words(step, self.min_group)}" for step in self.steps
        )


def _step_words(step: PreviewStep, min_group: int) -> str:
    if step.running is None:
        return f"fewer than {min_group}"
    return f"about {step.running:,}" if step.estimated else f"{step.running:,}"


def preview_round(estimate: float, min_group: int) -> int | None:
    """An estimate as shown: None under ``min_group``, else rounded to 5 below 100,
    to 10 below 1,000, and to two significant figures above.

    >>> [preview_round(n, 5) for n in (3.9, 4.9, 42.4, 437, 4_372)]
    [None, 5, 40, 440, 4400]
    """
    if estimate < min_group - 0.5:
        return None
    if estimate < 100:
        step = 5
    elif estimate < 1000:
        step = 10
    else:
        step = 10 ** (len(str(int(estimate))) - 2)
    return max(min_group, int(round(estimate / step) * step))


@dataclass(frozen=True)
class _Shares:
    """How many people (leavers included) gave each answer of each kind."""

    population: int
    # kind -> {the set of answer keys one person gave -> how many people gave it}
    answers: dict[str, dict[frozenset[str], int]]

    def admitted(self, clause: _SelfClause, min_group: int) -> int:
        """People whose answer the clause accepts, counting only answers given by at
        least ``min_group`` people, and clamped so that neither the people accepted
        nor the people left out number fewer than ``min_group``."""
        per_key: dict[str, int] = {}
        for keys, people in self.answers.get(clause.kind, {}).items():
            for key in keys:
                per_key[key] = per_key.get(key, 0) + people
        usable = {key for key, people in per_key.items() if people >= min_group}
        wanted = clause.wanted & usable
        count = sum(
            people for keys, people in self.answers.get(clause.kind, {}).items() if keys & wanted
        )
        if count < min_group:
            return 0
        if self.population - count < min_group:
            return self.population
        return count


def _answer_keys(kind: str, value: str) -> frozenset[str]:
    if kind == SelfDescription.Kind.GENERATION:
        return frozenset([value])
    if kind == SelfDescription.Kind.GENDER:
        return frozenset([words_key(value)])
    return frozenset(words_key(tag) for tag in value.split(",") if tag.strip())


_SHARES_MEMO: dict[tuple[object, ...], _Shares] = {}


def _shares() -> _Shares:
    """The organisation's answers, decrypted once per change of any answer or person
    count (one cheap aggregate decides), and kept in this process."""
    marks = SelfDescription.objects.aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    fingerprint = (marks["n"], marks["last"], marks["changed"], Person.objects.count())
    memo = _SHARES_MEMO.get(fingerprint)
    if memo is not None:
        return memo
    answers: dict[str, dict[frozenset[str], int]] = {}
    rows = SelfDescription.objects.annotate(
        raw=Cast("value", output_field=models.TextField())
    ).values_list("kind", "raw")
    for kind, raw in rows.iterator(chunk_size=2000):
        try:
            keys = _answer_keys(kind, decrypt_text(raw))
        except DecryptionError:
            continue
        if keys:
            by_kind = answers.setdefault(kind, {})
            by_kind[keys] = by_kind.get(keys, 0) + 1
    memo = _Shares(population=fingerprint[-1], answers=answers)
    _SHARES_MEMO.clear()
    _SHARES_MEMO[fingerprint] = memo
    return memo


def eligibility_preview(
    criteria: Criteria, *, today: dt.date | None = None, min_group: int | None = None
) -> Preview:
    """How many people each clause admits, and the running total, in clause order.

    One aggregate query counts every HR clause alone and cumulatively. Each
    self-description clause then gives an estimate from the organisation's shares
    (see above), never a count of the people the HR clauses admitted.
    """
    today = today or timezone.localdate()
    min_group = min_group if min_group is not None else min_group_size()
    sql_clauses = _sql_clauses(criteria, today)
    aggregates = {"everyone": Count("pk")}
    running = Q()
    for i, clause in enumerate(sql_clauses):
        running &= clause.q
        aggregates[f"alone{i}"] = Count("pk", filter=clause.q)
        aggregates[f"running{i}"] = Count("pk", filter=running)
    counts = Person.objects.filter(current_q(today=today)).aggregate(**aggregates)
    preview = Preview(everyone=counts["everyone"], min_group=min_group)
    for i, clause in enumerate(sql_clauses):
        preview.steps.append(
            PreviewStep(clause.label, running=counts[f"running{i}"], alone=counts[f"alone{i}"])
        )
    self_clauses = _self_clauses(criteria)
    if self_clauses:
        shares = _shares()
        estimate = float(preview.hr_total)
        for self_clause in self_clauses:
            if shares.population:
                estimate *= shares.admitted(self_clause, min_group) / shares.population
            else:
                estimate = 0.0
            preview.steps.append(
                PreviewStep(
                    self_clause.label, running=preview_round(estimate, min_group), estimated=True
                )
            )
    return preview


# --- rules that cannot work together -------------------------------------------------


def rule_problems(criteria: Criteria) -> dict[str, str]:
    """What is wrong with one side's rule on its own, by field name."""
    problems = {}
    if (
        criteria.min_level is not None
        and criteria.max_level is not None
        and criteria.min_level > criteria.max_level
    ):
        problems["max_level"] = (
            f"The highest level ({criteria.max_level}) is below the lowest ({criteria.min_level})."
        )
    if (
        criteria.min_tenure_months is not None
        and criteria.max_tenure_months is not None
        and criteria.min_tenure_months > criteria.max_tenure_months
    ):
        problems["max_tenure_months"] = (
            f"The longest tenure ({criteria.max_tenure_months} months) is shorter than the "
            f"shortest ({criteria.min_tenure_months} months)."
        )
    included = list(criteria.departments_included)
    excluded = list(criteria.departments_excluded)
    both = next((unit for unit in excluded if unit in included), None)
    if both is not None:
        problems["departments_excluded"] = f"{both.path} is both included and excluded: choose one."
        return problems
    for unit in included:
        outer = next((ex for ex in excluded if unit_contains(ex, unit)), None)
        if outer is not None:
            problems["departments_included"] = (
                f"{unit.path} is inside {outer.path}, which is excluded, so including it "
                "admits nobody. Exclude fewer departments or include another one."
            )
            return problems
    if included:
        outside = [ex for ex in excluded if not any(unit_contains(inc, ex) for inc in included)]
        if outside:
            problems["departments_excluded"] = (
                f"{_units_label(outside)} is not inside any included department, so "
                "excluding it changes nothing. Remove it, or include its parent."
            )
    return problems


def unit_contains(outer: OrgUnit, inner: OrgUnit) -> bool:
    """Is ``inner`` the unit ``outer`` or one of its teams?"""
    return inner.pk == outer.pk or inner.path.startswith(outer.path + "/")


def _single(values: Iterable[str], key: Callable[[str], str] = words_key) -> str | None:
    keys = {key(v) for v in values}
    return next(iter(keys)) if len(keys) == 1 else None


def program_rule_conflicts(
    *,
    kind: str,
    min_level_gap: int,
    must_differ: Iterable[str],
    mentor: Criteria | None,
    mentee: Criteria | None,
) -> list[str]:
    """Why the two sides' rules and the program's settings cannot produce a pair.

    Only certain contradictions are reported; a rule that happens to admit few
    people is the preview's business, not an error.
    """
    if mentor is None or mentee is None:
        return []
    problems = []
    senior_side = Program(kind=kind).senior_side
    if senior_side is not None:
        senior, junior = (mentee, mentor) if senior_side == "mentee" else (mentor, mentee)
        junior_name = "mentors" if senior_side == "mentee" else "mentees"
        senior_name = "mentees" if senior_side == "mentee" else "mentors"
        kind_label = Program.Kind(kind).label.split(" (")[0].lower()
        if (
            junior.min_level is not None
            and senior.max_level is not None
            and junior.min_level > senior.max_level
        ):
            problems.append(
                f"In a {kind_label} program the {junior_name} are the junior side, but the "
                f"{junior_name[:-1]} rule starts at level {junior.min_level}, above every "
                f"{senior_name[:-1]} (up to level {senior.max_level}). Lower the "
                f"{junior_name[:-1]} levels or raise the {senior_name[:-1]} levels."
            )
        elif (
            min_level_gap
            and junior.min_level is not None
            and senior.max_level is not None
            and senior.max_level - junior.min_level < min_level_gap
        ):
            problems.append(
                f"Pairs must be at least {min_level_gap} level{'s' if min_level_gap != 1 else ''} "
                f"apart, but the {senior_name} go up to level {senior.max_level} and the "
                f"{junior_name} start at level {junior.min_level}: no pair could qualify."
            )
    must_differ = set(must_differ)
    if "gender" in must_differ:
        word = _single(mentor.genders)
        if word is not None and word == _single(mentee.genders):
            problems.append(
                f"Pairs must differ in gender, but both sides admit only ‘{word}’: "
                "no pair could qualify."
            )
    if "generation" in must_differ:
        generation = _single(mentor.generations, key=str)
        if generation is not None and generation == _single(mentee.generations, key=str):
            label = SHORT_GENERATION.get(generation, generation)
            problems.append(
                f"Pairs must differ in generation, but both sides admit only {label}: "
                "no pair could qualify."
            )
    return problems

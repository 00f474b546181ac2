"""The outcome report of a program as of a date, and who may read it.

Who is a participant: everyone who joined the program on or before the date
(``Enrollment.joined_on``), including those who left it early: they took part.
Their time origin is the day they joined; leaving the organisation
(``Person.leave_date``) on or before the date is the event; everyone else is
censored at the date.

The small-group rule (``core.small_groups``) is applied here, once, so that
every page, chart, export and command shows the same figures: a program with
fewer than k participants shows no figures; a breakdown hides any group under
k and, when one group alone would be hidden, the next smallest too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.models import Role
from twoway.core.roles import user_has_role, user_managed_program_ids, user_manages_program
from twoway.core.small_groups import is_small, min_group_size, suppress_small_groups
from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.rules import PROGRESS_MAX
from twoway.outcomes.comparison import comparison_match, method_sentence
from twoway.outcomes.population import population_load
from twoway.outcomes.report import (
    Group,
    Learning,
    Meetings,
    OutcomeReport,
    Share,
    SideRow,
    Topic,
)
from twoway.outcomes.survival import compare, kaplan_meier
from twoway.pairs.models import Pair
from twoway.people.models import PATH_SEPARATOR, SelfDescription
from twoway.people.selectors import person_promotions
from twoway.programs.models import Enrollment, Program
from twoway.skills.models import Skill
from twoway.surveys.models import Survey
from twoway.surveys.selectors import Cell, QuestionResult, survey_results

PROMOTION_DAYS = 365
# How long a list (home, the organisation view) may show a report already made.
SUMMARY_SECONDS = 15 * 60
TOPICS_SHOWN = 8
PARTICIPANTS = "Participants"
COMPARISON = "Comparison group"


# --- who may read it -------------------------------------------------------------


def outcomes_visible(user: Actor, program: Program) -> bool:
    """The program's managers, its sponsor, and organisation-wide sponsors and
    administrators. Participants never; managers of another program never."""
    if user is None or not user.is_authenticated:
        return False
    if user_manages_program(user, program) or user_has_role(user, Role.SPONSOR):
        return True
    return program.sponsor_id is not None and program.sponsor_id == user.pk


def outcome_programs(user: Actor) -> list[Program]:
    """The programs whose outcomes ``user`` may read, newest first: the same
    people as ``outcomes_visible``, in one query however many programs there are."""
    if user is None or not user.is_authenticated:
        return []
    programs = Program.objects.exclude(status=Program.Status.DRAFT).select_related("sponsor")
    managed = user_managed_program_ids(user)
    if managed is None or user_has_role(user, Role.SPONSOR):
        return list(programs)
    return list(programs.filter(Q(pk__in=managed) | Q(sponsor_id=user.pk)))


# --- the sides ---------------------------------------------------------------------


def side_labels(program: Program) -> dict[str, str]:
    """What each side is called in this program's report."""
    if program.senior_side == "mentee":
        return {"mentor": "Junior mentors", "mentee": "Senior mentees"}
    if program.senior_side == "mentor":
        return {"mentor": "Senior mentors", "mentee": "Junior mentees"}
    return {"mentor": "Mentors", "mentee": "Mentees", "both": "Both sides"}


# --- the report --------------------------------------------------------------------


@dataclass(frozen=True)
class _Joined:
    person: int
    side: str
    origin: dt.date
    leave: dt.date | None


def _participants(program: Program, as_of: dt.date) -> list[_Joined]:
    rows = Enrollment.objects.filter(
        program=program,
        joined_on__isnull=False,
        joined_on__lte=as_of,
        status__in=(Enrollment.Status.ENROLLED, Enrollment.Status.WITHDRAWN),
    ).values_list("person_id", "role", "joined_on", "person__leave_date")
    # Someone who left the organisation before joining is an error in the
    # data, not a participant.
    return [
        _Joined(person, role or "mentee", joined, leave)
        for person, role, joined, leave in rows
        if joined is not None and (leave is None or leave >= joined)
    ]


def _follow(origins: np.ndarray, leaves: np.ndarray, as_of: dt.date) -> tuple:
    """Durations in whole days and whether each left, from day ordinals."""
    end = as_of.toordinal()
    left = leaves <= end
    durations = np.where(left, leaves, end) - origins
    return durations.astype(np.int64), left


def program_outcomes(*, program: Program, as_of: dt.date | None = None) -> OutcomeReport:
    """The report of ``program`` as of ``as_of`` (today by default). Not scoped to
    a user: the view or command calling it checks ``outcomes_visible`` first."""
    as_of = as_of or timezone.localdate()
    k = min_group_size()
    joined = _participants(program, as_of)
    if is_small(len(joined), k):
        return OutcomeReport(
            program=program.slug,
            program_name=program.name,
            as_of=as_of,
            k=k,
            suppressed=True,
            participants=Group.hidden(PARTICIPANTS),
            comparison=Group.hidden(COMPARISON),
            method=method_sentence(),
            matched_participants=None,
            hazard_ratio=None,
            log_rank_p=None,
        )

    population, index = population_load()
    ours = np.array([index[j.person] for j in joined], dtype=np.int64)
    our_origins = np.array([j.origin.toordinal() for j in joined], dtype=np.int64)
    matched = comparison_match(population, ours, our_origins, seed=program.pk)

    our_days, our_left = _follow(our_origins, population.leave[ours], as_of)
    their_days, their_left = _follow(matched.origins, population.leave[matched.controls], as_of)
    participants = _group(PARTICIPANTS, our_days, our_left, k)
    comparison = _group(COMPARISON, their_days, their_left, k)

    hazard_ratio, log_rank_p = None, None
    if comparison.n is not None:
        # Matched participants against their colleagues.
        mine = matched.participants_matched
        result = compare(
            np.concatenate([our_days[mine], their_days]),
            np.concatenate([our_left[mine], their_left]),
            np.concatenate([np.ones(int(mine.sum()), bool), np.zeros(len(their_days), bool)]),
        )
        hazard_ratio, log_rank_p = result.hazard_ratio, result.log_rank_p

    control_ids = population.ids[matched.controls]
    return OutcomeReport(
        program=program.slug,
        program_name=program.name,
        as_of=as_of,
        k=k,
        suppressed=False,
        participants=participants,
        comparison=comparison,
        method=method_sentence(),
        matched_participants=int(matched.participants_matched.sum()),
        hazard_ratio=hazard_ratio,
        log_rank_p=log_rank_p,
        promotions=[
            _promotions(PARTICIPANTS, [(j.person, j.origin) for j in joined], as_of, k),
            _promotions(
                COMPARISON,
                [
                    (int(p), dt.date.fromordinal(int(o)))
                    for p, o in zip(control_ids, matched.origins, strict=True)
                ],
                as_of,
                k,
            ),
        ],
        by_side=_by_side(program, joined, our_days, our_left, k),
        learning=_learning(program, as_of, k),
        meetings=_meetings(program, as_of),
        reach=_reach(program, as_of, k),
        surveys=_surveys(program),
    )


def program_outcomes_today_key(program: Program) -> str:
    """Where today's report of ``program`` is kept in the cache shared by every
    process (a new day, or a new small-group size, makes a new report)."""
    return f"twoway:outcomes:{program.uuid}:{timezone.localdate().isoformat()}:{min_group_size()}"


def program_outcomes_today(*, program: Program) -> OutcomeReport:
    """Today's report, for the pages that list programs (a sponsor's home, the
    organisation view): made at most once every 15 minutes per program (for every
    process: the cache is a table in the database), since
    each one reads the whole organisation. The program's own page, its exports
    and its PDF always make it afresh."""
    key = program_outcomes_today_key(program)
    report = cache.get(key)
    if not isinstance(report, OutcomeReport):
        report = program_outcomes(program=program)
        cache.set(key, report, SUMMARY_SECONDS)
    return report


def _group(label: str, days: np.ndarray, left: np.ndarray, k: int) -> Group:
    if is_small(len(days), k):
        return Group.hidden(label)
    survival = kaplan_meier(days, left)
    return Group(label, len(days), int(left.sum()), survival.at, survival.curve)


def _promotions(label: str, people: Iterable[tuple[int, dt.date]], as_of: dt.date, k: int) -> Share:
    """Of the people who joined at least 12 months before the date, how many rose
    a level within 12 months of joining (people who left count as not promoted)."""
    windows = {
        person: (origin + dt.timedelta(days=1), origin + dt.timedelta(days=PROMOTION_DAYS))
        for person, origin in people
        if origin + dt.timedelta(days=PROMOTION_DAYS) <= as_of
    }
    if is_small(len(windows), k):
        return Share(label, None, None)
    return Share(label, len(windows), len(person_promotions(windows=windows)))


def _by_side(
    program: Program, joined: list[_Joined], days: np.ndarray, left: np.ndarray, k: int
) -> list[SideRow]:
    labels = side_labels(program)
    sides = np.array([j.side for j in joined])
    rows = []
    for side, label in labels.items():
        mine = sides == side
        if side == "both" and not mine.any():
            continue
        rows.append({"side": side, "label": label, "people": int(mine.sum()), "mask": mine})
    shown = suppress_small_groups(rows, keep=("side", "label"), min_size=k)
    result = []
    for row, original in zip(shown, rows, strict=True):
        if row["suppressed"]:
            result.append(SideRow(row["side"], row["label"], None, None, None, True))
            continue
        mask = original["mask"]
        survival = kaplan_meier(days[mask], left[mask], months=(12,))
        twelve = survival.at[12]
        result.append(
            SideRow(
                row["side"],
                row["label"],
                int(mask.sum()),
                int(left[mask].sum()),
                twelve.estimate if twelve else None,
                False,
            )
        )
    return result


# --- learning both ways ---------------------------------------------------------------


def _skill_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern finding any catalogue skill by its name or a synonym, and the
    skill name each match means."""
    names: dict[str, str] = {}
    for skill in Skill.objects.filter(is_active=True).only("name", "synonyms"):
        for term in [skill.name, *skill.synonym_list]:
            if len(term) >= 3:
                names.setdefault(term.casefold(), skill.name)
    if not names:
        return None, names
    terms = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b"), names


def _learning(program: Program, as_of: dt.date, k: int) -> list[Learning]:
    until = Q(meeting__starts_at__date__lte=as_of)
    logs = (
        MeetingLog.objects.filter(until, meeting__pair__program=program)
        .order_by("meeting__starts_at", "id")
        .values_list("author_id", "side", "topics", "learned", "goal_progress")
    )
    pattern, names = _skill_pattern()
    wrote: dict[str, set[int]] = defaultdict(set)
    learned: dict[str, set[int]] = defaultdict(set)
    topics: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    latest_goals: dict[tuple[str, int], list[dict]] = {}
    for author, side, topic_text, learned_text, goals in logs:
        wrote[side].add(author)
        if learned_text.strip():
            learned[side].add(author)
        if pattern is not None:
            for match in pattern.finditer(f"{topic_text}\n{learned_text}".casefold()):
                topics[side][names[match.group(1)]].add(author)
        if goals:
            latest_goals[(side, author)] = goals  # ordered oldest first: the last wins
    labels = side_labels(program)
    result = []
    for side in ("mentor", "mentee"):
        people = len(wrote[side])
        goal_values = [
            entry.get("progress")
            for (goal_side, _), entries in latest_goals.items()
            if goal_side == side
            for entry in entries
        ]
        goal_people = sum(1 for (goal_side, _) in latest_goals if goal_side == side)
        # Shown for a side of at least k people who logged meetings.
        logged = (
            Share(labels[side], None, None)
            if is_small(people, k)
            else Share(labels[side], people, len(learned[side]))
        )
        goals_reached = (
            Share(labels[side], None, None)
            if is_small(goal_people, k)
            else Share(
                labels[side],
                len(goal_values),
                sum(1 for value in goal_values if value == PROGRESS_MAX),
            )
        )
        counted = Counter({name: len(who) for name, who in topics[side].items()})
        shown = [Topic(name, n) for name, n in counted.most_common() if not is_small(n, k)]
        result.append(Learning(side, labels[side], logged, goals_reached, shown[:TOPICS_SHOWN]))
    return result


def _meetings(program: Program, as_of: dt.date) -> Meetings:
    pairs = Pair.objects.filter(program=program, published_at__date__lte=as_of).exclude(
        origin=Pair.Origin.IMPORTED
    )
    count = pairs.count()
    logged = (
        Meeting.objects.filter(pair__in=pairs, starts_at__date__lte=as_of)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(logs__isnull=False)
        .distinct()
        .count()
    )
    return Meetings(count, count * program.planned_sessions, logged)


# --- surveys -------------------------------------------------------------------------


def _cell(cell: Cell) -> dict[str, object]:
    if not cell.asked:
        return {"asked": False}
    mean = None if cell.mean is None else round(cell.mean, 2)
    return {"asked": True, "n": cell.n, "mean": mean, "suppressed": cell.suppressed}


def _question(question: QuestionResult) -> dict[str, object]:
    return {
        "key": question.key,
        "text": question.text,
        "kind": question.kind,
        "cells": {
            side: {kind: _cell(cell) for kind, cell in kinds.items()}
            for side, kinds in question.cells.items()
        },
        "change": {
            side: None if change is None else round(change, 2)
            for side, change in question.change.items()
        },
    }


def _surveys(program: Program) -> dict[str, object] | None:
    """The baseline and closing surveys, as ``surveys.selectors`` reports them
    (every cell already through the small-group rule); None before any was sent."""
    if not Survey.objects.filter(pair__program=program).exists():
        return None
    results = survey_results(program=program)
    return {
        "responses": {
            side: {kind: cell.n for kind, cell in kinds.items()}
            for side, kinds in results.responses.items()
        },
        "questions": [_question(q) for q in (results.ges, *results.questions)],
        "comments": {
            kind: {"held_back": comments.held_back, "texts": list(comments.texts)}
            for kind, comments in results.comments.items()
        },
    }


# --- reach: the lines pairs cross ---------------------------------------------------------


REACH_LINES = (
    ("generation", "Cross generations"),
    ("gender", "Cross genders"),
    ("background", "Cross backgrounds"),
    ("department", "Cross departments"),
    ("level", "Cross levels"),
)
HR_LINES = ("department", "level")


def _crosses(line: str, a: object, b: object) -> bool:
    if line == "background":
        return not (set(a) & set(b))  # type: ignore[call-overload]
    return a != b


def _reach(program: Program, as_of: dt.date, k: int) -> list[Share]:
    """For each line, of the pairs where both partners' values are known (for
    generation, gender and background: both consented to describe themselves),
    how many cross it."""
    pairs = list(
        Pair.objects.filter(program=program, published_at__date__lte=as_of).values_list(
            "mentor_id",
            "mentee_id",
            "mentor__department__path",
            "mentee__department__path",
            "mentor__level",
            "mentee__level",
        )
    )
    people = {p for row in pairs for p in row[:2]}
    described: dict[tuple[int, str], object] = {}
    for description in SelfDescription.objects.filter(person_id__in=people):
        if description.kind == SelfDescription.Kind.BACKGROUND:
            value: object = frozenset(t.casefold() for t in description.tags)
        else:
            value = description.value.strip().casefold()
        if value:
            described[(description.person_id, description.kind)] = value
    result = []
    for line, label in REACH_LINES:
        values = []
        for mentor, mentee, mentor_path, mentee_path, mentor_level, mentee_level in pairs:
            a: object
            b: object
            if line == "department":
                a = mentor_path.split(PATH_SEPARATOR, 1)[0] if mentor_path else None
                b = mentee_path.split(PATH_SEPARATOR, 1)[0] if mentee_path else None
            elif line == "level":
                a, b = mentor_level, mentee_level
            else:
                a, b = described.get((mentor, line)), described.get((mentee, line))
            if a is not None and b is not None:
                values.append(_crosses(line, a, b))
        crossing = sum(values)
        if line in HR_LINES:
            # From the HR record, not a self-description: pairs of k or more.
            hidden = is_small(len(values), k)
            result.append(
                Share(label, None, None) if hidden else Share(label, len(values), crossing)
            )
            continue
        # From self-descriptions: crossing and not crossing are each a cell of
        # k pairs or more (an empty one too would say something of everyone).
        cells = suppress_small_groups(
            [
                {"label": "crossing", "people": crossing},
                {"label": "not", "people": len(values) - crossing},
            ],
            min_size=k,
        )
        if any(cell["suppressed"] for cell in cells):
            result.append(Share(label, None, None))
        else:
            result.append(Share(label, len(values), crossing))
    return result

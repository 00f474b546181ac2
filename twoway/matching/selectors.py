"""Reads about matching, each scoped to the user asking.

Managers reach runs through ``match_run_get_for_manager`` (404 for anyone who
does not manage the program). Participants reach only their own proposal
(``preview_for_user``) and their own suggestions and requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from twoway import engine
from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.small_groups import min_group_size, suppress_small_groups
from twoway.matching.adapters import engine_side, problem_build
from twoway.matching.fit import Fit, fit_of, run_best_possible
from twoway.matching.models import MatchRequest, MatchRun, Proposal, ReviewDecision, UnmatchedEntry
from twoway.matching.reasons import (
    SUPPLY_REASONS,
    Supply,
    not_reverse_sentence,
    reasons_from,
    skill_names,
    supply_gap,
    supply_person_sentence,
    topic_ids,
    topics_json,
    unmatched_sentence,
)
from twoway.matching.rules import (
    LIVE_RUN,
    SELF_MATCH_STATUSES,
    preview_sides,
    proposal_side_of,
)
from twoway.pairs.models import Pair
from twoway.pairs.reasons import pair_sentences
from twoway.people.access import user_person
from twoway.people.models import PATH_SEPARATOR, OrgUnit, Person, SelfDescription, unit_subtree_q
from twoway.programs.eligibility import SHORT_GENERATION, words_key
from twoway.programs.models import Enrollment, Program, Side

COMPONENT_LABELS = {
    "teach": "Mentor teaches",
    "teach_back": "Teaches back",
    "crossing": "Lines crossed",
    "level_gap": "Level gap",
    "availability": "Availability",
    "time_zone": "Time zone",
    "given": "Given score",
}
LEVEL_BANDS = [(1, 3), (4, 6), (7, 9), (10, None)]


# --- runs --------------------------------------------------------------------------


def match_run_get_for_manager(*, program: Program, uuid: UUID | str) -> MatchRun:
    """A run of ``program`` (which the caller got from ``program_get_for_manager``)."""
    return object_or_404(
        MatchRun.objects.select_related("program", "requested_by__person", "rematch_of"),
        "No such run",
        program=program,
        uuid=uuid,
    )


def match_run_list(*, program: Program, limit: int = 20) -> list[MatchRun]:
    return list(
        MatchRun.objects.filter(program=program)
        .select_related("requested_by__person")
        .order_by("-created_at", "-id")[:limit]
    )


def match_run_latest(program: Program) -> MatchRun | None:
    """The run the review acts on: the newest successful run that is not a dry run."""
    return (
        MatchRun.objects.filter(program=program, status=MatchRun.Status.SUCCEEDED, is_dry_run=False)
        .order_by("-created_at", "-id")
        .first()
    )


def match_run_shared(program: Program) -> MatchRun | None:
    """The run participants preview: the latest run, once shared and until published."""
    run = match_run_latest(program)
    if run is None or run.shared_at is None or run.published_at is not None:
        return None
    return run


def match_run_active(*, program: Program) -> MatchRun | None:
    return (
        MatchRun.objects.filter(program=program, status__in=LIVE_RUN)
        .order_by("-created_at")
        .first()
    )


def match_run_previous(run: MatchRun) -> MatchRun | None:
    """The successful run of the same program just before ``run``."""
    return (
        MatchRun.objects.filter(
            program_id=run.program_id,
            status=MatchRun.Status.SUCCEEDED,
            created_at__lt=run.created_at,
        )
        .exclude(pk=run.pk)
        .order_by("-created_at", "-id")
        .first()
    )


def match_run_is_current(run: MatchRun) -> bool:
    latest = match_run_latest(run.program)
    return latest is not None and latest.pk == run.pk and run.published_at is None


# --- proposals ---------------------------------------------------------------------


def proposal_get_for_manager(*, run: MatchRun, uuid: UUID | str) -> Proposal:
    return object_or_404(
        Proposal.objects.select_related("run__program", "mentor", "mentee"),
        "No such proposal",
        run=run,
        uuid=uuid,
    )


def proposal_list(
    *,
    run: MatchRun,
    q: str = "",
    department: OrgUnit | None = None,
    fit_below: int | None = None,
    state: str = "",
) -> QuerySet[Proposal]:
    """A run's proposals for its review, best score first, filtered.

    ``fit_below``: pairs whose fit (0–100, ``matching.fit``) is under it.
    ``state``: "locked", "excluded" (by a review decision), "opted_out", "seen".
    """
    same_pair = ReviewDecision.objects.filter(
        program_id=run.program_id, mentor_id=OuterRef("mentor_id"), mentee_id=OuterRef("mentee_id")
    )
    rows = run.proposals.select_related("mentor__department", "mentee__department").annotate(
        decision=Subquery(same_pair.values("kind")[:1])
    )
    if q:
        rows = rows.filter(Q(mentor__name__icontains=q) | Q(mentee__name__icontains=q))
    if department is not None:
        rows = rows.filter(
            unit_subtree_q(department, "mentor__") | unit_subtree_q(department, "mentee__")
        )
    if fit_below is not None:
        rows = rows.filter(score__lt=fit_below / 100 * run_best_possible(run.settings))
    if state == "locked":
        rows = rows.filter(locked=True)
    elif state == "opted_out":
        rows = rows.filter(opted_out_at__isnull=False)
    elif state == "seen":
        rows = rows.filter(seen_by_senior_at__isnull=False)
    elif state == "excluded":
        rows = rows.filter(Exists(same_pair.filter(kind=ReviewDecision.Kind.EXCLUDE)))
    return rows.order_by("-score", "id")


@dataclass
class Segment:
    component: str
    label: str
    value: float
    x: float
    width: float


@dataclass
class ProposalRow:
    proposal: Proposal
    sentences: list[str]
    segments: list[Segment]
    decision: str = ""  # "lock", "exclude" or ""
    fit: Fit = field(default_factory=lambda: Fit(None, ""))
    not_reverse: str = ""  # a reverse program's pair where the junior teaches nothing


def _segments(breakdown: dict[str, float], scale: float) -> list[Segment]:
    segments, x = [], 0.0
    for component, value in breakdown.items():
        width = max(0.0, float(value)) / scale * 100 if scale > 0 else 0.0
        label = COMPONENT_LABELS.get(component, component)
        segments.append(Segment(component, label, float(value), round(x, 2), round(width, 2)))
        x += width
    return segments


def proposal_rows(*, run: MatchRun, proposals: Sequence[Proposal]) -> list[ProposalRow]:
    """Proposals of one page (from ``proposal_list``) with their reasons in words,
    their fit (0–100 and a word) with its bar, the review decision about their
    pair and, in a reverse program, a flag on a pair that is not reverse
    mentoring (one query)."""
    proposals = list(proposals)
    names = skill_names(set().union(*(topic_ids(p.topics) for p in proposals)) if proposals else ())
    best = run_best_possible(run.settings)
    rows = []
    for p in proposals:
        reasons = reasons_from(p.topics, p.crossed, names)
        rows.append(
            ProposalRow(
                proposal=p,
                sentences=pair_sentences(
                    mentor=p.mentor.name, mentee=p.mentee.name, reasons=reasons
                ),
                segments=_segments(p.breakdown, best),
                decision=getattr(p, "decision", None) or "",
                fit=fit_of(p.score, best),
                not_reverse=not_reverse_sentence(
                    program=run.program, mentor=p.mentor.name, mentee=p.mentee.name, topics=p.topics
                ),
            )
        )
    return rows


def proposal_opted_out_count(*, run: MatchRun) -> int:
    return run.proposals.filter(opted_out_at__isnull=False).count()


def department_choices() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent__isnull=True).order_by("name")


# --- unmatched -----------------------------------------------------------------------


@dataclass
class UnmatchedRow:
    entry: UnmatchedEntry
    sentence: str


def unmatched_list(*, run: MatchRun, side: str = "") -> QuerySet[UnmatchedEntry]:
    rows = run.unmatched.select_related("person__department")
    if side in Side.values:
        rows = rows.filter(side=side)
    return rows.order_by("side", "person__name", "id")


def unmatched_rows(
    entries: Iterable[UnmatchedEntry], *, run: MatchRun | None = None
) -> list[UnmatchedRow]:
    """Each entry with its reason in words. On the side that has more people than
    the other side has places (``unmatched_supply``), "a better fit for someone
    else" is said as what it is: there was no place left for them."""
    supply = unmatched_supply(run=run) if run is not None else None
    rows = []
    for e in entries:
        if supply is not None and e.side == supply.side and e.reason in SUPPLY_REASONS:
            sentence = supply_person_sentence(supply)
        else:
            sentence = unmatched_sentence(e.reason, e.constraints)
        rows.append(UnmatchedRow(e, sentence))
    return rows


def unmatched_supply(*, run: MatchRun) -> Supply | None:
    """Whether one side of ``run`` had more people than the other side had places.

    Each mentee takes one mentor, so mentors need a mentee each: with more mentors
    than mentees, ``mentors - mentees`` mentors cannot be matched whoever they
    are. Mentees need a mentor's place: with more mentees than the mentors'
    places (their capacities, within the program's limit), the difference
    cannot be matched. Runs stored before places were counted assume one place
    per mentor when the program allows no more.
    """
    counts = run.counts or {}
    mentors, mentees = int(counts.get("mentors", 0)), int(counts.get("mentees", 0))
    places = counts.get("mentor_places")
    if places is None and run.program.mentor_capacity == 1:
        places = mentors
    return supply_gap(mentors=mentors, mentees=mentees, mentor_places=places)


def unmatched_summary(*, run: MatchRun) -> list[tuple[str, int]]:
    """How many people were left alone for each reason, most first. On a side
    with more people than places (``unmatched_supply``), those who lost out to
    someone else count as left over."""
    supply = unmatched_supply(run=run)
    labels = dict(UnmatchedEntry.Reason.choices)
    counts: dict[str, int] = defaultdict(int)
    for side, reason in run.unmatched.values_list("side", "reason"):
        if supply is not None and side == supply.side and reason in SUPPLY_REASONS:
            counts[f"left over: more {supply.side}s than {supply.other_side} places"] += 1
        else:
            counts[labels.get(reason, reason)] += 1
    return sorted(counts.items(), key=lambda x: -x[1])


# --- fairness ----------------------------------------------------------------------


@dataclass
class FairnessTable:
    key: str
    title: str
    rows: list[dict[str, Any]]
    note: str = ""


@dataclass
class _Group:
    """The places (a person on one side) of one group, with their pairs' scores."""

    places: dict[tuple[int, str], list[float]] = field(default_factory=dict)

    @property
    def people(self) -> set[int]:
        return {pid for pid, _side in self.places}


def level_band(level: int | None) -> str:
    if level is None:
        return "Level not recorded"
    for low, high in LEVEL_BANDS:
        if high is None and level >= low:
            return f"Levels {low}+"
        if high is not None and low <= level <= high:
            return f"Levels {low}–{high}"
    return "Level not recorded"


def _places(run: MatchRun) -> dict[tuple[int, str], list[float]]:
    """Every place of the run (a person on one side) with the scores of its pairs
    (an empty list: left without a partner)."""
    places: dict[tuple[int, str], list[float]] = defaultdict(list)
    for mentor, mentee, score in run.proposals.values_list("mentor_id", "mentee_id", "score"):
        places[(mentor, Side.MENTOR)].append(score)
        places[(mentee, Side.MENTEE)].append(score)
    for person, side in run.unmatched.values_list("person_id", "side"):
        places.setdefault((person, side), [])
    return places


def _group_rows(groups: dict[str, _Group], order: Sequence[str] | None = None) -> list[dict]:
    labels = list(order) if order is not None else sorted(groups)
    rows = []
    for label in labels:
        g = groups.get(label)
        if g is None:
            continue
        matched = [scores for scores in g.places.values() if scores]
        all_scores = [score for scores in matched for score in scores]
        rows.append(
            {
                "label": label,
                "people": len(g.people),
                "places": len(g.places),
                "matched": len(matched),
                "rate": len(matched) / len(g.places) if g.places else None,
                "average": sum(all_scores) / len(all_scores) if all_scores else None,
            }
        )
    return suppress_small_groups(rows)


def _add(groups: dict[str, _Group], label: str, place: tuple[int, str], scores: list) -> None:
    groups.setdefault(label, _Group()).places[place] = scores


def _pool_small(groups: dict[str, _Group], label: str, keep: str) -> None:
    """Put the groups under the minimum size into one group called ``label``.

    Used for words people chose themselves (gender, background): a group's name
    alone ("a person here describes themself as ...") can point at someone.
    """
    small = [
        name
        for name, group in groups.items()
        if name != keep and len(group.people) < min_group_size()
    ]
    if not small:
        return
    pooled = _Group()
    for name in small:
        pooled.places.update(groups.pop(name).places)
    groups[label] = pooled


def fairness_report(*, run: MatchRun, only: str = "") -> list[FairnessTable]:
    """Match rate and average score by department, level band and (consented)
    self-description, with every group under ``REPORT_MIN_GROUP_SIZE`` people
    suppressed. ``only="department"`` computes that table alone."""
    places = _places(run)
    facts = {
        pid: (level, path)
        for pid, level, path in Enrollment.objects.filter(program_id=run.program_id).values_list(
            "person_id", "person__level", "person__department__path"
        )
    }
    departments: dict[str, _Group] = {}
    bands: dict[str, _Group] = {}
    for place, scores in places.items():
        level, path = facts.get(place[0], (None, None))
        top = path.split(PATH_SEPARATOR, 1)[0] if path else "No department"
        _add(departments, top, place, scores)
        _add(bands, level_band(level), place, scores)
    tables = [
        FairnessTable("department", "By department", _group_rows(departments)),
    ]
    if only == "department":
        return tables
    band_order = [level_band(low) for low, _ in LEVEL_BANDS] + ["Level not recorded"]
    tables.append(FairnessTable("level", "By level", _group_rows(bands, band_order)))
    tables += _self_description_tables(run, places)
    return tables


def _self_description_tables(
    run: MatchRun, places: dict[tuple[int, str], list[float]]
) -> list[FairnessTable]:
    values: dict[str, dict[int, str]] = defaultdict(dict)
    rows = SelfDescription.objects.filter(
        person__enrollments__program_id=run.program_id
    ).values_list("person_id", "kind", "value")
    for pid, kind, value in rows:
        values[kind][pid] = value
    generation_labels = dict(SHORT_GENERATION)
    not_shared = "Not shared"
    tables = []
    for kind, title in SelfDescription.Kind.choices:
        groups: dict[str, _Group] = {}
        display: dict[str, str] = {}
        for place, scores in places.items():
            raw = values[kind].get(place[0])
            if raw is None:
                labels = [not_shared]
            elif kind == SelfDescription.Kind.GENERATION:
                labels = [generation_labels.get(raw, not_shared)]
            else:
                words = raw.split(",") if kind == SelfDescription.Kind.BACKGROUND else [raw]
                labels = []
                for word in words:
                    key = words_key(word)
                    if key:
                        display.setdefault(key, " ".join(word.split()))
                        labels.append(display[key])
                labels = list(dict.fromkeys(labels)) or [not_shared]
            for label in labels:
                _add(groups, label, place, scores)
        if kind == SelfDescription.Kind.GENERATION:
            order = [*generation_labels.values(), not_shared]  # youngest first
        else:
            other = "Other answers"
            _pool_small(groups, other, keep=not_shared)
            named = sorted(label for label in groups if label not in (not_shared, other))
            order = [*named, other, not_shared]
        note = (
            ""
            if kind == SelfDescription.Kind.GENERATION
            else f"Answers given by fewer than {min_group_size()} people are pooled, so that "
            "nobody's own words point at them."
        )
        if kind == SelfDescription.Kind.BACKGROUND:
            note += " People may give several background tags: they count in each."
        tables.append(FairnessTable(kind, f"By {title.lower()}", _group_rows(groups, order), note))
    return tables


def fairness_gap(tables: Sequence[FairnessTable]) -> float | None:
    """The difference in match rate between the best- and the worst-served
    department among those shown (lower is fairer)."""
    rates = (
        [row["rate"] for row in tables[0].rows if not row["suppressed"] and row["rate"] is not None]
        if tables
        else []
    )
    return max(rates) - min(rates) if len(rates) > 1 else None


# --- the difference from the previous run ---------------------------------------------


@dataclass
class RunDiff:
    previous: MatchRun
    kept: int
    changed: int
    new: int
    dropped: int
    total_before: float | None
    total_after: float | None
    rate_before: float | None
    rate_after: float | None
    gap_before: float | None
    gap_after: float | None


def run_diff(*, run: MatchRun) -> RunDiff | None:
    """What changed since the run before: pairs kept, mentees with another
    mentor (changed), newly matched (new) and no longer matched (dropped)."""
    if run.status != MatchRun.Status.SUCCEEDED:
        return None
    previous = match_run_previous(run)
    if previous is None:
        return None
    before = defaultdict(set)
    for mentor, mentee in previous.proposals.values_list("mentor_id", "mentee_id"):
        before[mentee].add(mentor)
    after = defaultdict(set)
    for mentor, mentee in run.proposals.values_list("mentor_id", "mentee_id"):
        after[mentee].add(mentor)
    kept = changed = new = 0
    for mentee, mentors in after.items():
        if mentee not in before:
            new += len(mentors)
        else:
            same = len(mentors & before[mentee])
            kept += same
            changed += len(mentors) - same
    dropped = sum(len(m) for mentee, m in before.items() if mentee not in after)
    return RunDiff(
        previous=previous,
        kept=kept,
        changed=changed,
        new=new,
        dropped=dropped,
        total_before=previous.total,
        total_after=run.total,
        rate_before=previous.match_rate,
        rate_after=run.match_rate,
        gap_before=fairness_gap(fairness_report(run=previous, only="department")),
        gap_after=fairness_gap(fairness_report(run=run, only="department")),
    )


# --- participants: preview ---------------------------------------------------------------


@dataclass
class PreviewItem:
    proposal: Proposal
    side: str
    partner: Person
    sentences: list[str]
    can_opt_out: bool
    is_senior: bool
    partner_opted_out: bool = False


def preview_for_user(
    *, user: RequestUser, program: Program
) -> tuple[MatchRun | None, list[PreviewItem]]:
    """The user's own proposals in the run shared for preview (never anyone
    else's): ``(run, items)``; ``(None, [])`` when nothing is shared."""
    person = user_person(user)
    run = match_run_shared(program)
    if person is None or run is None:
        return None, []
    seeing, opt_out = preview_sides(program)
    proposals = (
        run.proposals.filter(Q(mentor=person) | Q(mentee=person))
        .select_related("mentor__department", "mentee__department")
        .order_by("id")
    )
    mine = [p for p in proposals if proposal_side_of(p, person) in seeing]
    names = skill_names(set().union(*(topic_ids(p.topics) for p in mine)) if mine else ())
    senior = program.senior_side
    items = []
    for p in mine:
        side = proposal_side_of(p, person)
        reasons = reasons_from(p.topics, p.crossed, names)
        items.append(
            PreviewItem(
                proposal=p,
                side=side,
                partner=p.mentee if side == Side.MENTOR else p.mentor,
                sentences=pair_sentences(
                    mentor=p.mentor.name,
                    mentee=p.mentee.name,
                    reasons=reasons,
                    audience="participant",
                    reader=side,
                ),
                can_opt_out=side in opt_out and not p.is_opted_out,
                is_senior=senior is None or side == senior,
                partner_opted_out=p.is_opted_out and p.opted_out_by_id != person.pk,
            )
        )
    return run, items


def preview_sees(*, user: RequestUser, program: Program) -> bool:
    """Does this program show the user their proposal before publishing?"""
    person = user_person(user)
    if person is None:
        return False
    seeing, _ = preview_sides(program)
    return bool(seeing & set(self_match_sides(program=program, person=person)))


def preview_proposal_for_user(*, user: RequestUser, program: Program, uuid: UUID | str) -> Proposal:
    """One of the user's own proposals in the shared run, else 404."""
    _, items = preview_for_user(user=user, program=program)
    for item in items:
        if str(item.proposal.uuid) == str(uuid):
            return item.proposal
    raise Http404("No such proposal")


# --- participants: self-match ------------------------------------------------------------


def self_match_sides(*, program: Program, person: Person) -> list[str]:
    """The sides ``person`` is enrolled on in ``program`` (none: not enrolled)."""
    role = (
        Enrollment.objects.filter(program=program, person=person, status=Enrollment.Status.ENROLLED)
        .values_list("role", flat=True)
        .first()
    )
    if role == Enrollment.Role.BOTH:
        return [Side.MENTOR, Side.MENTEE]
    return [role] if role in Side.values else []


@dataclass
class SuggestionRow:
    partner: Person
    score: float
    sentences: list[str]
    pending: bool


def suggestion_list(
    *, program: Program, person: Person, side: str, limit: int = 5
) -> list[SuggestionRow]:
    """Ranked partners on the other side who still have room, with reasons."""
    existing = Pair.objects.filter(program=program).filter(Q(mentor=person) | Q(mentee=person))
    excluded = set(existing.values_list("mentor_id", "mentee_id"))
    built = problem_build(program, remaining_capacity=True, excluded=excluded)
    own = built.mentors if side == Side.MENTOR else built.mentees
    on_side = engine_side(side)
    if on_side is None or person.pk not in own:
        return []
    try:
        suggestions = engine.suggest(built.problem, person=person.pk, side=on_side, limit=limit)
    except engine.EngineInputError:
        return []
    partners = Person.objects.select_related("department").in_bulk([s.partner for s in suggestions])
    names = skill_names(t.skill for s in suggestions for t in (*s.teaches, *s.teaches_back))
    pending = set(
        MatchRequest.objects.filter(program=program, status=MatchRequest.Status.PENDING)
        .filter(Q(from_person=person) | Q(to_person=person))
        .values_list("from_person_id", "to_person_id")
    )
    rows = []
    for s in suggestions:
        partner = partners.get(s.partner)
        if partner is None:
            continue
        mentor, mentee = (person, partner) if side == Side.MENTOR else (partner, person)
        reasons = reasons_from(topics_json(s), s.crossed, names)
        rows.append(
            SuggestionRow(
                partner=partner,
                score=float(s.score),
                sentences=pair_sentences(
                    mentor=mentor.name,
                    mentee=mentee.name,
                    reasons=reasons,
                    audience="participant",
                    reader=side,
                ),
                pending=(person.pk, partner.pk) in pending or (partner.pk, person.pk) in pending,
            )
        )
    return rows


def match_request_lists(*, program: Program, person: Person) -> dict[str, list[MatchRequest]]:
    """The person's requests in ``program``: incoming and outgoing pending ones,
    and the recently decided."""
    rows = (
        MatchRequest.objects.filter(program=program)
        .filter(Q(from_person=person) | Q(to_person=person))
        .select_related("from_person__department", "to_person__department")
        .order_by("-created_at")
    )
    incoming, outgoing, decided = [], [], []
    for r in rows[:200]:
        if r.status != MatchRequest.Status.PENDING:
            decided.append(r)
        elif r.to_person_id == person.pk:
            incoming.append(r)
        else:
            outgoing.append(r)
    return {"incoming": incoming, "outgoing": outgoing, "decided": decided[:20]}


def match_request_get_for_person(
    *, program: Program, person: Person, uuid: UUID | str
) -> MatchRequest:
    """A request the person sent or received, else 404."""
    return object_or_404(
        MatchRequest.objects.select_related("program", "from_person", "to_person").filter(
            Q(from_person=person) | Q(to_person=person)
        ),
        "No such request",
        program=program,
        uuid=uuid,
    )


def match_run_latest_any(*, program: Program) -> MatchRun | None:
    """The newest run whatever its state (to prefill the next run's weights)."""
    return MatchRun.objects.filter(program=program).order_by("-created_at", "-id").first()


@dataclass
class SelfMatchOverview:
    pairs: int
    pending: int
    recent: list[Pair]


def self_match_overview(*, program: Program) -> SelfMatchOverview | None:
    """For a self-match program: pairs formed so far and requests waiting."""
    if program.matching_style != Program.MatchingStyle.SELF:
        return None
    pairs = Pair.objects.filter(program=program)
    return SelfMatchOverview(
        pairs=pairs.count(),
        pending=MatchRequest.objects.filter(
            program=program, status=MatchRequest.Status.PENDING
        ).count(),
        recent=list(pairs.select_related("mentor", "mentee").order_by("-created_at")[:10]),
    )


# --- participants: what comes after matching --------------------------------------------


def enrollments_attach_next_steps(
    person: Person, enrollments: list[Enrollment], *, person_pairs: Sequence[Pair] | None = None
) -> None:
    """Give each of the person's enrollments what comes after matching: ``pairs`` (pair, partner),
    ``preview_open`` (a proposal waits for the person's look) and
    ``suggestions_open`` (a self-match program where they can choose).
    ``person_pairs``, if given, are all the person's pairs, newest first (with
    mentor and mentee), already read by the caller."""
    program_ids = [e.program_id for e in enrollments]
    found: Iterable[Pair]
    if person_pairs is None:
        found = Pair.objects.filter(
            Q(mentor=person) | Q(mentee=person), program_id__in=program_ids
        ).select_related("mentor", "mentee")
    else:
        found = person_pairs
    pairs: dict[int, list[tuple[Pair, Person]]] = {}
    enrolled_in = set(program_ids)
    for pair in found:
        if pair.program_id not in enrolled_in:
            continue
        partner = pair.mentee if pair.mentor_id == person.pk else pair.mentor
        pairs.setdefault(pair.program_id, []).append((pair, partner))
    shared = set(
        MatchRun.objects.filter(
            Q(proposals__mentor=person) | Q(proposals__mentee=person),
            program_id__in=program_ids,
            shared_at__isnull=False,
            published_at__isnull=True,
        ).values_list("program_id", flat=True)
    )
    for enrollment in enrollments:
        program = enrollment.program
        enrolled = enrollment.status == Enrollment.Status.ENROLLED
        # Attached for the template; the model declares no such fields.
        enrollment.pairs = pairs.get(program.pk, [])  # type: ignore[attr-defined]
        enrollment.preview_open = enrolled and program.pk in shared  # type: ignore[attr-defined]
        enrollment.suggestions_open = (  # type: ignore[attr-defined]
            enrolled
            and program.matching_style == Program.MatchingStyle.SELF
            and program.status in SELF_MATCH_STATUSES
        )

"""Reads about skills: the catalogue, who offers and wants what, blind spots.

Every list here is built with a fixed number of queries, whatever its length.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Lower
from django.http import Http404

from twoway.core.actors import RequestUser
from twoway.core.figures import DIRECTORY, figures_remember
from twoway.core.roles import user_is_admin
from twoway.people.access import user_person
from twoway.people.models import OrgUnit, Person, current_q, unit_subtree_q
from twoway.skills.models import PersonSkill, SelfAssessment, Skill

# The blind-spot rule, in one place: a key skill the person rated LOW_RATING or
# lower is proposed when at least MIN_PROVIDERS colleagues offer it at
# PROVIDER_LEVEL or higher.
LOW_RATING = 2
MIN_PROVIDERS = 3
PROVIDER_LEVEL = 4
# A rating this high is worth offering to others.
STRONG_RATING = 4

SUGGEST_LIMIT = 10
DID_YOU_MEAN_LIMIT = 3

OFFER = PersonSkill.Direction.OFFER
LEARN = PersonSkill.Direction.LEARN


def _term(text: str) -> str:
    """Typed text as the catalogue's ``search_text`` stores it: lower-case, single spaces."""
    return " ".join((text or "").split()).lower()


@dataclass(frozen=True)
class SkillCount:
    offered: int = 0
    wanted: int = 0
    offer_level_sum: int = 0

    @property
    def avg_level(self) -> float | None:
        return self.offer_level_sum / self.offered if self.offered else None


def skill_counts() -> dict[int, SkillCount]:
    """Per skill id: how many current people offer and want it.

    Remembered for every process until skill entries or people change
    (``core.figures``): counting a million entries takes most of a second.
    """
    counted = figures_remember(DIRECTORY, "skill counts", _skill_counts)
    return {int(pk): SkillCount(*numbers) for pk, numbers in counted.items()}


def _skill_counts() -> dict[str, list[int]]:
    """``skill_counts`` as plain data: skill id → [offered, wanted, offered levels' sum].

    Every entry is counted from the (skill, direction, level) index alone, then
    the few entries of leavers are subtracted. Joining every entry to its person
    to leave the leavers out took seconds at 200,000 people; this takes a
    fraction of one.
    """

    def grouped(rows: QuerySet[PersonSkill]) -> dict[tuple[int, str], tuple[int, int]]:
        return {
            (skill_id, direction): (n, levels or 0)
            for skill_id, direction, n, levels in rows.values("skill_id", "direction")
            .annotate(n=Count("id"), levels=Sum("level"))
            .values_list("skill_id", "direction", "n", "levels")
        }

    totals = grouped(PersonSkill.objects.all())
    # An IN over the leavers (not a join) lets the database start from the few
    # leavers instead of walking every entry.
    leavers = Person.objects.left().values("pk")
    gone = grouped(PersonSkill.objects.filter(person__in=leavers))
    result: dict[str, list[int]] = {}
    for skill_id in {skill_id for skill_id, _ in totals}:
        offer = [
            a - b
            for a, b in zip(
                totals.get((skill_id, OFFER), (0, 0)),
                gone.get((skill_id, OFFER), (0, 0)),
                strict=True,
            )
        ]
        want = totals.get((skill_id, LEARN), (0, 0))[0] - gone.get((skill_id, LEARN), (0, 0))[0]
        result[str(skill_id)] = [offer[0], want, offer[1]]
    return result


def skill_counts_attach(skills: Any) -> list[Skill]:
    """Set ``offered`` and ``wanted`` on each skill (a page of the catalogue, say)."""
    counts = skill_counts()
    skills = list(skills)
    for skill in skills:
        count = counts.get(skill.pk, SkillCount())
        skill.offered, skill.wanted = count.offered, count.wanted
    return skills


# --- progress and home page --------------------------------------------------


def person_skill_progress(*, person: Person) -> dict[str, Any]:
    """How far a person has got with their profile, for their home page."""
    counts = dict(
        person.skills.values_list("direction").annotate(n=Count("id")).values_list("direction", "n")
    )
    latest = (
        SelfAssessment.objects.filter(person=person)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    offers = counts.get(OFFER, 0)
    wants = counts.get(LEARN, 0)
    return {
        "offers": offers,
        "wants": wants,
        "assessed": latest,
        "done_count": sum(bool(x) for x in (offers, wants, latest)),
    }


def skill_gap_top(*, limit: int = 5) -> list[dict[str, Any]]:
    """Skills most wanted relative to how many people offer them."""
    counts = skill_counts()
    rows: list[dict[str, Any]] = []
    for skill_id, name in Skill.objects.filter(is_active=True).values_list("pk", "name"):
        count = counts.get(skill_id, SkillCount())
        if count.wanted:
            rows.append({"name": name, "wanted": count.wanted, "offered": count.offered})
    rows.sort(key=lambda r: (r["offered"] - r["wanted"], -r["wanted"], r["name"]))
    return rows[:limit]


def profile_skills(*, person: Person) -> dict[str, list[PersonSkill]]:
    """A person's skills to offer and to learn, for their profile page.

    Entries on skills since retired from the catalogue stay listed, so that
    their owner can see and remove them.
    """
    rows = person.skills.select_related("skill").order_by(Lower("skill__name"))
    result: dict[str, list[PersonSkill]] = {OFFER: [], LEARN: []}
    for row in rows:
        result[row.direction].append(row)
    return result


def person_skill_get_for_user(
    *, user: RequestUser, direction: str, skill_uuid: UUID | str
) -> PersonSkill:
    """One of the user's own entries; anybody else's does not exist for them."""
    person = user_person(user)
    try:
        return PersonSkill.objects.select_related("skill", "person").get(
            person=person, direction=direction, skill__uuid=skill_uuid
        )
    except (PersonSkill.DoesNotExist, ValueError):
        raise Http404("No such skill on your profile") from None


# --- the catalogue -----------------------------------------------------------


def skill_list(
    *, user: RequestUser, q: str = "", category: str = "", status: str = ""
) -> QuerySet[Skill]:
    """The catalogue with counts. Only administrators see retired skills."""
    skills = Skill.objects.all()
    if not user_is_admin(user):
        status = "active"
    if status == "active":
        skills = skills.filter(is_active=True)
    elif status == "inactive":
        skills = skills.filter(is_active=False)
    if term := _term(q):
        skills = skills.filter(search_text__contains=term)
    if category:
        skills = skills.filter(category=category)
    return skills.order_by(Lower("name"))


def skill_get(*, uuid: UUID | str) -> Skill:
    try:
        return skill_counts_attach([Skill.objects.get(uuid=uuid)])[0]
    except (Skill.DoesNotExist, ValueError):
        raise Http404("No such skill") from None


def skill_resolve(*, text: str) -> list[Skill]:
    """Active skills whose name or one of whose synonyms is exactly ``text``, any case.

    A name match wins outright; a synonym two skills share returns both.
    """
    term = _term(text)
    if not term:
        return []
    candidates = list(Skill.objects.filter(is_active=True, search_text__contains=term))
    by_name = [s for s in candidates if s.name.lower() == term]
    if by_name:
        return by_name
    return [s for s in candidates if term in s.search_text.split("\n")]


def skill_suggest(*, q: str, limit: int = SUGGEST_LIMIT) -> list[dict[str, Any]]:
    """Type-ahead: active skills whose name or a synonym contains ``q``, best first.

    Each row has the ``skill`` and ``matched``: the synonym that matched, or ""
    when the name itself did.
    """
    term = _term(q)
    if not term:
        return []
    rows = []
    for skill in Skill.objects.filter(is_active=True, search_text__contains=term)[:200]:
        name = skill.name.lower()
        if term in name:
            rank, matched = (0 if name.startswith(term) else 1), ""
        else:
            synonym = next((s for s in skill.synonym_list if term in s.lower()), "")
            rank, matched = (2 if synonym.lower().startswith(term) else 3), synonym
        rows.append((rank, name, {"skill": skill, "matched": matched}))
    rows.sort(key=lambda row: row[:2])
    return [row[2] for row in rows[:limit]]


def skill_did_you_mean(*, text: str, limit: int = DID_YOU_MEAN_LIMIT) -> list[str]:
    """Up to ``limit`` skill names for something typed that is not in the catalogue."""
    term = _term(text)
    if not term:
        return []
    names = [row["skill"].name for row in skill_suggest(q=term, limit=limit)]
    if len(names) < limit:
        # Close spellings of any name or synonym ("tik tok", "excell"), then any
        # longer word of the term ("video editing" -> the video skills).
        index: dict[str, str] = {}
        for skill in Skill.objects.filter(is_active=True).only("name", "search_text"):
            for line in skill.search_text.split("\n"):
                index.setdefault(line, skill.name)
        close = difflib.get_close_matches(term, list(index), n=limit * 3, cutoff=0.6)
        words = [w for w in term.split() if len(w) >= 4]
        by_word = [line for line in index if any(w in line for w in words)]
        for line in [*close, *by_word]:
            if index[line] not in names:
                names.append(index[line])
    return names[:limit]


# --- who can teach me --------------------------------------------------------


@dataclass
class DirectorySearch:
    """What a directory search found: one skill and its providers, a choice, or nothing."""

    term: str = ""
    skill: Skill | None = None
    choices: list[Skill] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    providers: QuerySet[PersonSkill] | None = None
    # How many providers there are, when known without counting them (no filters).
    provider_count: int | None = None


def provider_list(
    *,
    user: RequestUser,
    skill: Skill,
    department: OrgUnit | None = None,
    level_min: int | None = None,
    level_max: int | None = None,
    skill_level_min: int | None = None,
) -> QuerySet[PersonSkill]:
    """Current colleagues who offer ``skill``, strongest first; never the user."""
    rows = PersonSkill.objects.filter(skill=skill, skill__is_active=True, direction=OFFER).filter(
        current_q("person__")
    )
    me = user_person(user)
    if me is not None:
        rows = rows.exclude(person=me)
    if department is not None:
        rows = rows.filter(unit_subtree_q(department, "person__"))
    if level_min is not None:
        rows = rows.filter(person__level__gte=level_min)
    if level_max is not None:
        rows = rows.filter(person__level__lte=level_max)
    if skill_level_min is not None:
        rows = rows.filter(level__gte=skill_level_min)
    return rows.select_related("person", "person__department").order_by(
        "-level", "person__name", "person__pk"
    )


def provider_count_unfiltered(*, user: RequestUser, skill: Skill) -> int:
    """How many current colleagues offer ``skill``, the user left out: what
    ``provider_list`` without filters would count, from the remembered skill counts.

    Counting the offers of a popular skill joined to their people read 90 ms of the
    database at 100,000 people, on every page of the directory.
    """
    if not skill.is_active:
        return 0
    offered = skill_counts().get(skill.pk, SkillCount()).offered
    me = user_person(user)
    if me is not None and not me.has_left:
        offered -= PersonSkill.objects.filter(person=me, skill=skill, direction=OFFER).exists()
    return max(offered, 0)


def directory_search(*, user: RequestUser, text: str, **filters: Any) -> DirectorySearch:
    """Resolve what was typed to a skill (or a choice of them) and list its providers.

    An exact name or synonym wins; otherwise a part of a name or synonym that
    fits one skill is taken as that skill, and one that fits several is offered
    as a choice.
    """
    result = DirectorySearch(term=" ".join((text or "").split()))
    if not result.term:
        return result
    found = skill_resolve(text=result.term) or [
        row["skill"] for row in skill_suggest(q=result.term, limit=50)
    ]
    if len(found) == 1:
        result.skill = found[0]
        result.providers = provider_list(user=user, skill=result.skill, **filters)
        if not any(value is not None for value in filters.values()):
            result.provider_count = provider_count_unfiltered(user=user, skill=result.skill)
    elif found:
        result.choices = sorted(found, key=lambda s: s.name.lower())
    else:
        result.suggestions = skill_did_you_mean(text=result.term)
    return result


def skill_popular(*, limit: int = 8) -> list[dict[str, Any]]:
    """The active skills most colleagues offer, for a first search."""
    counts = skill_counts()
    rows: list[dict[str, Any]] = [
        {"name": name, "offered": counts[pk].offered}
        for pk, name in Skill.objects.filter(is_active=True).values_list("pk", "name")
        if pk in counts and counts[pk].offered > 0
    ]
    rows.sort(key=lambda r: (-r["offered"], r["name"].lower()))
    return rows[:limit]


# --- skills map --------------------------------------------------------------

SKILL_MAP_SORTS = ("name", "category", "offered", "wanted", "gap", "avg_level")
SKILL_MAP_DEFAULT_SORT = "-gap"


def skill_map_sort(sort: str) -> str:
    """``sort`` if it names a column of the map (``-`` first for descending), else the default."""
    return sort if sort.lstrip("-") in SKILL_MAP_SORTS else SKILL_MAP_DEFAULT_SORT


def skill_map_rows(*, category: str = "", sort: str = "") -> list[dict[str, Any]]:
    """Per active skill: how many current people offer and want it, the gap, the
    average offer level, and bar widths (0-100) relative to the busiest skill.

    ``sort`` is a column name, ``-`` first for descending; anything unknown falls
    back to the largest unmet demand first.
    """
    skills = Skill.objects.filter(is_active=True)
    if category:
        skills = skills.filter(category=category)
    counts = skill_counts()
    rows: list[dict[str, Any]] = []
    for values in skills.values("pk", "uuid", "name", "category", "is_key"):
        row: dict[str, Any] = dict(values)
        count = counts.get(row.pop("pk"), SkillCount())
        row.update(offered=count.offered, wanted=count.wanted, avg_level=count.avg_level)
        rows.append(row)
    labels = dict(Skill.Category.choices)
    scale = max([1, *(max(r["offered"], r["wanted"]) for r in rows)])
    for row in rows:
        row["category_label"] = labels.get(row["category"], row["category"])
        row["gap"] = row["wanted"] - row["offered"]
        row["offered_pct"] = round(100 * row["offered"] / scale)
        row["wanted_pct"] = round(100 * row["wanted"] / scale)
    sort = skill_map_sort(sort)
    key, descending = sort.lstrip("-"), sort.startswith("-")
    # Stable sorts, least important key first: ties end up by demand, then name.
    rows.sort(key=lambda r: r["name"].lower())
    rows.sort(key=lambda r: r["wanted"], reverse=True)
    if key in ("name", "category"):
        text = "name" if key == "name" else "category_label"
        rows.sort(key=lambda r: r[text].lower(), reverse=descending)
        return rows
    # Skills nobody offers have no average: they go last either way.
    present = [r for r in rows if r[key] is not None]
    present.sort(key=lambda r: r[key], reverse=descending)
    return present + [r for r in rows if r[key] is None]


def skill_map_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Headline figures for the map: entries, and skills whose demand is unmet."""
    return {
        "offered": sum(r["offered"] for r in rows),
        "wanted": sum(r["wanted"] for r in rows),
        "unmet": sum(1 for r in rows if r["gap"] > 0),
        "untaught": sum(1 for r in rows if r["wanted"] and not r["offered"]),
    }


# --- blind spots -------------------------------------------------------------


def self_assessment_questions() -> list[tuple[str, list[Skill]]]:
    """The key skills to rate, grouped by category in catalogue order."""
    groups: dict[str, list[Skill]] = {}
    for skill in Skill.objects.filter(is_key=True, is_active=True).order_by(Lower("name")):
        groups.setdefault(skill.category, []).append(skill)
    return [(label, groups[value]) for value, label in Skill.Category.choices if value in groups]


def self_assessment_latest(*, person: Person) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(person=person).order_by("-completed_at", "-pk").first()


def self_assessment_ratings(*, assessment: SelfAssessment | None) -> dict[int, int]:
    """Skill id -> rating of one assessment (to pre-fill a retake)."""
    if assessment is None:
        return {}
    return dict(assessment.answers.values_list("skill_id", "rating"))


def blind_spot_proposals(*, person: Person) -> dict[str, Any]:
    """What the person's latest self-assessment suggests they learn.

    ``proposals``: skills rated ``LOW_RATING`` or lower that at least
    ``MIN_PROVIDERS`` current colleagues (not the person) offer at
    ``PROVIDER_LEVEL`` or higher, most teachers first. ``few_teachers``: the
    other low-rated skills. ``strengths``: skills rated ``STRONG_RATING`` or
    higher and not yet offered. Each proposal is a dict with ``skill``, ``rating``,
    ``providers`` and ``on_list`` (already on the person's learning list).
    """
    assessment = self_assessment_latest(person=person)
    result: dict[str, Any] = {
        "assessment": assessment,
        "proposals": [],
        "few_teachers": [],
        "strengths": [],
    }
    if assessment is None:
        return result
    answers = list(
        assessment.answers.filter(skill__is_active=True)
        .select_related("skill")
        .order_by(Lower("skill__name"))
    )
    low = [a for a in answers if a.rating <= LOW_RATING]
    strong = [a.skill for a in answers if a.rating >= STRONG_RATING]
    if strong:
        offered = set(
            person.skills.filter(direction=OFFER, skill__in=strong).values_list(
                "skill_id", flat=True
            )
        )
        result["strengths"] = [s for s in strong if s.pk not in offered]
    if not low:
        return result
    low_ids = [a.skill_id for a in low]
    teachers = dict(
        PersonSkill.objects.filter(direction=OFFER, level__gte=PROVIDER_LEVEL, skill_id__in=low_ids)
        .filter(current_q("person__"))
        .exclude(person=person)
        .values("skill_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("skill_id", "n")
    )
    on_list = set(
        person.skills.filter(direction=LEARN, skill_id__in=low_ids).values_list(
            "skill_id", flat=True
        )
    )
    items: list[dict[str, Any]] = [
        {
            "skill": a.skill,
            "rating": a.rating,
            "providers": teachers.get(a.skill_id, 0),
            "on_list": a.skill_id in on_list,
        }
        for a in low
    ]
    items.sort(key=lambda i: (-i["providers"], i["rating"], i["skill"].name.lower()))
    result["proposals"] = [i for i in items if i["providers"] >= MIN_PROVIDERS]
    result["few_teachers"] = [i for i in items if i["providers"] < MIN_PROVIDERS]
    return result

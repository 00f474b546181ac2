"""Reads about people, each scoped to the user asking, and their history for reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.figures import DIRECTORY, figures_remember
from twoway.core.models import Role
from twoway.core.roles import user_has_role
from twoway.people.access import user_is_person
from twoway.people.models import (
    ImportUpload,
    LevelLabel,
    OrgUnit,
    Person,
    PersonChange,
    SelfDescription,
    current_q,
    unit_subtree_q,
)


def person_can_browse(user: RequestUser) -> bool:
    """May this user browse the whole directory (HR fields included)?"""
    return user_has_role(user, Role.PROGRAM_MANAGER)


def person_get_for_user(*, user: RequestUser, uuid: UUID | str) -> Person:
    """The one access helper for a person's page: 404 unless the user may see it.

    Administrators and program managers see everyone; anybody sees themself.
    """
    try:
        person = Person.objects.select_related("department", "manager", "user").get(uuid=uuid)
    except (Person.DoesNotExist, ValueError):
        raise Http404("No such person") from None
    if person_can_browse(user) or user_is_person(user, person):
        return person
    raise Http404("No such person")


def person_list(
    *,
    user: RequestUser,
    q: str = "",
    department: OrgUnit | None = None,
    level_min: int | None = None,
    level_max: int | None = None,
    include_leavers: bool = False,
) -> QuerySet[Person]:
    if not person_can_browse(user):
        raise Http404("No such page")
    people = Person.objects.select_related("department", "manager")
    if not include_leavers:
        people = people.current()
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(employee_id__iexact=q)
            | Q(job_title__icontains=q)
        )
    if department is not None:
        people = people.filter(unit_subtree_q(department))
    if level_min is not None:
        people = people.filter(level__gte=level_min)
    if level_max is not None:
        people = people.filter(level__lte=level_max)
    return people.order_by("name", "employee_id")


def person_invite_refusal(person: Person) -> str:
    """Why ``person`` cannot be invited to sign in ("" when they can)."""
    if person.has_left:
        return "This person has left the organisation; they cannot be invited."
    if person.is_erased:
        return "This person's record was erased at their request: no sign-in."
    return ""


def person_reports(*, person: Person) -> QuerySet[Person]:
    return person.reports.current().select_related("department").order_by("name")


def person_directory_stats() -> dict[str, int]:
    """How many current people, departments, and people with a skill on their profile.

    Remembered for every process until people or skills change (``core.figures``).
    """
    return figures_remember(DIRECTORY, "directory stats", _person_directory_stats)


def _person_directory_stats() -> dict[str, int]:
    current = Person.objects.current()
    # The skills app sits above this one: its entries are reached through the relation.
    entries = Person._meta.get_field("skills").related_model._default_manager
    return {
        "people": current.count(),
        "departments": OrgUnit.objects.count(),
        # EXISTS, not a join made distinct: one probe of the entries' person index each.
        "with_skills": current.filter(Exists(entries.filter(person=OuterRef("pk")))).count(),
    }


def level_labels() -> dict[int, str]:
    return dict(LevelLabel.objects.values_list("level", "label"))


def self_description_map(*, user: RequestUser, person: Person) -> dict[str, SelfDescription]:
    """A person's own self-descriptions, by kind. Only the person may read them."""
    if not user_is_person(user, person):
        return {}
    return {sd.kind: sd for sd in person.self_descriptions.all()}


def import_upload_get_for_user(*, user: RequestUser, uuid: UUID | str) -> ImportUpload:
    """The access helper for an upload: administrators only, 404 otherwise."""
    if not user_has_role(user, Role.ADMINISTRATOR):
        raise Http404("No such upload")
    # The file is read only when it is checked again or applied (a deferred field
    # loads on first use): showing the review never fetches it.
    return object_or_404(
        ImportUpload.objects.select_related("uploaded_by").defer("content"),
        "No such upload",
        uuid=uuid,
    )


def import_upload_list_recent(*, user: RequestUser, limit: int = 10) -> QuerySet[ImportUpload]:
    if not user_has_role(user, Role.ADMINISTRATOR):
        return ImportUpload.objects.none()
    return (
        ImportUpload.objects.select_related("uploaded_by")
        .defer("content", "review")
        .order_by("-created_at")[:limit]
    )


@dataclass(frozen=True, slots=True)
class Promotion:
    """A rise in a person's level, and the day it took effect."""

    effective_on: dt.date
    old_level: int
    new_level: int


def person_promotions(
    *, windows: Mapping[int, tuple[dt.date, dt.date]]
) -> dict[int, list[Promotion]]:
    """Each person's promotions within their own window, in one query.

    ``windows`` maps a person's id to the first and the last day to look at,
    both included (for a program: the day they joined and twelve months
    later). A promotion is a change to a higher level; a person's first level
    (nothing before it) is not one. Not scoped to a user: the report calling
    it decides who may see what. Returns the people with at least one
    promotion, each with theirs oldest first.
    """
    if not windows:
        return {}
    first = min(start for start, _ in windows.values())
    last = max(end for _, end in windows.values())
    rows = (
        PersonChange.objects.filter(
            person_id__in=list(windows),
            field=PersonChange.Field.LEVEL,
            old_level__isnull=False,
            new_level__gt=F("old_level"),
            effective_on__range=(first, last),
        )
        .order_by("person_id", "effective_on", "id")
        .values_list("person_id", "effective_on", "old_level", "new_level")
    )
    promotions: dict[int, list[Promotion]] = {}
    for person_id, effective_on, old, new in rows:
        start, end = windows[person_id]
        if start <= effective_on <= end and old is not None and new is not None:
            promotions.setdefault(person_id, []).append(Promotion(effective_on, old, new))
    return promotions


def person_manager_chains(
    person_ids: Iterable[int], depth: int, *, bulk: bool = False
) -> dict[int, tuple[int, ...]]:
    """Each person's managers upwards, nearest first, at most ``depth`` of them.

    ``bulk`` loads every current person's manager in one query (for a whole
    program); otherwise one small query per level (for a handful of people).
    """
    ids = list(person_ids)
    if depth <= 0 or not ids:
        return {pid: () for pid in ids}
    manager_of: dict[int, int | None]
    if bulk:
        manager_of = dict(Person.objects.filter(current_q()).values_list("id", "manager_id"))
    else:
        manager_of = {}
        frontier = set(ids)
        for _ in range(depth):
            rows = dict(Person.objects.filter(pk__in=frontier).values_list("id", "manager_id"))
            manager_of.update(rows)
            frontier = {m for m in rows.values() if m is not None and m not in manager_of}
            if not frontier:
                break
    chains: dict[int, tuple[int, ...]] = {}
    for pid in ids:
        chain: list[int] = []
        current = manager_of.get(pid)
        while current is not None and len(chain) < depth and current not in chain:
            chain.append(current)
            current = manager_of.get(current)
        chains[pid] = tuple(chain)
    return chains

"""Reads about people, each scoped to the user asking."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from twoway.core.models import Role
from twoway.core.roles import user_has_role, user_person
from twoway.people.models import LevelLabel, OrgUnit, Person, SelfDescription


def person_can_browse(user: Any) -> bool:
    """May this user browse the whole directory (HR fields included)?"""
    return user_has_role(user, Role.PROGRAM_MANAGER)


def person_get_for_user(*, user: Any, uuid: UUID | str) -> Person:
    """The one access helper for a person's page: 404 unless the user may see it.

    Administrators and program managers see everyone; anybody sees themself.
    """
    try:
        person = Person.objects.select_related("department", "manager", "user").get(uuid=uuid)
    except (Person.DoesNotExist, ValueError):
        raise Http404("No such person") from None
    me = user_person(user)
    if person_can_browse(user) or (me is not None and me.pk == person.pk):
        return person
    raise Http404("No such person")


def person_list(
    *,
    user: Any,
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
        people = people.filter(
            Q(department=department) | Q(department__path__startswith=department.path + "/")
        )
    if level_min is not None:
        people = people.filter(level__gte=level_min)
    if level_max is not None:
        people = people.filter(level__lte=level_max)
    return people.order_by("name", "employee_id")


def person_reports(*, person: Person) -> QuerySet[Person]:
    return person.reports.current().select_related("department").order_by("name")


def person_directory_stats() -> dict[str, int]:
    current = Person.objects.current()
    return {
        "people": current.count(),
        "departments": OrgUnit.objects.count(),
        "with_skills": current.filter(skills__isnull=False).values("pk").distinct().count(),
    }


def org_unit_list() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.order_by("path")


def org_unit_headcounts() -> dict[int, int]:
    return dict(OrgUnit.objects.annotate(n=Count("people")).values_list("pk", "n"))


def level_labels() -> dict[int, str]:
    return dict(LevelLabel.objects.values_list("level", "label"))


def level_display(level: int | None, labels: dict[int, str]) -> str:
    if level is None:
        return ""
    label = labels.get(level)
    return f"{level} · {label}" if label else str(level)


def self_description_map(*, user: Any, person: Person) -> dict[str, SelfDescription]:
    """A person's own self-descriptions, by kind. Only the person may read them."""
    me = user_person(user)
    if me is None or me.pk != person.pk:
        return {}
    return {sd.kind: sd for sd in person.self_descriptions.all()}

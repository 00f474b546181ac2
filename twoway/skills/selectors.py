"""Reads about skills: the catalogue, who offers and wants what."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from twoway.people.models import Person
from twoway.skills.models import PersonSkill, SelfAssessment, Skill


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
    offers = counts.get(PersonSkill.Direction.OFFER, 0)
    wants = counts.get(PersonSkill.Direction.LEARN, 0)
    return {
        "offers": offers,
        "wants": wants,
        "assessed": latest,
        "done_count": sum(bool(x) for x in (offers, wants, latest)),
    }


def skill_gap_top(*, limit: int = 5) -> list[dict[str, Any]]:
    """Skills most wanted relative to how many people offer them."""
    current = Q(person_skills__person__leave_date__isnull=True)
    rows = (
        Skill.objects.filter(is_active=True)
        .annotate(
            wanted=Count("person_skills", filter=current & Q(person_skills__direction="learn")),
            offered=Count("person_skills", filter=current & Q(person_skills__direction="offer")),
        )
        .filter(wanted__gt=0)
        .values("name", "wanted", "offered")
    )
    ranked = sorted(rows, key=lambda r: (r["offered"] - r["wanted"], -r["wanted"], r["name"]))
    return ranked[:limit]


def profile_skills(*, person: Person) -> dict[str, list[PersonSkill]]:
    """A person's skills to offer and to learn, for their profile page."""
    rows = person.skills.select_related("skill").order_by("skill__name")
    result: dict[str, list[PersonSkill]] = {"offer": [], "learn": []}
    for row in rows:
        result[row.direction].append(row)
    return result

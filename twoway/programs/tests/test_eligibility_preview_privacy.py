"""The differencing attack on the eligibility preview, run as a manager would run it.

Two people swap their self-descriptions (generation, gender, background). Every
total in the organisation stays the same; only *who* answered what changes. A
manager — here one who runs a single program of their own — then asks the preview
and the invitation plan everything they can: each person isolated by department
and level or by tenure, everyone but one of them, level bands, each answer alone.
If any page reads differently after the swap, the manager has learned one person's
answer, and the test fails. (Before the fix, isolating one person and adding
"Gen X" said 1 instead of 0.)
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import product

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.people.models import Person, SelfDescription
from twoway.programs.eligibility import Criteria, months_ago
from twoway.programs.models import Side
from twoway.programs.services import eligibility_rule_save
from twoway.testing.cast import make_morgan
from twoway.testing.factories import OrgUnitFactory, PersonFactory, open_program

GENERATIONS = [value for value, _ in SelfDescription.Generation.choices]
GENDERS = ["Woman", "Man"]
BACKGROUNDS = ["carer", "first in family", "carer, first in family"]
# What the two targets answered before the swap: every answer differs.
PATRICIA = {"generation": "gen_x", "gender": "Woman", "background": "carer"}
QUENTIN = {"generation": "millennial", "gender": "Man", "background": "first in family"}


@pytest.fixture
def organisation(db):
    """36 people in three departments, all of whom answered; two targets, each the
    only person of their team: Patricia (Finance/Treasury, level 9) and Quentin
    (Marketing/Brand, level 3)."""
    units = {
        path: OrgUnitFactory(name=path.split("/")[-1], path=path, parent=parent)
        for path, parent in [("Finance", None), ("Marketing", None), ("Technology", None)]
    }
    units["Finance/Treasury"] = OrgUnitFactory(
        name="Treasury", path="Finance/Treasury", parent=units["Finance"]
    )
    units["Marketing/Brand"] = OrgUnitFactory(
        name="Brand", path="Marketing/Brand", parent=units["Marketing"]
    )
    for i in range(34):
        person = PersonFactory(
            department=units[["Finance", "Marketing", "Technology"][i % 3]],
            level=1 + i % 8,
            hire_date=dt.date(2012 + i % 12, 1 + i % 12, 1),
        )
        _describe(
            person,
            {
                "generation": GENERATIONS[i % 4],
                "gender": GENDERS[i % 2],
                "background": BACKGROUNDS[i % 3],
            },
        )
    patricia = PersonFactory(
        name="Patricia Neves",
        department=units["Finance/Treasury"],
        level=9,
        hire_date=dt.date(2009, 2, 10),
    )
    quentin = PersonFactory(
        name="Quentin Adeyemi",
        department=units["Marketing/Brand"],
        level=3,
        hire_date=dt.date(2024, 7, 1),
    )
    _describe(patricia, PATRICIA)
    _describe(quentin, QUENTIN)
    program = open_program(name="Open doors", slug="open-doors")
    manager = make_morgan(program)
    return program, manager, units, patricia, quentin


def _describe(person: Person, answers: dict[str, str]) -> None:
    for kind, value in answers.items():
        row = SelfDescription.objects.filter(person=person, kind=kind).first()
        if row is None:
            SelfDescription.objects.create(person=person, kind=kind, value=value)
        else:
            row.value = value
            row.save()


def _tenure(person: Person) -> int:
    today, hired = timezone.localdate(), person.hire_date
    assert hired is not None
    months = 0
    while months_ago(today, months + 1) >= hired:
        months += 1
    return months


def _bases(units, patricia, quentin) -> list[dict[str, str]]:
    """Every HR filter the attack uses, as the preview's query string (mentor side)."""
    bases: list[dict[str, str]] = [{}]
    for target, team in ((patricia, "Finance/Treasury"), (quentin, "Marketing/Brand")):
        level, tenure, uuid = str(target.level), str(_tenure(target)), str(units[team].uuid)
        bases += [
            {"mentor-departments_included": uuid},  # the target alone
            {"mentor-departments_included": uuid, "mentor-min_level": level},
            {"mentor-min_level": level, "mentor-max_level": level},  # their level band
            {"mentor-min_tenure_months": tenure, "mentor-max_tenure_months": tenure},
            {"mentor-departments_excluded": uuid},  # everyone but the target
        ]
    bases += [{"mentor-min_level": "1", "mentor-max_level": str(top)} for top in (2, 3, 8, 9)]
    return bases


def _clauses() -> list[dict[str, str]]:
    clauses: list[dict[str, str]] = [{}]
    clauses += [{"mentor-generations": value} for value in GENERATIONS]
    clauses += [{"mentor-genders": value} for value in GENDERS]
    clauses += [{"mentor-backgrounds": value} for value in ("carer", "first in family")]
    return clauses


def _quiet(html: str) -> str:
    """A page without what changes on every request (tokens)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _everything_the_manager_can_see(client, manager, program, units, patricia, quentin):
    pages = []
    preview = reverse("programs:rules_preview", kwargs={"slug": program.slug})
    for base, clause in product(_bases(units, patricia, quentin), _clauses()):
        response = client.get(preview, {"side": "mentor", **base, **clause})
        assert response.status_code == 200
        pages.append(_quiet(response.content.decode()))
    # Saved rules with one answer each, then the invitation plan per department.
    invite = reverse("programs:invite", kwargs={"slug": program.slug})
    rules = reverse("programs:rules", kwargs={"slug": program.slug})
    for generation in GENERATIONS:
        eligibility_rule_save(
            actor=manager,
            program=program,
            side=Side.MENTOR,
            criteria=Criteria(generations=(generation,)),
        )
        pages.append(_quiet(client.get(rules).content.decode()))
        for unit in [None, units["Finance/Treasury"], units["Marketing/Brand"]]:
            query = {"side": Side.MENTOR, **({"department": str(unit.uuid)} if unit else {})}
            response = client.get(invite, query, HTTP_HX_REQUEST="true")
            assert response.status_code == 200
            pages.append(_quiet(response.content.decode()))
    return pages


@pytest.mark.django_db
def test_no_preview_tells_a_manager_who_answered_what(client, cast, organisation):
    program, manager, units, patricia, quentin = organisation
    client.force_login(manager)
    before = _everything_the_manager_can_see(client, manager, program, units, patricia, quentin)
    # The attack's own check: it did isolate the targets (HR counts are exact).
    isolated = reverse("programs:rules_preview", kwargs={"slug": program.slug})
    page = client.get(
        isolated,
        {"side": "mentor", "mentor-departments_included": str(units["Finance/Treasury"].uuid)},
    ).content.decode()
    assert 'class="funnel-count">1<' in page

    _describe(patricia, QUENTIN)
    _describe(quentin, PATRICIA)
    after = _everything_the_manager_can_see(client, manager, program, units, patricia, quentin)

    assert len(before) == len(after) > 150
    leaks = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert leaks == [], f"{len(leaks)} pages read differently once two people swapped answers"

"""person_promotions: who rose a level within their window, and when, in one query."""

from __future__ import annotations

import datetime as dt

import pytest

from twoway.people.models import Person, PersonChange
from twoway.people.selectors import Promotion, person_promotions
from twoway.testing.factories import PersonFactory
from twoway.testing.queries import queries_in

pytestmark = pytest.mark.django_db

JOINED = dt.date(2025, 1, 1)
YEAR = (JOINED, dt.date(2025, 12, 31))


def level(person: Person, old: int | None, new: int | None, on: dt.date) -> None:
    PersonChange.objects.create(
        person=person,
        field=PersonChange.Field.LEVEL,
        old_level=old,
        new_level=new,
        effective_on=on,
    )


def test_finds_a_level_increase_inside_the_window():
    person = PersonFactory()
    level(person, 2, 3, dt.date(2025, 4, 1))

    assert person_promotions(windows={person.pk: YEAR}) == {
        person.pk: [Promotion(dt.date(2025, 4, 1), 2, 3)]
    }


def test_the_window_includes_its_first_and_last_day():
    person = PersonFactory()
    level(person, 2, 3, JOINED)
    level(person, 3, 4, dt.date(2025, 12, 31))

    promotions = person_promotions(windows={person.pk: YEAR})

    assert [p.effective_on for p in promotions[person.pk]] == [JOINED, dt.date(2025, 12, 31)]


def test_ignores_increases_outside_the_window():
    person = PersonFactory()
    level(person, 2, 3, dt.date(2024, 12, 31))
    level(person, 3, 4, dt.date(2026, 1, 1))

    assert person_promotions(windows={person.pk: YEAR}) == {}


def test_a_decrease_a_first_level_or_another_field_is_no_promotion():
    person = PersonFactory()
    level(person, None, 2, dt.date(2025, 2, 1))
    level(person, 4, 3, dt.date(2025, 3, 1))
    PersonChange.objects.create(
        person=person,
        field=PersonChange.Field.JOB_TITLE,
        old_value="Analyst",
        new_value="Senior Analyst",
        effective_on=dt.date(2025, 3, 1),
    )

    assert person_promotions(windows={person.pk: YEAR}) == {}


def test_each_person_is_judged_by_their_own_window():
    early, late, other = PersonFactory(), PersonFactory(), PersonFactory()
    for person in (early, late, other):
        level(person, 2, 3, dt.date(2025, 6, 1))

    promotions = person_promotions(
        windows={
            early.pk: (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            late.pk: (dt.date(2025, 5, 1), dt.date(2026, 4, 30)),
        }
    )

    assert list(promotions) == [late.pk]


def test_no_people_means_no_query():
    assert queries_in(lambda: person_promotions(windows={})) == 0


def test_one_query_however_many_people():
    people = [PersonFactory() for _ in range(12)]
    for person in people:
        level(person, 2, 3, dt.date(2025, 6, 1))
        level(person, 3, 4, dt.date(2025, 9, 1))

    few = queries_in(lambda: person_promotions(windows={people[0].pk: YEAR}))
    many = queries_in(lambda: person_promotions(windows={person.pk: YEAR for person in people}))

    assert few == many == 1

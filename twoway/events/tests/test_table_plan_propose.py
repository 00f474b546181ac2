"""Proposing a table plan: mixed tables of 6 to 8, never a person with their
line manager, and proposing again replaces the plan."""

from collections import Counter

import pytest

from twoway.core.models import AuditEvent
from twoway.events.models import TablePlan, TableSeat
from twoway.events.selectors import table_plan_get
from twoway.events.services import EventError, rsvp_answer, table_plan_propose
from twoway.events.tests.helpers import new_event
from twoway.people.models import SelfDescription
from twoway.testing.factories import person

pytestmark = pytest.mark.django_db
DEPARTMENTS = ["Sales", "Finance", "Technology", "People", "Marketing/Digital"]


def org(managers: int, reports: int):
    """A head, ``managers`` managers reporting to the head, each with ``reports``."""
    head = person("Hana Head", employee_id="HEAD", level=9, department="Executive")
    made = [head]
    for m in range(managers):
        boss = person(
            f"Manager {m}",
            employee_id=f"M{m}",
            level=6,
            department=DEPARTMENTS[m % len(DEPARTMENTS)],
            manager=head,
        )
        made.append(boss)
        for r in range(reports):
            made.append(
                person(
                    f"Report {m}-{r}",
                    employee_id=f"R{m}-{r}",
                    level=2 + r % 3,
                    department=DEPARTMENTS[(m + r) % len(DEPARTMENTS)],
                    manager=boss,
                )
            )
    return made


def everyone_says_yes(event, people):
    for who in people:
        rsvp_answer(actor=None, event=event, person=who, answer="yes")


def test_nobody_sits_with_their_line_manager(cast):
    people = org(managers=4, reports=6)  # 29 people, managers and reports all coming
    event = new_event(cast.priya, seated=True, table_size=8)
    everyone_says_yes(event, people)
    plan = table_plan_propose(actor=cast.priya, event=event)
    table_of = dict(TableSeat.objects.filter(plan=plan).values_list("person_id", "table"))
    assert set(table_of) == {p.pk for p in people}
    for who in people:
        if who.manager_id is not None and table_of[who.pk] is not None:
            assert table_of[who.pk] != table_of[who.manager_id], who.name


def test_tables_hold_six_to_eight(cast):
    people = org(managers=5, reports=7)  # 41 people
    event = new_event(cast.priya, seated=True, table_size=8)
    everyone_says_yes(event, people)
    plan = table_plan_propose(actor=cast.priya, event=event)
    sizes = Counter(
        TableSeat.objects.filter(plan=plan, table__isnull=False).values_list("table", flat=True)
    )
    assert plan.tables == 6 == len(sizes)
    assert all(6 <= size <= 8 for size in sizes.values()), sizes


def test_the_plan_speaks_of_departments_and_levels_per_table(cast):
    people = org(managers=2, reports=6)
    event = new_event(cast.priya, seated=True, table_size=7)
    everyone_says_yes(event, people)
    table_plan_propose(actor=cast.priya, event=event)
    view = table_plan_get(event=event)
    assert view is not None
    assert all(t.summary.endswith(("levels", "level")) for t in view.tables)
    assert "departments" in view.tables[0].summary


def test_generations_show_only_over_the_plan_and_only_when_enough_shared(cast):
    people = org(managers=2, reports=6)
    event = new_event(cast.priya, seated=True)
    everyone_says_yes(event, people)
    for who in people[:3]:
        SelfDescription.objects.create(
            person=who, kind=SelfDescription.Kind.GENERATION, value="gen_z"
        )
    table_plan_propose(actor=cast.priya, event=event)
    view = table_plan_get(event=event)
    assert view is not None and view.generation_mix is None  # three is a small group
    for who in people[3:8]:
        SelfDescription.objects.create(
            person=who, kind=SelfDescription.Kind.GENERATION, value="gen_x"
        )
    table_plan_propose(actor=cast.priya, event=event)
    view = table_plan_get(event=event)
    assert view is not None and view.generation_mix is not None


def test_proposing_again_replaces_the_plan(cast):
    people = org(managers=2, reports=5)
    event = new_event(cast.priya, seated=True)
    everyone_says_yes(event, people)
    table_plan_propose(actor=cast.priya, event=event)
    rsvp_answer(actor=None, event=event, person=people[-1], answer="no")
    plan = table_plan_propose(actor=cast.priya, event=event)
    assert TablePlan.objects.count() == 1
    assert TableSeat.objects.filter(plan=plan).count() == len(people) - 1
    assert AuditEvent.objects.filter(action="table_plan.propose").count() == 2


def test_only_people_with_a_place_are_seated(cast):
    people = org(managers=1, reports=7)
    event = new_event(cast.priya, seated=True, capacity=6)
    everyone_says_yes(event, people)
    plan = table_plan_propose(actor=cast.priya, event=event)
    assert plan.seats.count() == 6


def test_an_unseated_event_or_an_empty_room_is_refused(cast):
    with pytest.raises(EventError, match="not seated"):
        table_plan_propose(actor=cast.priya, event=new_event(cast.priya))
    with pytest.raises(EventError, match="at least two"):
        table_plan_propose(actor=cast.priya, event=new_event(cast.priya, seated=True))

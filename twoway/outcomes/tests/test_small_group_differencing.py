"""The small-group rule holds against differencing: no hidden cell of the report
can be worked out by subtracting what it shows from the totals it shows."""

import functools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.core import small_groups
from twoway.outcomes import selectors
from twoway.outcomes.selectors import program_outcomes
from twoway.outcomes.tests.world import AS_OF, cohort

pytestmark = pytest.mark.django_db


def recovered_cells(data: dict) -> dict[str, int]:
    """What someone reading the report's JSON works out by subtraction: a
    breakdown with one figure hidden gives it away when its total is shown."""
    found = {}
    sides = data["by_side"]
    for figure in ("n", "left_org"):
        total = data["participants"][figure]
        hidden = [row for row in sides if row[figure] is None]
        if total is not None and len(hidden) == 1:
            shown = sum(row[figure] for row in sides if row[figure] is not None)
            found[f"{hidden[0]['side']}.{figure}"] = total - shown
    for section in ("reach",):
        for row in data[section]:
            if row["n"] is not None and row["count"] is None:
                found[f"{section}.{row['label']}"] = row["n"]
    # Two hidden sides of a shown total: only their sum is known, and each side
    # holds at least one person, so a total of two would pin both at one.
    hidden_sides = [row for row in sides if row["n"] is None]
    total = data["participants"]["n"]
    if total is not None and len(hidden_sides) == 2 and total == 2:
        found.update({f"{row['side']}.n": 1 for row in hidden_sides})
    return found


def _report(mentors: int, mentees: int, leaving: set[int]) -> dict:
    world = cohort(
        mentors=mentors,
        mentees=mentees,
        colleagues=0,
        participants_leaving={i: 90 for i in leaving if i < mentors + mentees},
    )
    return program_outcomes(program=world.program, as_of=AS_OF).as_json()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mentors=st.integers(0, 9),
    mentees=st.integers(0, 9),
    leaving=st.sets(st.integers(0, 17), max_size=6),
)
def test_no_hidden_figure_can_be_worked_out_from_the_report(mentors, mentees, leaving):
    with transaction.atomic():
        data = _report(mentors, mentees, leaving)
        transaction.set_rollback(True)

    assert recovered_cells(data) == {}
    # And no figure under k is shown at all.
    for row in data["by_side"]:
        assert row["n"] is None or row["n"] >= data["k"]


def test_without_complementary_suppression_the_attack_recovers_the_small_side(monkeypatch):
    # The attack above is real: switch the complement off and it finds the
    # three mentors a shown total of 12 and 9 mentees give away.
    monkeypatch.setattr(
        selectors,
        "suppress_small_groups",
        functools.partial(small_groups.suppress_small_groups, complementary=False),
    )

    data = _report(3, 9, set())

    assert recovered_cells(data) == {"mentor.n": 3, "mentor.left_org": 0}

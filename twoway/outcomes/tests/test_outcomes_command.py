"""``twoway outcomes PROGRAM [--as-of] [--json]``: the report on the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from twoway.outcomes.tests.world import AS_OF, cohort

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("outcomes", *args, stdout=out)
    return out.getvalue()


def test_json_holds_the_documented_contract():
    world = cohort(participants_leaving={0: 100}, colleagues_leaving={0: 30, 4: 300})

    data = json.loads(_run(world.program.slug, "--as-of", AS_OF.isoformat(), "--json"))

    assert data["program"] == world.program.slug
    assert data["as_of"] == AS_OF.isoformat()
    assert data["k"] == 5
    assert data["suppressed"] is False
    for group in ("participants", "comparison"):
        assert set(data[group]) >= {"n", "left_org", "retention"}
        assert set(data[group]["retention"]) == {"6", "12", "24"}
    assert data["participants"]["n"] == 20
    assert data["participants"]["left_org"] == 1
    assert data["participants"]["retention"]["6"] == pytest.approx(19 / 20)
    assert data["comparison"]["n"] == 60
    assert data["comparison"]["left_org"] == 2
    assert isinstance(data["comparison"]["method"], str)
    assert data["comparison"]["method"].endswith(".")
    assert set(data["hazard_ratio"]) == {"estimate", "low", "high"}
    assert (
        data["hazard_ratio"]["low"]
        < data["hazard_ratio"]["estimate"]
        < data["hazard_ratio"]["high"]
    )


def test_a_small_program_prints_suppressed_with_every_figure_null():
    world = cohort(mentors=2, mentees=1)

    data = json.loads(_run(world.program.slug, "--as-of", AS_OF.isoformat(), "--json"))

    assert data["suppressed"] is True
    assert data["participants"] == {
        "n": None,
        "left_org": None,
        "retention": {"6": None, "12": None, "24": None},
        "retention_ci": {"6": None, "12": None, "24": None},
    }
    assert data["comparison"]["n"] is None
    assert data["hazard_ratio"] is None


def test_the_text_report_speaks_in_words():
    world = cohort(participants_leaving={0: 100})

    text = _run(world.program.slug, "--as-of", AS_OF.isoformat())

    assert text.startswith(f"{world.program.name} — outcomes as of {AS_OF.isoformat()}")
    assert "Participants: 20 people, 1 left" in text
    assert "People chose to take part" in text


def test_without_as_of_the_report_is_as_of_today():
    world = cohort()

    data = json.loads(_run(world.program.slug, "--json"))

    assert data["as_of"] != AS_OF.isoformat() and data["participants"]["n"] == 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("no-such-program",), "No program with the slug 'no-such-program'"),
        (("{slug}", "--as-of", "31/12/2026"), "is not a date such as"),
    ],
)
def test_a_wrong_program_or_date_is_a_clear_error(args, message):
    world = cohort(mentors=1, mentees=1, colleagues=0)
    args = tuple(a.format(slug=world.program.slug) for a in args)

    with pytest.raises(CommandError, match=message):
        _run(*args)

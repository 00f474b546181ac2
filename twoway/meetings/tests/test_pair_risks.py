"""The health rules, as a pure function of a pair's facts."""

from datetime import UTC, datetime, timedelta

import pytest

from twoway.meetings.health import Facts, pair_risks
from twoway.programs.models import Program

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def program():
    return Program(risk_weeks_without_meeting=6, risk_days_unsigned=14)


def facts(**kwargs):
    kwargs.setdefault("published_at", NOW - timedelta(days=20))
    kwargs.setdefault("signed", True)
    kwargs.setdefault("last_met", NOW - timedelta(days=7))
    return Facts(**kwargs)


def test_a_signed_pair_meeting_well_is_healthy(program):
    assert pair_risks(facts(outcomes=["", "mentor", ""], ratings=[4, 5, 3]), program, NOW) == []


def test_an_agreement_unsigned_past_the_program_limit_is_a_risk(program):
    assert (
        pair_risks(facts(signed=False, published_at=NOW - timedelta(days=13)), program, NOW) == []
    )
    risks = pair_risks(facts(signed=False, published_at=NOW - timedelta(days=15)), program, NOW)
    assert risks == ["Agreement unsigned 15 days after the match"]


def test_weeks_without_a_meeting_count_from_the_last_one_or_the_match(program):
    late = facts(last_met=NOW - timedelta(weeks=7), published_at=NOW - timedelta(weeks=20))
    assert pair_risks(late, program, NOW) == ["No meeting for 7 weeks"]
    never = facts(last_met=None, published_at=NOW - timedelta(weeks=6, days=1))
    assert pair_risks(never, program, NOW) == ["No meeting in the 6 weeks since the match"]
    assert pair_risks(facts(last_met=NOW - timedelta(weeks=5, days=6)), program, NOW) == []


def test_the_same_side_cancelling_twice_in_a_row_is_a_risk(program):
    assert pair_risks(facts(outcomes=["", "mentee", "mentee"]), program, NOW) == [
        "The mentee cancelled the last two meetings"
    ]
    assert pair_risks(facts(outcomes=["mentee", "mentor"]), program, NOW) == []
    assert pair_risks(facts(outcomes=["mentee", "", "mentee"]), program, NOW) == []


def test_ratings_falling_below_three_are_a_risk(program):
    assert pair_risks(facts(ratings=[5, 5, 2, 3, 2]), program, NOW) == [
        "Ratings fell to 2.3 out of 5"
    ]
    assert pair_risks(facts(ratings=[1, 5, 3, 3]), program, NOW) == []

"""``pairs.rules.reflection_due``: the closing reflection is offered near the end only."""

import datetime as dt

from twoway.pairs.rules import reflection_due
from twoway.programs.models import Program

TODAY = dt.date(2027, 6, 1)


def test_not_after_two_of_six_meetings_while_the_end_is_far():
    program = Program(planned_sessions=6, ends_on=dt.date(2027, 11, 30))
    assert not reflection_due(program=program, held=2, today=TODAY)
    assert not reflection_due(program=Program(planned_sessions=6), held=5, today=TODAY)


def test_once_every_planned_meeting_is_held():
    assert reflection_due(program=Program(planned_sessions=6), held=6, today=TODAY)


def test_within_three_weeks_of_the_end_date_or_after_it():
    program = Program(planned_sessions=6, ends_on=TODAY + dt.timedelta(days=21))
    assert reflection_due(program=program, held=1, today=TODAY)
    assert not reflection_due(program=program, held=1, today=TODAY - dt.timedelta(days=1))
    assert reflection_due(program=program, held=0, today=TODAY + dt.timedelta(days=60))

"""The outcome report of a program: retention, the comparison group, the statistics."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import logrank_test

from twoway.core.models import Role
from twoway.outcomes.comparison import CONTROLS_PER_PARTICIPANT
from twoway.outcomes.selectors import (
    outcome_programs,
    program_outcomes,
    program_outcomes_today,
    program_outcomes_today_key,
)
from twoway.outcomes.tests.world import AS_OF, JOINED, cohort
from twoway.people.models import PersonChange
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import PersonFactory, ProgramFactory, enroll, grant, unit
from twoway.testing.queries import queries_in

pytestmark = pytest.mark.django_db

# Participants 0 and 12 leave; every fourth colleague leaves, at staggered days.
PARTICIPANTS_LEAVING = {0: 100, 12: 400}
COLLEAGUES_LEAVING = {i: 50 + 20 * i for i in range(0, 60, 4)}


def _durations(leaving: dict[int, int], size: int) -> tuple[np.ndarray, np.ndarray]:
    end = (AS_OF - JOINED).days
    days = np.array([min(leaving.get(i, end), end) for i in range(size)])
    return days, np.array([leaving.get(i, end + 1) <= end for i in range(size)])


def test_retention_is_lifelines_kaplan_meier_at_6_12_and_24_months():
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)

    report = program_outcomes(program=world.program, as_of=AS_OF)

    days, left = _durations(PARTICIPANTS_LEAVING, 20)
    expected = KaplanMeierFitter().fit(days, left)
    assert report.participants.n == 20
    assert report.participants.left_org == 2
    for months in (6, 12, 24):
        at = months * 365.25 / 12
        figure = report.participants.retention[months]
        assert figure is not None
        assert figure.estimate == pytest.approx(
            float(expected.survival_function_at_times(at).iloc[0])
        )
        low, high = (
            expected.confidence_interval_survival_function_.iloc[:, 0],
            expected.confidence_interval_survival_function_.iloc[:, 1],
        )
        assert figure.low == pytest.approx(float(low[low.index <= at].iloc[-1]))
        assert figure.high == pytest.approx(float(high[high.index <= at].iloc[-1]))


def test_each_participant_gets_three_colleagues_followed_from_their_join_date():
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)

    report = program_outcomes(program=world.program, as_of=AS_OF)

    # 60 colleagues, 30 per level band; 10 participants per band want 30 each.
    assert report.comparison.n == 20 * CONTROLS_PER_PARTICIPANT
    assert report.matched_participants == 20
    days, left = _durations(COLLEAGUES_LEAVING, 60)
    expected = KaplanMeierFitter().fit(days, left)
    assert report.comparison.left_org == int(left.sum()) == 10
    twelve = report.comparison.retention[12]
    assert twelve is not None
    assert twelve.estimate == pytest.approx(
        float(expected.survival_function_at_times(365.25).iloc[0])
    )


def test_hazard_ratio_and_log_rank_are_lifelines_on_participants_and_their_colleagues():
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)

    report = program_outcomes(program=world.program, as_of=AS_OF)

    ours, our_left = _durations(PARTICIPANTS_LEAVING, 20)
    theirs, their_left = _durations(COLLEAGUES_LEAVING, 60)
    frame = pd.DataFrame(
        {
            "days": np.concatenate([ours, theirs]),
            "left": np.concatenate([our_left, their_left]),
            "took_part": [1] * 20 + [0] * 60,
        }
    )
    cox = CoxPHFitter().fit(frame, "days", "left").summary.loc["took_part"]
    assert report.hazard_ratio is not None
    assert report.hazard_ratio.estimate == pytest.approx(cox["exp(coef)"])
    assert report.hazard_ratio.low == pytest.approx(cox["exp(coef) lower 95%"])
    assert report.hazard_ratio.high == pytest.approx(cox["exp(coef) upper 95%"])
    expected = logrank_test(ours, theirs, our_left, their_left)
    assert report.log_rank_p == pytest.approx(expected.p_value)


def test_colleagues_who_took_part_anywhere_or_differ_are_never_in_the_comparison():
    world = cohort(colleagues=0)
    operations = world.participants[0].department
    same = {"department": operations, "level": 2, "hire_date": dt.date(2019, 6, 1)}
    enroll(ProgramFactory(), PersonFactory(**same), joined_on=JOINED)  # took part elsewhere
    PersonFactory(**{**same, "department": unit("Finance")})  # another department
    PersonFactory(**{**same, "hire_date": JOINED + dt.timedelta(days=1)})  # not yet hired
    PersonFactory(**{**same, "leave_date": JOINED})  # gone by the day they joined
    PersonFactory(**{**same, "hire_date": dt.date(2023, 6, 1)})  # under a year of service

    report = program_outcomes(program=world.program, as_of=AS_OF)

    assert report.matched_participants == 0
    assert report.comparison.n is None  # nobody matched: nothing to show


def test_a_colleague_is_matched_on_the_level_they_had_when_the_participant_joined():
    world = cohort(mentors=10, mentees=0, colleagues=0)
    department = world.participants[0].department
    # Level 8 today, but level 2 (the mentors' band) until a promotion after the cohort joined.
    promoted = [PersonFactory(department=department, level=8) for _ in range(30)]
    for who in promoted:
        PersonChange.objects.create(
            person=who,
            field=PersonChange.Field.LEVEL,
            old_level=2,
            new_level=8,
            effective_on=JOINED + dt.timedelta(days=200),
        )

    report = program_outcomes(program=world.program, as_of=AS_OF)

    assert report.comparison.n == 30
    promotions = {row.label: row for row in report.promotions}
    # Promoted 200 days after their origin: within 12 months.
    assert promotions["Comparison group"].part == 30
    assert promotions["Participants"].part == 0


def test_a_program_with_fewer_than_k_participants_shows_no_figures(settings):
    settings.REPORT_MIN_GROUP_SIZE = 5
    world = cohort(mentors=2, mentees=2)

    report = program_outcomes(program=world.program, as_of=AS_OF)

    assert report.suppressed is True
    assert report.participants.n is None
    assert report.comparison.n is None
    assert all(value is None for value in report.participants.retention.values())
    assert report.hazard_ratio is None
    assert report.by_side == [] and report.reach == []


def test_people_who_joined_after_the_date_are_not_yet_participants():
    world = cohort()
    late = PersonFactory(department=world.participants[0].department)
    enroll(world.program, late, Enrollment.Role.MENTEE, joined_on=AS_OF + dt.timedelta(days=1))

    report = program_outcomes(program=world.program, as_of=AS_OF)

    assert report.participants.n == 20


def test_retention_beyond_the_longest_follow_up_is_not_estimable():
    world = cohort()

    report = program_outcomes(program=world.program, as_of=JOINED + dt.timedelta(days=300))

    assert report.participants.retention[6] is not None
    assert report.participants.retention[12] is None
    assert report.participants.retention[24] is None


def test_a_side_under_k_hides_the_other_side_too(settings):
    settings.REPORT_MIN_GROUP_SIZE = 5
    world = cohort(mentors=3, mentees=12)

    report = program_outcomes(program=world.program, as_of=AS_OF)

    assert report.participants.n == 15
    assert [row.hidden for row in report.by_side] == [True, True]
    assert all(row.n is None and row.left_org is None for row in report.by_side)


def test_lists_reuse_todays_report_instead_of_reading_the_organisation_again(
    django_assert_num_queries,
):
    world = cohort()

    first = program_outcomes_today(program=world.program)
    with django_assert_num_queries(1):  # the shared cache's row, nothing else
        again = program_outcomes_today(program=world.program)

    assert again == first and first.participants.n == 20


def test_todays_report_is_kept_for_every_process_not_in_one_process_memory():
    world = cohort()
    first = program_outcomes_today(program=world.program)
    # Another process has a cache object of its own over the same table.
    elsewhere = DatabaseCache(str(settings.CACHES["default"]["LOCATION"]), {})

    assert elsewhere.get(program_outcomes_today_key(world.program)) == first


def test_the_programs_a_manager_may_read_take_the_same_queries_however_many_there_are(cast):
    first = cohort()
    grant(cast.sterling, Role.PROGRAM_MANAGER, first.program)
    cast.sterling._twoway_roles = None  # the roles cached on the user by an earlier read
    one = queries_in(lambda: outcome_programs(cast.sterling))
    for _ in range(3):
        grant(cast.sterling, Role.PROGRAM_MANAGER, ProgramFactory(status=Program.Status.CLOSED))
    ProgramFactory(status=Program.Status.CLOSED)  # someone else's
    cast.sterling._twoway_roles = None

    assert queries_in(lambda: outcome_programs(cast.sterling)) == one
    assert len(outcome_programs(cast.sterling)) == 4
    assert outcome_programs(cast.juno) == []

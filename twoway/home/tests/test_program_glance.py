"""A sponsor sees each program at a glance: pairs, meetings held against planned,
the check-in average (hidden under the small-group minimum) and the outcomes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.home.glance import program_glance_list
from twoway.meetings.models import Meeting
from twoway.meetings.tests.helpers import held, juno_pair, sign_both
from twoway.outcomes.tests.viewers import COLLEAGUES_LEAVING, PARTICIPANTS_LEAVING
from twoway.outcomes.tests.world import cohort
from twoway.pairs.models import Pair, PulseCheckin
from twoway.programs.models import Program
from twoway.testing.queries import queries_for, queries_in


def answer_checkins(pair: Pair, qualities: list[int]) -> None:
    for round_, quality in enumerate(qualities, start=1):
        PulseCheckin.objects.create(
            pair=pair,
            person=pair.mentor,
            round=round_,
            due_on=timezone.localdate(),
            quality=quality,
            answered_at=timezone.now(),
        )


@pytest.fixture
def sponsored(published, cast):
    program = published.program
    program.sponsor = cast.sol
    program.status = Program.Status.ACTIVE
    program.save(update_fields=["sponsor", "status"])
    return program


@pytest.mark.django_db
def test_counts_pairs_by_how_they_are_doing_and_meetings_against_plan(sponsored):
    pair = juno_pair()
    sign_both(pair)
    held(pair, pair.mentor)
    other = Pair.objects.exclude(pk=pair.pk).get()
    Pair.objects.filter(pk=other.pk).update(status=Pair.Status.COMPLETED)
    (glance,) = program_glance_list(programs=[sponsored], now=timezone.now())
    assert (glance.active, glance.at_risk, glance.completed) == (1, 0, 1)
    assert glance.held == 1
    assert glance.planned == 2 * sponsored.planned_sessions


@pytest.mark.django_db
def test_a_pair_gone_quiet_counts_as_at_risk(sponsored):
    later = timezone.now() + dt.timedelta(weeks=sponsored.risk_weeks_without_meeting + 1)
    (glance,) = program_glance_list(programs=[sponsored], now=later)
    assert glance.at_risk == 2 and glance.active == 0


@pytest.mark.django_db
def test_the_checkin_average_stays_hidden_under_the_group_minimum(sponsored, settings):
    settings.REPORT_MIN_GROUP_SIZE = 4
    answer_checkins(juno_pair(), [5, 4, 3])
    (glance,) = program_glance_list(programs=[sponsored], now=timezone.now())
    assert glance.checkins_answered == 3 and glance.checkin_average is None
    pair = juno_pair()
    PulseCheckin.objects.create(
        pair=pair,
        person=pair.mentee,
        round=1,
        due_on=timezone.localdate(),
        quality=4,
        answered_at=timezone.now(),
    )
    (glance,) = program_glance_list(programs=[sponsored], now=timezone.now())
    assert glance.checkin_average == 4.0


@pytest.mark.django_db
def test_reads_many_programs_in_the_same_queries_as_one(sponsored, cast):
    def read(programs):
        return lambda: program_glance_list(programs=programs, now=timezone.now())

    one = queries_in(read([sponsored]))
    world = cohort()
    assert queries_in(read([sponsored, world.program])) == one


@pytest.mark.django_db
def test_the_sponsor_reads_the_program_at_a_glance_on_its_page(client, cast, sponsored):
    sign_both(juno_pair())
    held(juno_pair(), juno_pair().mentor)
    client.force_login(cast.sol)
    page = client.get(reverse("home:program", kwargs={"slug": sponsored.slug})).content.decode()
    assert "At a glance" in page
    assert "Pairs active" in page and "Meetings held" in page
    assert f"of {2 * sponsored.planned_sessions} planned" in page
    assert "The check-in average shows once" in page
    # Figures, never names.
    assert "Juno Park" not in page and "Sterling Hayes" not in page
    assert reverse("outcomes:program", kwargs={"slug": sponsored.slug}) in page


@pytest.mark.django_db
def test_the_sponsor_home_shows_each_program_with_its_outcome_and_retention_chart(client, cast):
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)
    Program.objects.filter(pk=world.program.pk).update(sponsor=cast.sol)
    client.force_login(cast.sol)
    page = client.get(reverse("home")).content.decode()
    section = page.split('id="sponsor-heading"')[1]
    assert world.program.name in section
    assert "Pairs active" in section and "Check-in average" in section
    assert "of participants still with us after 12 months" in section
    assert 'id="chart-retention' in section
    assert reverse("outcomes:program", kwargs={"slug": world.program.slug}) in section


@pytest.mark.django_db
def test_the_sponsor_home_does_not_grow_with_pairs(client, cast, sponsored):
    client.force_login(cast.sol)
    few = queries_for(client, reverse("home"))
    pair = juno_pair()
    sign_both(pair)
    for _ in range(3):
        held(pair, pair.mentor)
    answer_checkins(pair, [4, 5, 3])
    assert Meeting.objects.filter(pair=pair).count() == 3
    assert queries_for(client, reverse("home")) == few


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "priya"])
def test_only_the_sponsor_sees_the_sponsor_glance(client, cast, sponsored, who):
    client.force_login(getattr(cast, who))
    page = client.get(reverse("home")).content.decode()
    assert 'id="sponsor-heading"' not in page

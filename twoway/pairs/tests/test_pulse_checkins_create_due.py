from datetime import timedelta

from django.utils import timezone

from twoway.pairs.models import Pair, PulseCheckin
from twoway.pairs.services import checkin_round_due, pulse_checkins_create_due


def test_rounds_fall_on_day_30_then_every_60_days():
    published = timezone.now()
    day = published.date()
    assert [
        checkin_round_due(published, day + timedelta(days=d)) for d in (29, 30, 89, 90, 150)
    ] == [
        0,
        1,
        1,
        2,
        3,
    ]


def test_each_side_of_each_live_pair_gets_one_checkin_per_round(published):
    Pair.objects.update(published_at=timezone.now() - timedelta(days=31))
    assert pulse_checkins_create_due() == 4
    assert pulse_checkins_create_due() == 0
    juno = PulseCheckin.objects.get(person=published.juno)
    assert juno.round == 1 and juno.pair.mentor == published.juno
    later = timezone.now() + timedelta(days=60)
    assert pulse_checkins_create_due(now=later) == 4
    assert PulseCheckin.objects.filter(person=published.juno, round=2).exists()


def test_pairs_that_are_over_get_no_checkins(published):
    Pair.objects.update(published_at=timezone.now() - timedelta(days=40))
    Pair.objects.filter(mentor=published.juno).update(status=Pair.Status.ENDED)
    assert pulse_checkins_create_due() == 2
    assert not PulseCheckin.objects.filter(person=published.juno).exists()

"""The health board's weeks: each pair's status at the end of each week, from its
own dates and the status changes in the audit log."""

import datetime as dt
import doctest

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.core.audit import AuditAction, audit_event
from twoway.meetings import history
from twoway.meetings.history import Change, pair_timelines, status_at, weekly_counts
from twoway.pairs.models import Pair

UTC = dt.UTC
MONDAY = dt.datetime(2026, 3, 2, tzinfo=UTC)  # a Monday


def at(days, hours=9):
    return MONDAY + dt.timedelta(days=days, hours=hours)


def _counts(weeks):
    return [(w.starts_on.isoformat(), *w.in_order) for w in weeks]


def test_a_known_set_of_pairs_is_counted_week_by_week():
    # Columns: new, active, at risk, completed, ended.
    timelines = {
        1: [Change(at(0), "new"), Change(at(3), "active"), Change(at(15), "completed")],
        2: [Change(at(1), "new"), Change(at(8), "active"), Change(at(9), "at_risk")],
        3: [Change(at(2), "new"), Change(at(10), "ended")],
        4: [Change(at(16), "new")],  # published in the third week
    }
    weeks = weekly_counts(timelines, now=at(17), tz=UTC)
    assert _counts(weeks) == [
        ("2026-03-02", 2, 1, 0, 0, 0),
        ("2026-03-09", 0, 1, 1, 0, 1),
        ("2026-03-16", 1, 0, 1, 1, 1),  # this week: counted at ``now``
    ]
    assert [w.total for w in weeks] == [3, 3, 4]


def test_a_completed_or_ended_pair_stays_so_and_unpublished_pairs_are_not_counted():
    changes = [Change(at(0), "new"), Change(at(2), "ended"), Change(at(3), "at_risk")]
    assert status_at(changes, at(-1)) is None
    assert status_at(changes, at(1)) == "new"
    assert status_at(changes, at(5)) == "ended"


def test_no_pairs_no_weeks_and_a_long_program_shows_its_last_year():
    assert weekly_counts({}, now=at(0), tz=UTC) == []
    weeks = weekly_counts({1: [Change(at(0), "new")]}, now=at(7 * 80), tz=UTC)
    assert len(weeks) == 52 and weeks[-1].starts_on == at(7 * 80).date()


@pytest.mark.django_db
def test_timelines_read_the_pairs_dates_and_the_health_changes_in_the_audit_log(published):
    juno = Pair.objects.get(mentor=published.juno)
    maya = Pair.objects.get(mentor=published.maya)
    Pair.objects.filter(pk__in=[juno.pk, maya.pk]).update(published_at=at(0))
    Pair.objects.filter(pk=juno.pk).update(signed_at=at(2), completed_at=at(20))
    for when, status in ((at(9), "at_risk"), (at(16), "active")):
        event = audit_event(
            actor=None,
            action=AuditAction.PAIR_HEALTH,
            subject=maya,
            before={"status": "new"},
            after={"status": status, "risks": []},
        )
        event.at = when
        event.save()
    pairs = Pair.objects.filter(pk__in=[juno.pk, maya.pk])
    timelines = pair_timelines(pairs, now=at(22))
    weeks = weekly_counts(timelines, now=at(22), tz=UTC)
    assert _counts(weeks) == [
        ("2026-03-02", 1, 1, 0, 0, 0),
        ("2026-03-09", 0, 1, 1, 0, 0),
        ("2026-03-16", 0, 1, 0, 1, 0),
        ("2026-03-23", 0, 1, 0, 1, 0),
    ]


@pytest.mark.django_db
def test_this_weeks_count_follows_the_boards_status_when_the_log_lags(published):
    now = timezone.now()
    Pair.objects.filter(mentor=published.maya).update(published_at=now - dt.timedelta(days=10))
    pair = Pair.objects.get(mentor=published.maya)
    timelines = pair_timelines([pair], now=now, current={pair.pk: "at_risk"})
    assert status_at(timelines[pair.pk], now) == "at_risk"
    assert status_at(timelines[pair.pk], now - dt.timedelta(seconds=1)) == "new"


@pytest.mark.django_db
def test_the_board_draws_the_chart_with_its_figures(published, cast, client):
    client.force_login(cast.priya)
    url = reverse("meetings:health", kwargs={"slug": published.program.slug})
    page = client.get(url).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Pairs by status, week by week" in page
    assert "This week: 2 not yet signed." in page
    assert "The figures behind the chart" in page and 'class="table health-weeks"' in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_example_in_the_module_runs():
    result = doctest.testmod(history)
    assert result.attempted and not result.failed

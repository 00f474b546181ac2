"""Remembered figures: computed once for every process, computed again when their
data changes (at most every ``FIGURES_REFRESH_SECONDS``), on a new day, or when old."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from twoway.core import figures
from twoway.core.figures import figures_changed, figures_forget, figures_remember
from twoway.core.models import FigureGeneration, RememberedFigures


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"calls": self.calls}


def remember(count: Counter) -> int:
    return figures_remember("directory", "headcount", count)["calls"]


@pytest.mark.django_db
def test_figures_are_computed_once_while_nothing_changes(django_assert_num_queries):
    count = Counter()
    assert remember(count) == 1
    with django_assert_num_queries(1):  # the generation number, nothing else
        assert remember(count) == 1
    assert count.calls == 1


@pytest.mark.django_db
def test_another_process_uses_the_figures_one_process_computed(django_assert_num_queries):
    count = Counter()
    remember(count)
    figures_forget()  # what a second worker process knows: only the database
    with django_assert_num_queries(2):  # the generation, the stored figures
        assert remember(count) == 1
    assert count.calls == 1
    assert RememberedFigures.objects.get(key="headcount").value == {"calls": 1}


@pytest.mark.django_db
def test_a_change_said_by_a_service_is_seen_at_once():
    count = Counter()
    remember(count)
    figures_changed("directory")
    assert remember(count) == 2
    figures_changed("directory")
    figures_changed("directory")
    assert remember(count) == 3
    assert FigureGeneration.objects.get(name="directory").value == 3


@pytest.mark.django_db
def test_a_change_committed_by_another_process_is_seen_too():
    count = Counter()
    figures_changed("directory")
    remember(count)
    # Another worker's service moved the number; this process has only the table.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_figuregeneration SET value = value + 1 WHERE name = 'directory'"
        )
    assert remember(count) == 2


@pytest.mark.django_db
def test_a_change_to_other_data_leaves_the_figures_alone():
    count = Counter()
    remember(count)
    figures_changed("programs")
    assert remember(count) == 1


@pytest.mark.django_db
@override_settings(FIGURES_REFRESH_SECONDS=30)
def test_after_a_change_young_figures_are_served_until_the_refresh_time(monkeypatch):
    count = Counter()
    remember(count)
    figures_changed("directory")
    assert remember(count) == 1  # a busy day's edits do not each count everything
    later = timezone.now() + dt.timedelta(seconds=31)
    monkeypatch.setattr(figures.timezone, "now", lambda: later)
    assert remember(count) == 2
    assert remember(count) == 2


@pytest.mark.django_db
def test_figures_are_counted_again_on_a_new_day(monkeypatch):
    count = Counter()
    remember(count)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(figures.timezone, "localdate", lambda: tomorrow)
    assert remember(count) == 2


@pytest.mark.django_db
def test_figures_are_counted_again_when_too_old(monkeypatch):
    count = Counter()
    remember(count)
    later = timezone.now() + figures.MAX_AGE
    monkeypatch.setattr(figures.timezone, "now", lambda: later)
    assert remember(count) == 2

"""person_import: the history of levels, job titles and departments it records.

The level_since validation messages are in test_person_import_validation.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from twoway.people.importing.report import ImportReport
from twoway.people.importing.service import person_import
from twoway.people.models import OrgUnit, Person, PersonChange
from twoway.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = "employee_id,name,email,job_title,level,department,hire_date"
TODAY = dt.date(2025, 6, 30)
LEVEL, TITLE, DEPARTMENT = (
    PersonChange.Field.LEVEL,
    PersonChange.Field.JOB_TITLE,
    PersonChange.Field.DEPARTMENT,
)


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def run(content: bytes, today: dt.date = TODAY, **options: Any) -> ImportReport:
    return person_import(actor=None, content=content, filename="people.csv", today=today, **options)


def juno(**values: str) -> Person:
    """A person on record, as an earlier import left her (no history of her own)."""
    return PersonFactory(
        employee_id="E3",
        name="Juno Park",
        email="juno@example.org",
        job_title="Assistant",
        level=2,
        department=OrgUnit.objects.create(name="Marketing", path="Marketing"),
        hire_date=dt.date(2024, 9, 2),
        **values,
    )


def history(eid: str = "E3") -> list[tuple[str, Any, Any, dt.date]]:
    rows = PersonChange.objects.filter(person__employee_id=eid).order_by("field", "id")
    return [
        (
            change.field,
            change.old_level if change.field == LEVEL else change.old_value,
            change.new_level if change.field == LEVEL else change.new_value,
            change.effective_on,
        )
        for change in rows
    ]


def test_a_new_person_starts_their_history_with_old_values_empty():
    run(csv_file("E3,Juno Park,juno@example.org,Assistant,2,Marketing/Digital,2024-09-02"))

    assert history() == [
        (DEPARTMENT, "", "Marketing/Digital", TODAY),
        (TITLE, "", "Assistant", TODAY),
        (LEVEL, None, 2, TODAY),
    ]


def test_a_new_person_without_a_level_title_or_department_has_no_history():
    run(csv_file("E3,Juno Park,juno@example.org,,,,2024-09-02"))

    assert history() == []


def test_a_level_increase_is_recorded_with_the_import_date():
    juno()

    report = run(csv_file("E3,Juno Park,juno@example.org,Assistant,3,Marketing,2024-09-02"))

    assert report.summary_line() == "created=0 updated=1 unchanged=0 errors=0"
    assert history() == [(LEVEL, 2, 3, TODAY)]
    change = PersonChange.objects.get()
    assert change.upload is None
    assert change.recorded_at is not None


def test_a_level_decrease_is_recorded_too():
    juno()

    run(csv_file("E3,Juno Park,juno@example.org,Assistant,1,Marketing,2024-09-02"))

    assert history() == [(LEVEL, 2, 1, TODAY)]


def test_a_new_job_title_is_recorded_and_a_cleared_one_too():
    juno()
    run(csv_file("E3,Juno Park,juno@example.org,Marketing Lead,2,Marketing,2024-09-02"))

    run(
        csv_file("E3,Juno Park,juno@example.org,,2,Marketing,2024-09-02"),
        today=TODAY + dt.timedelta(days=1),
    )

    assert history() == [
        (TITLE, "Assistant", "Marketing Lead", TODAY),
        (TITLE, "Marketing Lead", "", TODAY + dt.timedelta(days=1)),
    ]


def test_a_department_move_is_recorded_as_paths_that_outlive_a_rename():
    juno()

    run(csv_file("E3,Juno Park,juno@example.org,Assistant,2,Technology/Data,2024-09-02"))
    OrgUnit.objects.filter(path="Marketing").update(name="Brand", path="Brand")

    assert history() == [(DEPARTMENT, "Marketing", "Technology/Data", TODAY)]


def test_only_the_fields_that_changed_are_recorded():
    juno()

    run(csv_file("E3,Juno Park,juno@example.org,Assistant,2,Marketing,2023-01-01"))

    assert history() == []


def test_level_since_dates_the_level_change_and_nothing_else():
    juno()

    run(
        csv_file(
            "E3,Juno Park,juno@example.org,Senior Assistant,3,Marketing,2024-09-02,2025-04-01",
            header=f"{HEADER},level_since",
        )
    )

    assert history() == [
        (TITLE, "Assistant", "Senior Assistant", TODAY),
        (LEVEL, 2, 3, dt.date(2025, 4, 1)),
    ]


def test_level_since_dates_a_new_persons_starting_level():
    run(
        csv_file(
            "E3,Juno Park,juno@example.org,,2,,2024-09-02,2024-09-02",
            header=f"{HEADER},level_since",
        )
    )

    assert history() == [(LEVEL, None, 2, dt.date(2024, 9, 2))]


def test_level_since_alone_changes_nothing():
    juno()

    report = run(
        csv_file(
            "E3,Juno Park,juno@example.org,Assistant,2,Marketing,2024-09-02,2025-01-01",
            header=f"{HEADER},level_since",
        )
    )

    assert report.summary_line() == "created=0 updated=0 unchanged=1 errors=0"
    assert history() == []


def test_importing_the_same_file_again_records_nothing_new():
    content = csv_file(
        "E3,Juno Park,juno@example.org,Assistant,2,Marketing,2024-09-02,2025-01-01",
        "E4,Amara Nwosu,amara@example.org,Manager,5,Marketing,2019-06-03,",
        header=f"{HEADER},level_since",
    )
    run(content)
    recorded = PersonChange.objects.count()

    report = run(content, today=TODAY + dt.timedelta(days=7))

    assert report.summary_line() == "created=0 updated=0 unchanged=2 errors=0"
    assert recorded == 6
    assert PersonChange.objects.count() == recorded


def test_a_failed_import_records_no_history():
    juno()

    report = run(
        csv_file(
            "E3,Juno Park,juno@example.org,Assistant,3,Technology,2024-09-02",
            "E4,Amara Nwosu,not-an-email,Manager,5,Marketing,2019-06-03",
        )
    )

    assert report.errors and not report.applied
    assert not PersonChange.objects.exists()
    assert Person.objects.get(employee_id="E3").level == 2


def test_a_dry_run_records_no_history():
    juno()

    run(
        csv_file("E3,Juno Park,juno@example.org,Assistant,3,Marketing,2024-09-02"),
        dry_run=True,
    )

    assert not PersonChange.objects.exists()


def test_partial_records_the_history_of_the_good_rows_only():
    juno()
    PersonFactory(employee_id="E4", email="amara@example.org", level=4)

    run(
        csv_file(
            "E3,Juno Park,juno@example.org,Assistant,3,Marketing,2024-09-02",
            "E4,Amara Nwosu,amara@example.org,Manager,senior,Marketing,2019-06-03",
        ),
        partial=True,
    )

    assert history() == [(LEVEL, 2, 3, TODAY)]
    assert history("E4") == []


def people_file(count: int, level: int, changed: int) -> bytes:
    """``count`` people at ``level``; the first ``changed`` of them one level up,
    with another title and department."""
    lines = []
    for n in range(count):
        moved = n < changed
        lines.append(
            f"P{n},Person {n},p{n}@example.org,{'Lead' if moved else 'Analyst'},"
            f"{level + 1 if moved else level},{'Data' if moved else 'Operations'},2020-01-06"
        )
    return csv_file(*lines)


def queries_of(content: bytes) -> int:
    with CaptureQueriesContext(connection) as captured:
        report = run(content)
    assert report.applied, report.errors
    return len(captured)


def test_the_queries_do_not_grow_with_the_number_of_changes():
    # 90 history rows: one insert on every database (SQLite's batches hold 111).
    run(people_file(30, level=3, changed=0))
    OrgUnit.objects.create(name="Data", path="Data")
    few = queries_of(people_file(30, level=3, changed=1))
    run(people_file(30, level=3, changed=0))

    many = queries_of(people_file(30, level=3, changed=30))

    assert PersonChange.objects.filter(field=LEVEL, new_level=4).count() == 31
    assert many == few

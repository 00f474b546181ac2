"""person_import: every problem is reported as ``row <n>: <column>: <message>``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from twoway.people.importing.service import person_import
from twoway.people.models import Person
from twoway.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def csv_file(header: str, *lines: str) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def problems(content: bytes, **options: Any) -> list[str]:
    report = person_import(actor=None, content=content, filename="people.csv", **options)
    return [str(error) for error in report.errors]


def test_reports_a_duplicate_employee_id_with_the_row_it_repeats():
    content = csv_file(
        "employee_id,name,email",
        "E1,Ada,ada@example.org",
        "E2,Bo,bo@example.org",
        "E1,Cy,cy@example.org",
    )

    assert problems(content) == ["row 4: employee_id: duplicate employee_id: also on row 2"]
    assert not Person.objects.exists()


def test_reports_an_unknown_manager():
    content = csv_file("employee_id,name,email,manager_id", "E1,Ada,ada@example.org,E999")

    assert problems(content) == [
        "row 2: manager_id: no person with employee id E999 in the file or the directory"
    ]


def test_reports_a_person_who_manages_themself():
    content = csv_file("employee_id,name,email,manager_id", "E1,Ada,ada@example.org,E1")

    assert problems(content) == ["row 2: manager_id: a person cannot be their own manager"]


def test_reports_every_row_on_a_manager_cycle():
    content = csv_file(
        "employee_id,name,email,manager_id",
        "E1,Ada,ada@example.org,E3",
        "E2,Bo,bo@example.org,E1",
        "E3,Cy,cy@example.org,E2",
        "E4,Di,di@example.org,E1",
    )

    assert problems(content) == [
        "row 2: manager_id: the reporting line loops back to this person: E1 → E3 → E2 → E1",
        "row 3: manager_id: the reporting line loops back to this person: E2 → E1 → E3 → E2",
        "row 4: manager_id: the reporting line loops back to this person: E3 → E2 → E1 → E3",
    ]


def test_reports_a_cycle_closed_through_someone_already_in_twoway():
    boss = PersonFactory(employee_id="BOSS")
    PersonFactory(employee_id="MID", manager=boss)
    content = csv_file("employee_id,name,email,manager_id", "BOSS,Boss,boss@example.org,MID")

    assert problems(content) == [
        "row 2: manager_id: the reporting line loops back to this person: BOSS → MID → BOSS"
    ]


def test_a_file_that_breaks_an_old_reporting_line_is_not_a_cycle():
    boss = PersonFactory(employee_id="BOSS")
    PersonFactory(employee_id="MID", manager=boss)
    content = csv_file(
        "employee_id,name,email,manager_id",
        "BOSS,Boss,boss@example.org,MID",
        "MID,Mid,mid@example.org,",
    )

    assert problems(content) == []


@pytest.mark.parametrize("value", ["31/01/2024", "2024-13-01", "yesterday", "2024-02-30"])
def test_reports_a_date_that_is_not_iso_quoting_the_value(value):
    content = csv_file("employee_id,name,email,hire_date", f"E1,Ada,ada@example.org,{value}")

    assert problems(content) == [
        f'row 2: hire_date: "{value}" is not a date; use YYYY-MM-DD, e.g. 2024-01-31'
    ]


def test_accepts_a_full_iso_datetime_and_keeps_its_date():
    content = csv_file(
        "employee_id,name,email,hire_date", "E1,Ada,ada@example.org,2024-09-02T09:30:00+02:00"
    )

    assert problems(content) == []
    assert Person.objects.get().hire_date == dt.date(2024, 9, 2)


def test_reports_a_leave_date_before_the_hire_date():
    content = csv_file(
        "employee_id,name,email,hire_date,leave_date",
        "E1,Ada,ada@example.org,2024-09-02,2024-09-01",
    )

    assert problems(content) == ["row 2: leave_date: 2024-09-01 is before hire_date 2024-09-02"]


def test_reports_a_leave_date_before_the_hire_date_on_record():
    PersonFactory(employee_id="E1", email="ada@example.org", hire_date=dt.date(2021, 3, 1))
    content = csv_file("employee_id,name,email,leave_date", "E1,Ada,ada@example.org,2020-12-31")

    assert problems(content) == [
        "row 2: leave_date: 2020-12-31 is before the hire date on record, 2021-03-01"
    ]


LEVEL_SINCE = "employee_id,name,email,level,hire_date,level_since"
TODAY = dt.date(2025, 6, 30)


def test_reports_a_level_since_that_is_not_a_date():
    content = csv_file(LEVEL_SINCE, "E1,Ada,ada@example.org,3,2024-09-02,1/4/2025")

    assert problems(content, today=TODAY) == [
        'row 2: level_since: "1/4/2025" is not a date; use YYYY-MM-DD, e.g. 2024-01-31'
    ]
    assert not Person.objects.exists()


def test_reports_a_level_since_in_the_future():
    content = csv_file(LEVEL_SINCE, "E1,Ada,ada@example.org,3,2024-09-02,2025-07-01")

    assert problems(content, today=TODAY) == [
        "row 2: level_since: 2025-07-01 is after today, 2025-06-30; "
        "give the day the current level took effect"
    ]
    assert not Person.objects.exists()


def test_accepts_a_level_since_of_today():
    content = csv_file(LEVEL_SINCE, "E1,Ada,ada@example.org,3,2024-09-02,2025-06-30")

    assert problems(content, today=TODAY) == []


def test_reports_a_level_since_before_the_hire_date():
    content = csv_file(LEVEL_SINCE, "E1,Ada,ada@example.org,3,2024-09-02,2024-09-01")

    assert problems(content, today=TODAY) == [
        "row 2: level_since: 2024-09-01 is before hire_date 2024-09-02"
    ]


def test_reports_a_level_since_before_the_hire_date_on_record():
    PersonFactory(employee_id="E1", email="ada@example.org", level=2, hire_date=dt.date(2021, 3, 1))
    content = csv_file(
        "employee_id,name,email,level,level_since", "E1,Ada,ada@example.org,3,2020-12-31"
    )

    assert problems(content, today=TODAY) == [
        "row 2: level_since: 2020-12-31 is before the hire date on record, 2021-03-01"
    ]
    assert Person.objects.get().level == 2


def test_reports_a_level_since_column_without_a_level_column():
    content = csv_file("employee_id,name,email,level_since", "E1,Ada,ada@example.org,2025-01-01")

    assert problems(content, today=TODAY) == [
        "row 1: level_since: level_since dates a change of level, so the file needs a level column"
    ]


def test_reports_a_time_zone_that_does_not_exist():
    content = csv_file("employee_id,name,email,time_zone", "E1,Ada,ada@example.org,Europe/Londn")

    assert problems(content) == [
        'row 2: time_zone: "Europe/Londn" is not a time zone; use an IANA name such as '
        "Europe/London"
    ]


def test_time_zone_is_matched_whatever_its_letter_case():
    content = csv_file("employee_id,name,email,time_zone", "E1,Ada,ada@example.org,europe/london")

    assert problems(content) == []
    assert Person.objects.get().time_zone == "Europe/London"


def test_reports_an_email_repeated_in_the_file_whatever_its_case():
    content = csv_file(
        "employee_id,name,email",
        "E1,Ada,ada@example.org",
        "E2,Bo,ADA@Example.org",
    )

    assert problems(content) == ["row 3: email: duplicate email: also on row 2"]


def test_reports_an_email_used_by_someone_not_in_the_file():
    PersonFactory(employee_id="OLD", email="Ada@example.org")
    content = csv_file("employee_id,name,email", "E1,Ada,ada@example.org")

    assert problems(content) == [
        "row 2: email: ada@example.org is already the e-mail of OLD, who is not in this file"
    ]


def test_reports_an_invalid_email():
    content = csv_file("employee_id,name,email", "E1,Ada,ada@example")

    assert problems(content) == ['row 2: email: "ada@example" is not a valid e-mail address']


@pytest.mark.parametrize("value", ["100", "-1", "2.5", "senior"])
def test_reports_a_level_that_is_not_a_whole_number_up_to_99(value):
    content = csv_file("employee_id,name,email,level", f"E1,Ada,ada@example.org,{value}")

    assert problems(content) == [f'row 2: level: "{value}" is not a whole number from 0 to 99']


def test_accepts_a_level_written_as_a_whole_decimal():
    content = csv_file("employee_id,name,email,level", "E1,Ada,ada@example.org,7.0")

    assert problems(content) == []
    assert Person.objects.get().level == 7


@pytest.mark.parametrize("value", ["Marketing//Digital", "/Marketing", "Marketing/"])
def test_reports_a_department_path_with_an_empty_part(value):
    content = csv_file("employee_id,name,email,department", f"E1,Ada,ada@example.org,{value}")

    assert problems(content) == [
        f'row 2: department: "{value}" has an empty part; write a path like '
        "Marketing/Digital, with one / between departments"
    ]


def test_reports_a_department_name_longer_than_120_characters():
    content = csv_file(
        "employee_id,name,email,department", f"E1,Ada,ada@example.org,Sales/{'x' * 121}"
    )

    assert problems(content) == [
        "row 2: department: each department in the path can be at most 120 characters"
    ]


def test_reports_an_employee_id_longer_than_64_characters():
    content = csv_file("employee_id,name,email", f"{'E' * 65},Ada,ada@example.org")

    assert problems(content) == ["row 2: employee_id: is 65 characters long; the limit is 64"]


def test_reports_required_values_that_are_blank():
    content = csv_file("employee_id,name,email", ",Ada,ada@example.org", "E2,  ,")

    assert problems(content) == [
        "row 2: employee_id: is empty; every person needs one",
        "row 3: name: is empty; every person needs one",
        "row 3: email: is empty; every person needs one",
    ]


def test_reports_a_required_column_missing_from_the_header():
    content = csv_file("Emp ID,Full Name,Phone", "E1,Ada,123")

    assert problems(content) == [
        'row 1: email: required column is missing; the file\'s columns are "Emp ID", '
        '"Full Name", "Phone"'
    ]


def test_reports_a_mapping_to_a_header_the_file_does_not_have():
    content = csv_file("employee_id,name,email", "E1,Ada,ada@example.org")

    assert problems(content, mapping={"location": "Office"}) == [
        'row 1: location: the file has no column "Office"'
    ]


def test_reports_one_header_mapped_to_two_columns():
    content = csv_file("employee_id,name,email", "E1,Ada,ada@example.org")

    assert problems(content, mapping={"employee_id": "email", "email": "email"}) == [
        'row 1: email: column "email" is already used for employee_id'
    ]


def test_reports_two_labels_for_the_same_level():
    content = csv_file(
        "employee_id,name,email,level,level_label",
        "E1,Ada,ada@example.org,5,Manager",
        "E2,Bo,bo@example.org,5,Team lead",
    )

    assert problems(content) == ['row 3: level_label: level 5 is labelled "Manager" on row 2']


def test_reports_every_problem_in_row_then_column_order():
    content = csv_file(
        "employee_id,name,email,level,hire_date,time_zone",
        "E1,Ada,ada@example.org,5,2024-01-01,UTC",
        "E2,Bo,not-an-email,high,2024-01-01,UTC",
        "E3,Cy,cy@example.org,5,01.01.2024,Mars/Olympus",
    )

    assert problems(content) == [
        'row 3: email: "not-an-email" is not a valid e-mail address',
        'row 3: level: "high" is not a whole number from 0 to 99',
        'row 4: time_zone: "Mars/Olympus" is not a time zone; use an IANA name such as '
        "Europe/London",
        'row 4: hire_date: "01.01.2024" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
    ]


def test_reports_a_level_label_column_without_a_level_column():
    content = csv_file("employee_id,name,email,level_label", "E1,Ada,ada@example.org,Manager")

    assert problems(content) == [
        "row 1: level_label: labels name levels, so the file needs a level column"
    ]


def test_a_level_label_without_a_level_on_its_row_is_ignored():
    content = csv_file(
        "employee_id,name,email,level,level_label", "E1,Ada,ada@example.org,,Contractor"
    )

    assert problems(content) == []
    assert Person.objects.get().level is None

"""``twoway import_people FILE``: errors, then always the summary line last."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from twoway.core.models import AuditEvent
from twoway.integrations.hr_csv import testing
from twoway.people.management.commands import import_people
from twoway.people.models import Person

pytestmark = pytest.mark.django_db

GOOD = "employee_id,name,email,manager_id\nE2,Bo,bo@example.org,E1\nE1,Ada,ada@example.org,\n"
BAD = "employee_id,name,email\nE1,Ada,ada@example\nE2,Bo,bo@example.org\n"


def write(tmp_path: Path, text: str, name: str = "people.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[list[str], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    failure = None
    try:
        call_command("import_people", *args, stdout=out, stderr=err)
    except CommandError as exc:
        failure = exc
    return out.getvalue().splitlines(), err.getvalue(), failure


def test_imports_a_file_and_ends_with_the_summary_line(tmp_path):
    lines, err, failure = run(write(tmp_path, GOOD))

    assert failure is None
    assert lines == ["created=2 updated=0 unchanged=0 errors=0"]
    assert "rows/s" in err
    manager = Person.objects.get(employee_id="E2").manager
    assert manager is not None and manager.employee_id == "E1"
    assert AuditEvent.objects.get(action="people.import").actor_label == ""


def test_prints_every_error_then_the_summary_and_fails(tmp_path):
    lines, _, failure = run(write(tmp_path, BAD))

    assert lines == [
        'row 2: email: "ada@example" is not a valid e-mail address',
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert failure is not None
    assert "nothing was saved" in str(failure)
    assert not Person.objects.exists()


def test_partial_saves_the_good_rows_but_still_fails(tmp_path):
    lines, _, failure = run(write(tmp_path, BAD), "--partial")

    assert lines[-1] == "created=1 updated=0 unchanged=0 errors=1"
    assert failure is not None
    assert list(Person.objects.values_list("employee_id", flat=True)) == ["E2"]


def test_dry_run_reports_and_saves_nothing(tmp_path):
    lines, err, failure = run(write(tmp_path, GOOD), "--dry-run")

    assert failure is None
    assert lines == ["created=2 updated=0 unchanged=0 errors=0"]
    assert "dry run, nothing saved" in err
    assert not Person.objects.exists()


def test_map_reads_a_header_as_a_column(tmp_path):
    text = "Personalnummer,Name,Mail\nP1,Ada,ada@example.org\n"

    lines, _, failure = run(
        write(tmp_path, text), "--map", "Personalnummer=employee_id", "--map", "Mail=email"
    )

    assert failure is None
    assert lines == ["created=1 updated=0 unchanged=0 errors=0"]
    assert Person.objects.get().employee_id == "P1"


def test_rejects_a_map_option_that_names_no_known_column(tmp_path):
    with pytest.raises(CommandError, match="HEADER=COLUMN"):
        call_command("import_people", write(tmp_path, GOOD), "--map", "Mail=e-mail")


def test_mark_leavers_adds_the_count_to_the_summary(tmp_path, cast):
    text = "employee_id,name,email\nADA,Ada Okafor,ada@example.org\n"

    lines, _, failure = run(write(tmp_path, text), "--mark-leavers")

    assert failure is None
    assert lines == ["created=0 updated=0 unchanged=1 errors=0 leavers=4"]


def test_an_empty_file_still_ends_with_the_summary_line(tmp_path):
    lines, _, failure = run(write(tmp_path, ""))

    assert lines == ["file: the file is empty", "created=0 updated=0 unchanged=0 errors=1"]
    assert failure is not None


def test_a_header_only_file_fails_with_no_people(tmp_path):
    lines, _, failure = run(write(tmp_path, "employee_id,name,email\n"))

    assert lines == [
        "file: the file has a header but no people",
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert failure is not None


def test_a_missing_file_still_ends_with_the_summary_line(tmp_path):
    lines, _, failure = run(str(tmp_path / "nowhere.csv"))

    assert lines[0].startswith("file: cannot read ")
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert failure is not None


def test_a_sheet_declaring_a_million_rows_is_refused_at_once_in_a_dry_run(tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(testing.xlsx_far_row(1_000_000, last_column="XFD"))

    lines, _, failure = run(str(path), "--dry-run")

    assert lines == [
        "file: the sheet says it uses the cells A1:XFD1000000, down to row 1,000,000 "
        "(Twoway reads at most 250,000 rows) and across 16,384 columns (Twoway reads at "
        "most 1,000). If your data ends earlier, delete the empty rows below it and the "
        "columns to its right (formatting counts too), save and upload again; otherwise "
        "split the file",
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert failure is not None
    assert not Person.objects.filter(employee_id="E1").exists()


def test_a_file_larger_than_the_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    monkeypatch.setattr(import_people, "MAX_UNPACKED_BYTES", 100)
    path = write(tmp_path, GOOD * 10)

    lines, _, failure = run(path)

    assert lines == [
        f"file: {path} is 820 bytes; Twoway reads files of at most 100 bytes. Delete the "
        "columns Twoway does not use, or split the file into parts",
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert failure is not None
    assert Person.objects.count() == 0

"""``twoway import_participants PROGRAM FILE``: errors, then always the summary line last."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from twoway.core.models import AuditEvent
from twoway.pairs.models import Pair
from twoway.programs.models import Enrollment

pytestmark = pytest.mark.django_db

GOOD = (
    "employee_id,side,joined_on,left_on,partner_id\n"
    "JUNO,mentor,2024-10-07,,STERLING\n"
    "STERLING,mentee,2024-10-07,,JUNO\n"
)
BAD = (
    "employee_id,side,joined_on,left_on,partner_id\n"
    "JUNO,mentor,2024-10-07,,\n"
    "STERLING,senior,2024-10-07,,\n"
    "NOBODY,mentee,2024-10-07,,\n"
)


def write(tmp_path: Path, text: str, name: str = "cohort.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[list[str], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    failure = None
    try:
        call_command("import_participants", *args, stdout=out, stderr=err)
    except CommandError as exc:
        failure = exc
    return out.getvalue().splitlines(), err.getvalue(), failure


def test_loads_a_file_and_ends_with_the_summary_line(cast, past, tmp_path):
    lines, err, failure = run(past.slug, write(tmp_path, GOOD))
    assert failure is None
    assert lines == ["created=2 updated=0 unchanged=0 errors=0"]
    assert "pairs: 1 created, 0 updated; saved" in err
    assert Enrollment.objects.filter(program=past).count() == 2
    assert Pair.objects.get(program=past).origin == "imported"
    # The command line is "system": the events have no actor.
    assert AuditEvent.objects.get(action="participants.import").actor is None


def test_a_second_run_of_the_same_file_is_all_unchanged(cast, past, tmp_path):
    path = write(tmp_path, GOOD)
    run(past.slug, path)
    lines, _, failure = run(past.slug, path)
    assert failure is None and lines[-1] == "created=0 updated=0 unchanged=2 errors=0"


def test_prints_every_error_then_the_summary_and_fails(cast, past, tmp_path):
    lines, _, failure = run(past.slug, write(tmp_path, BAD))
    assert lines == [
        'row 3: side: "senior" is not a side; use mentor or mentee',
        'row 4: employee_id: "NOBODY" is not in the people directory; add them with the '
        "people import first",
        "created=0 updated=0 unchanged=0 errors=2",
    ]
    assert failure is not None and str(failure) == "2 errors; nothing was saved"
    assert not Enrollment.objects.exists()


def test_a_dry_run_saves_nothing(cast, past, tmp_path):
    lines, err, failure = run(past.slug, write(tmp_path, GOOD), "--dry-run")
    assert failure is None and lines[-1] == "created=2 updated=0 unchanged=0 errors=0"
    assert "dry run, nothing saved" in err
    assert not Enrollment.objects.exists() and not AuditEvent.objects.exists()


def test_an_unknown_program_is_an_error_line_and_a_failure(cast, tmp_path):
    lines, _, failure = run("no-such-program", write(tmp_path, GOOD))
    assert lines == [
        'program: no program has the slug "no-such-program" (the last part of its page\'s '
        "address, as in /programs/<slug>/)",
        "created=0 updated=0 unchanged=0 errors=1",
    ]
    assert failure is not None
    assert not Enrollment.objects.exists()


def test_a_missing_file_is_an_error_line_and_a_failure(cast, past, tmp_path):
    lines, _, failure = run(past.slug, str(tmp_path / "missing.csv"))
    path = tmp_path / "missing.csv"
    assert lines[0] == f"file: cannot read {path}: No such file or directory"
    assert lines[-1] == "created=0 updated=0 unchanged=0 errors=1"
    assert failure is not None

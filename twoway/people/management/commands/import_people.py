"""``twoway import_people FILE``: load an HR export from the command line.

Prints every error as ``row <n>: <column>: <message>``, then always ends with
the summary line ``created=<a> updated=<b> unchanged=<c> errors=<d>``, so that
scripts can read the last line. Exits non-zero when there are errors. Timing
goes to stderr.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.integrations.hr_csv.columns import COLUMN_NAMES
from twoway.integrations.hr_csv.limits import MAX_UNPACKED_BYTES, file_bytes
from twoway.people.importing.report import ImportReport, RowError
from twoway.people.importing.service import person_import


class Command(BaseCommand):
    help = (
        "Create and update people from an HR export (.csv or .xlsx), matched on "
        "employee_id. One bad row saves nothing unless --partial is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .csv or .xlsx file to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )
        parser.add_argument(
            "--mark-leavers",
            action="store_true",
            help="give current people who are missing from the file a leave date of today",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="save the good rows even when other rows have errors",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=COLUMN",
            help=(
                'read COLUMN from the file\'s HEADER, e.g. --map "Employee Number=employee_id"; '
                f"repeatable; COLUMN is one of {', '.join(COLUMN_NAMES)}"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mapping = self._mapping(options["map"])
        path = Path(options["file"])
        try:
            content = self._read(path)
        except OSError as exc:
            report = ImportReport(filename=path.name, mark_leavers=options["mark_leavers"])
            report.errors.append(RowError(None, "file", str(exc.strerror or exc)))
            self._finish(report, 0.0)
            return
        started = time.perf_counter()
        report = person_import(
            actor=None,
            content=content,
            filename=path.name,
            mapping=mapping,
            dry_run=options["dry_run"],
            mark_leavers=options["mark_leavers"],
            partial=options["partial"],
        )
        self._finish(report, time.perf_counter() - started)

    @staticmethod
    def _read(path: Path) -> bytes:
        """The file's bytes, unless it is too large to be an export (then not read at all)."""
        return file_bytes(
            path,
            limit=MAX_UNPACKED_BYTES,
            too_large="Delete the columns Twoway does not use, or split the file into parts",
        )

    def _mapping(self, pairs: list[str]) -> dict[str, str] | None:
        mapping: dict[str, str] = {}
        for pair in pairs:
            # Split at the last "=": a column name never holds one, a header might.
            header, sep, column = pair.rpartition("=")
            column = column.strip()
            if not sep or not header.strip() or column not in COLUMN_NAMES:
                raise CommandError(
                    f'--map "{pair}" must read HEADER=COLUMN, with COLUMN one of '
                    + ", ".join(COLUMN_NAMES)
                )
            mapping[column] = header.strip()
        return mapping or None

    def _finish(self, report: ImportReport, elapsed: float) -> None:
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        rate = report.rows / elapsed if elapsed > 0 else 0.0
        if report.ignored_columns:
            self.stderr.write("ignored columns: " + ", ".join(report.ignored_columns))
        if report.new_departments:
            self.stderr.write(f"new departments: {len(report.new_departments)}")
        outcome = (
            "dry run, nothing saved"
            if report.dry_run
            else "saved"
            if report.applied
            else "nothing saved"
        )
        self.stderr.write(f"{report.rows} rows in {elapsed:.2f} s ({rate:,.0f} rows/s); {outcome}")
        if report.errors:
            count = len(report.errors)
            raise CommandError(
                f"{count} error{'s' if count != 1 else ''}"
                + ("; the good rows were saved" if report.applied else "; nothing was saved")
            )

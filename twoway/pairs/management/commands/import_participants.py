"""``twoway import_participants PROGRAM FILE``: load a past cohort from the command line.

PROGRAM is the program's slug. Prints every error as ``row <n>: <column>:
<message>``, then always ends with the summary line ``created=<a> updated=<b>
unchanged=<c> errors=<d>``, so that scripts can read the last line. Exits
non-zero when there are errors (one error saves nothing). The columns:
``twoway.pairs.cohort_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.integrations.hr_csv.limits import MAX_UNPACKED_BYTES, file_bytes
from twoway.pairs.cohort_import import COLUMN_NAMES, CohortReport, participants_import
from twoway.people.importing.report import RowError
from twoway.programs.models import Program


class Command(BaseCommand):
    help = (
        "Load a past cohort of a program (enrollments and pairs) from a .csv or .xlsx file "
        f"with the columns {', '.join(COLUMN_NAMES)}. One bad row saves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug, e.g. reverse-pilot-2023")
        parser.add_argument("file", help="the .csv or .xlsx file to load")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["program"]
        program = Program.objects.filter(slug=slug).first()
        path = Path(options["file"])
        if program is None:
            report = CohortReport(filename=path.name, program=slug)
            report.errors.append(
                RowError(
                    None,
                    "program",
                    f'no program has the slug "{slug}" (the last part of its page\'s address, '
                    "as in /programs/<slug>/)",
                )
            )
            self._finish(report)
            return
        try:
            content = self._read(path)
        except OSError as exc:
            report = CohortReport(filename=path.name, program=slug)
            report.errors.append(RowError(None, "file", str(exc.strerror or exc)))
            self._finish(report)
            return
        report = participants_import(
            actor=None,
            program=program,
            content=content,
            filename=path.name,
            dry_run=options["dry_run"],
        )
        self._finish(report)

    @staticmethod
    def _read(path: Path) -> bytes:
        """The file's bytes, unless it is too large to be a cohort (then not read at all)."""
        return file_bytes(path, limit=MAX_UNPACKED_BYTES)

    def _finish(self, report: CohortReport) -> None:
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        if report.applied:
            self.stderr.write(
                f"pairs: {report.pairs_created} created, {report.pairs_updated} updated; saved"
            )
        elif report.dry_run and not report.errors:
            self.stderr.write(
                f"pairs: {report.pairs_created} to create, {report.pairs_updated} to update; "
                "dry run, nothing saved"
            )
        if report.errors:
            count = len(report.errors)
            raise CommandError(f"{count} error{'s' if count != 1 else ''}; nothing was saved")

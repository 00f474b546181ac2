"""``twoway outcomes PROGRAM [--as-of YYYY-MM-DD] [--json]``: print a program's outcome report.

The same figures as the program's outcomes page, through the same small-group
rule. ``--json`` prints the contract documented in docs/outcomes.md.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.outcomes.report import OutcomeReport
from twoway.outcomes.selectors import program_outcomes
from twoway.outcomes.text import report_lines
from twoway.programs.models import Program


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date such as 2026-06-30") from None


class Command(BaseCommand):
    help = "Print a program's outcomes (retention, comparison group, learning, reach)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug, as in its address")
        parser.add_argument("--as-of", type=_date, help="the report's date (default: today)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            program = Program.objects.get(slug=options["program"])
        except Program.DoesNotExist:
            raise CommandError(f"No program with the slug {options['program']!r}") from None
        report: OutcomeReport = program_outcomes(program=program, as_of=options["as_of"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
            return
        for line in report_lines(report):
            self.stdout.write(line)

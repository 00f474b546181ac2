"""``twoway run_matching PROGRAM_SLUG [--dry-run]``: run matching from the command line.

Prints the engine's progress as ``<phase> <percent>%`` lines, then a summary:
pairs, total, whether the total is certified optimal (or the proven gap),
unmatched people by reason, and the time of each phase. The run is stored like
one started from the review page; with ``--dry-run`` it is marked as a dry run,
which the review page shows and which can never be published. Exits non-zero
with a message for an unknown program, a program in the wrong status, or a run
that fails.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.matching.models import MatchRun
from twoway.matching.services.runs import match_run_create, match_run_execute
from twoway.programs.models import Program


class Command(BaseCommand):
    help = (
        "Run matching for one program and print the summary. The run is kept, like "
        "one started on the review page; --dry-run marks it as never publishable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's slug (as in its web address)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="see what matching would do (also while the program is enrolling)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program with the slug “{options['program']}”.")
        try:
            run = match_run_create(
                actor=None, program=program, dry_run=options["dry_run"], inline=True
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        run = match_run_execute(actor=None, run=run, echo=self._progress)
        if run.status != MatchRun.Status.SUCCEEDED:
            raise CommandError(f"The run failed: {run.error}")
        self._summary(run)

    def _progress(self, phase: str, percent: int) -> None:
        self.stdout.write(f"{phase} {percent}%")

    def _summary(self, run: MatchRun) -> None:
        counts = run.counts
        if run.certified_optimal:
            certified = "yes"
        else:
            certified = f"no (at most {run.optimality_gap:.4f} below the best)"
        reasons = Counter(run.unmatched.values_list("reason", flat=True))
        unmatched = ", ".join(f"{reason}={n}" for reason, n in sorted(reasons.items()))
        timings = " ".join(f"{phase}={seconds:.3f}s" for phase, seconds in run.timings.items())
        lines = [
            f"program: {run.program.slug}{' (dry run)' if run.is_dry_run else ''}",
            f"run: {run.uuid}",
            f"people: {counts.get('mentors', 0)} mentors, {counts.get('mentees', 0)} mentees",
            f"pairs: {counts.get('pairs', 0)}",
            f"total: {run.total:.4f}",
            f"certified optimal: {certified}",
            f"gap: {run.optimality_gap:.4f}",
            f"blocking pairs: {run.blocking_pairs}",
            f"unmatched: {counts.get('unmatched', 0)}" + (f" ({unmatched})" if unmatched else ""),
            f"timings: {timings}",
        ]
        self.stdout.write("\n".join(lines))

"""``twoway seed_demo --people N --seed S``: fill an empty database with a demo organisation."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twoway.demo.builder import demo_logins, demo_seed
from twoway.people.models import Person


class Command(BaseCommand):
    help = "Create the Harbour & Vale demo organisation (deterministic for a seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=600, help="headcount (>= 20)")
        parser.add_argument("--seed", type=int, default=42, help="random seed")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="reference date for hire and leave dates (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--no-programs",
            action="store_true",
            help="only the organisation, without the demo programs",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but print the logins) if people exist already",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="allow seeding outside a demo install (demo passwords are public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG) and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates logins with published passwords; it runs only on a "
                "demo install (DEMO=true, as `make demo` sets), with DEBUG=true, or with "
                "--allow-production on a throwaway install."
            )
        seed = options["seed"]
        existing = Person.objects.count()
        if existing:
            if options["if_empty"]:
                self.stdout.write(f"The directory already has {existing} people; not seeding.")
                self._print_logins(demo_logins(seed))
                return
            raise CommandError(
                f"The directory already has {existing} people; seed_demo fills "
                "an empty database (use --if-empty to skip quietly)."
            )
        verbose = options["verbosity"] > 1

        def progress(message: str) -> None:
            if verbose:
                sys.stderr.write(message + "\n")

        try:
            report = demo_seed(
                people=options["people"],
                seed=seed,
                today=options["today"],
                progress=progress,
                programs=not options["no_programs"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Seeded Harbour & Vale: {report.people} people in {report.org_units} units, "
            f"{report.person_skills} skills offered or wanted, {report.self_descriptions} "
            f"consented self-descriptions, {report.assessments} blind-spot assessments "
            f"in {report.seconds:.1f} s; {report.programs} programs, {report.pairs} "
            "pairs published."
        )
        self._print_logins(report.logins)

    def _print_logins(self, logins: list) -> None:
        if not logins:
            return
        self.stdout.write("\nDemo logins (password is the same for all):")
        width = max(len(login.label) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.label.ljust(width)}  {login.email}  ({login.name})")
        self.stdout.write(f"  password: {logins[0].password}\n")

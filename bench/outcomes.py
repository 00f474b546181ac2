"""Time a program's outcome report in a large organisation.

    .venv/bin/python bench/outcomes.py [--people 200000] [--participants 5000]
    .venv/bin/python bench/outcomes.py --database-url postgres://.../throwaway

Builds a throwaway organisation (SQLite in a temporary folder by default; a
``--database-url`` database is flushed first, so give it an empty one): people
in 24 departments over 10 levels, hired over 15 years, about one in eight gone,
a promotion history, and one closed program whose participants joined in twelve
monthly cohorts. Then times ``program_outcomes`` (participants, the matched
comparison group, Kaplan-Meier, Cox, log-rank, promotions, learning, reach),
the median of ``--repeat`` runs, against a baseline measured in the same run:
reading every person's id, dates, level and department once, the least any
report about the whole organisation must do. Target: under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 2.0
AS_OF = dt.date(2026, 6, 30)


def configure(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        EMAIL_URL="locmem:",
        LOG_LEVEL="ERROR",
        SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789",
        FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    import django

    django.setup()


def seed(people: int, participants: int, rng: random.Random):
    from twoway.people.models import OrgUnit, Person, PersonChange
    from twoway.programs.models import Enrollment, Program

    units = [
        OrgUnit.objects.create(name=f"Department {i}", path=f"Department {i}") for i in range(24)
    ]
    start = AS_OF - dt.timedelta(days=15 * 365)
    rows = []
    for i in range(people):
        hired = start + dt.timedelta(days=rng.randrange(15 * 365 - 30))
        leave = None
        if rng.random() < 0.12:
            leave = min(AS_OF, hired + dt.timedelta(days=rng.randrange(30, 4000)))
        rows.append(
            Person(
                employee_id=f"B{i:07d}",
                name=f"Person {i}",
                email=f"b{i}@example.org",
                level=min(10, 1 + int(rng.expovariate(0.45))),
                department=units[rng.randrange(len(units))],
                hire_date=hired,
                leave_date=leave,
            )
        )
    Person.objects.bulk_create(rows, batch_size=5000)
    ids = list(Person.objects.order_by("id").values_list("id", "level", "hire_date"))
    changes = []
    for person_id, level, hired in rng.sample(ids, k=len(ids) // 10):
        if level and level > 1:
            on = hired + dt.timedelta(days=rng.randrange(200, 3000))
            if on < AS_OF:
                changes.append(
                    PersonChange(
                        person_id=person_id,
                        field=PersonChange.Field.LEVEL,
                        old_level=level - 1,
                        new_level=level,
                        effective_on=on,
                    )
                )
    PersonChange.objects.bulk_create(changes, batch_size=5000)
    program = Program.objects.create(
        name="Bench cohort", slug="bench-cohort", status=Program.Status.CLOSED
    )
    cohorts = [AS_OF - dt.timedelta(days=400 + 30 * m) for m in range(12)]
    # Participants were employed when their cohort started.
    present = set(
        Person.objects.filter(hire_date__lt=cohorts[0])
        .exclude(leave_date__lt=cohorts[0])
        .values_list("id", flat=True)
    )
    chosen = rng.sample([row for row in ids if row[0] in present], k=participants)
    enrollments = []
    for n, (person_id, level, hired) in enumerate(chosen):
        joined = max(cohorts[n % len(cohorts)], hired + dt.timedelta(days=1))
        enrollments.append(
            Enrollment(
                program=program,
                person_id=person_id,
                role="mentor" if (level or 1) <= 3 else "mentee",
                status=Enrollment.Status.ENROLLED,
                joined_on=joined,
            )
        )
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    return program, len(changes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="an empty, throwaway database (flushed)")
    args = parser.parse_args()

    workdir = None
    if args.database_url:
        configure(args.database_url)
    else:
        workdir = tempfile.TemporaryDirectory(prefix="twoway-bench-")
        configure(f"sqlite:///{workdir.name}/bench.sqlite3")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)

    from twoway.outcomes.selectors import program_outcomes
    from twoway.people.models import Person

    started = time.perf_counter()
    program, changes = seed(args.people, args.participants, random.Random(args.seed))
    print(
        f"seeded {args.people:,} people, {changes:,} level changes, "
        f"{args.participants:,} participants in {time.perf_counter() - started:.1f} s"
    )

    def baseline() -> None:
        list(
            Person.objects.order_by("id").values_list(
                "id", "hire_date", "leave_date", "level", "department__path"
            )
        )

    def report() -> None:
        program_outcomes(program=program, as_of=AS_OF)

    program_outcomes(program=program, as_of=AS_OF)  # warm: imports, caches
    timings = {}
    for label, step in (("baseline: read everyone once", baseline), ("outcome report", report)):
        runs = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            step()
            runs.append(time.perf_counter() - began)
        timings[label] = statistics.median(runs)
    result = program_outcomes(program=program, as_of=AS_OF)
    base = timings["baseline: read everyone once"]
    for label, seconds in timings.items():
        print(f"{label:<32} {seconds:7.3f} s  {seconds / base:5.1f}x baseline")
    print(
        f"participants {result.participants.n:,}, comparison {result.comparison.n:,}, "
        f"matched {result.matched_participants:,}, "
        f"hazard ratio {result.hazard_ratio.estimate if result.hazard_ratio else None}"
    )
    seconds = timings["outcome report"]
    verdict = "PASS" if seconds < TARGET_SECONDS else "FAIL"
    print(f"{verdict}: outcome report in {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s)")
    if workdir is not None:
        workdir.cleanup()
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the HR people import against a bare bulk insert.

Usage::

    .venv/bin/python bench/import_people.py [--sizes 1000,10000,50000] [--database-url URL]

For each size it generates a realistic HR export (a department tree, a manager
tree, a level pyramid, dates and time zones, rows shuffled so that reports
often come before their managers), then measures on an empty directory:

* the first import (everyone created, managers linked, audit events written);
* a re-import of the same file (everyone unchanged);
* a baseline: ``Person.objects.bulk_create`` of the same rows, already parsed,
  without validation, managers or audit events.

By default it works in its own SQLite database in a temporary folder, deleted
afterwards. ``--database-url`` points it elsewhere (for example PostgreSQL);
that database is **flushed**, so only give it a throwaway one.

Target: 50,000 rows imported for the first time in under 60 seconds.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

TARGET_ROWS = 50_000
TARGET_SECONDS = 60.0
TODAY = dt.date(2025, 6, 30)

DEPARTMENTS = {
    "Technology": ["Platform", "Data", "Security", "Digital Products"],
    "Finance": ["Accounting", "Treasury", "Planning"],
    "Marketing": ["Digital", "Brand", "Events"],
    "Sales": ["EMEA", "Americas", "APAC"],
    "Operations": ["Logistics", "Procurement", "Facilities"],
    "People": ["Talent", "Learning", "Reward"],
    "Legal": ["Contracts", "Compliance"],
    "Customer Service": ["Support", "Success"],
}
TEAMS = ["North", "South", "Core", "Growth"]
PLACES = [
    ("London", "Europe/London"),
    ("Madrid", "Europe/Madrid"),
    ("Berlin", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Toronto", "America/Toronto"),
    ("Singapore", "Asia/Singapore"),
    ("Sydney", "Australia/Sydney"),
    ("Remote", "UTC"),
]
FIRST = "Ada Bo Cy Di Ed Femi Gus Hana Ivo Juno Kai Lena Mo Noor Otto Priya Quinn Ravi Sol Tess"
LAST = "Okafor Park Lindqvist Nwosu Herrera Das Raman Hayes Quist Haddad Sato Novak Costa Berg"
TITLES = {
    9: "Chief Officer",
    8: "Director",
    7: "Head of Function",
    6: "Senior Manager",
    5: "Manager",
    4: "Lead",
    3: "Senior Associate",
    2: "Associate",
    1: "Graduate",
}
HEADER = [
    "Employee Number",
    "Full Name",
    "Work Email",
    "Job Title",
    "Grade",
    "Grade Name",
    "Department",
    "Manager Employee ID",
    "Office",
    "Time Zone",
    "Start Date",
    "Termination Date",
    "Cost Centre",
]


def django_environment(database_url: str, **more: str) -> None:
    """The settings of a throwaway benchmark run, set before anything imports them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "twoway.settings",
            "DEBUG": "false",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijkl",
            "FIELD_ENCRYPTION_KEYS": "YmVuY2htYXJrLW9ubHkta2V5LWJlbmNobWFyay0wMDA=",
            "ALLOWED_HOSTS": "localhost",
            "EMAIL_URL": "locmem:",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
        }
        | more
    )


def setup(database_url: str | None, workdir: Path) -> None:
    """Configure Django for a throwaway run before anything imports settings."""
    django_environment(database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def generate(rows: int, seed: int = 7, retitle_every: int = 0, break_every: int = 0) -> bytes:
    """An HR export of ``rows`` people as CSV bytes.

    ``retitle_every=n`` gives every n-th person a new job title (an update);
    ``break_every=n`` gives every n-th person an invalid e-mail address.
    """
    rng = random.Random(seed)
    first, last = FIRST.split(), LAST.split()
    units = [
        f"{top}/{sub}/{team}" if rng.random() < 0.6 else f"{top}/{sub}"
        for top, subs in DEPARTMENTS.items()
        for sub in subs
        for team in TEAMS
    ]
    people = []
    for n in range(rows):
        # A 7-wide manager tree: person n reports to person (n - 1) // 7.
        depth = 0 if n == 0 else len(format(n, "b")) // 3 + 1
        level = max(1, 9 - depth - rng.randint(0, 1))
        place, zone = rng.choice(PLACES)
        hired = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 30 * 365))
        left = hired + dt.timedelta(days=rng.randint(30, 3000)) if rng.random() < 0.03 else None
        name = f"{rng.choice(first)} {rng.choice(last)}"
        people.append(
            [
                f"E{n:06d}",
                name,
                f"{name.lower().replace(' ', '.')}.{n}@example.org",
                TITLES[level],
                str(level),
                TITLES[level],
                units[n % len(units)] if n else "Executive",
                f"E{(n - 1) // 7:06d}" if n else "",
                place,
                zone,
                hired.isoformat(),
                left.isoformat() if left and left < TODAY else "",
                f"CC{rng.randint(100, 999)}",
            ]
        )
    for n, person in enumerate(people):
        if retitle_every and n % retitle_every == 0:
            person[3] = f"Acting {person[3]}"
        if break_every and n % break_every == 0:
            person[2] = person[2].replace("@", " at ")
    rng.shuffle(people)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(people)
    return out.getvalue().encode("utf-8")


def wipe() -> None:
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def timed_import(content: bytes) -> tuple[float, object]:
    from twoway.people.importing.service import person_import

    started = time.perf_counter()
    report = person_import(actor=None, content=content, filename="bench.csv", today=TODAY)
    elapsed = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"the generated file has errors: {report.errors[:3]}")
    return elapsed, report


def person_import_checked(content: bytes):
    from twoway.people.importing.service import person_import

    return person_import(actor=None, content=content, filename="bench.csv", today=TODAY)


def timed_baseline(content: bytes) -> float:
    """A bare bulk_create of the same rows: parsed, departments made, outside the clock."""
    from twoway.people.models import OrgUnit, Person

    records = list(csv.reader(io.StringIO(content.decode("utf-8"))))[1:]
    paths = sorted({row[6] for row in records}, key=lambda path: path.count("/"))
    units: dict[str, int] = {}
    for path in paths:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub not in units:
                parent = units.get("/".join(parts[: depth - 1]))
                units[sub] = OrgUnit.objects.create(
                    name=parts[depth - 1], path=sub, parent_id=parent
                ).pk
    started = time.perf_counter()
    Person.objects.bulk_create(
        [
            Person(
                employee_id=row[0],
                name=row[1],
                email=row[2],
                job_title=row[3],
                level=int(row[4]),
                department_id=units[row[6]],
                location=row[8],
                time_zone=row[9],
                hire_date=dt.date.fromisoformat(row[10]),
                leave_date=dt.date.fromisoformat(row[11]) if row[11] else None,
            )
            for row in records
        ],
        batch_size=1000,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated row counts")
    parser.add_argument("--database-url", help="a throwaway database (it is flushed)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="twoway-bench-"))
    try:
        setup(args.database_url, workdir)
        run(sizes, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(sizes: list[int], workdir: Path) -> None:
    from django.db import connection

    print(
        f"Twoway import benchmark · {connection.vendor} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs"
    )
    header = (
        f"{'rows':>8} {'file MB':>8} {'import s':>9} {'rows/s':>8} "
        f"{'re-import s':>12} {'rows/s':>8} {'baseline s':>11} {'import/base':>12}"
    )
    print(header)
    print("-" * len(header))
    verdict = None
    for size in sizes:
        content = generate(size)
        (workdir / f"people-{size}.csv").write_bytes(content)
        wipe()
        first, report = timed_import(content)
        assert report.created == size, report.summary_line()
        again, report = timed_import(content)
        assert report.unchanged == size, report.summary_line()
        wipe()
        base = timed_baseline(content)
        print(
            f"{size:>8,} {len(content) / 1e6:>8.2f} {first:>9.2f} {size / first:>8,.0f} "
            f"{again:>12.2f} {size / again:>8,.0f} {base:>11.2f} {first / base:>11.1f}x"
        )
        if size == TARGET_ROWS:
            verdict = first
    largest = max(sizes)
    wipe()
    timed_import(generate(largest))
    changed, report = timed_import(generate(largest, retitle_every=10))
    print(
        f"\n{largest:,} rows, re-import with every 10th job title changed: {changed:.2f} s "
        f"({largest / changed:,.0f} rows/s; {report.summary_line()})"
    )
    broken = generate(largest, break_every=100)
    wipe()
    started = time.perf_counter()
    report = person_import_checked(broken)
    elapsed = time.perf_counter() - started
    from twoway.people.models import Person

    saved = Person.objects.count()
    print(
        f"{largest:,} rows, 1 % with a bad e-mail: {len(report.errors):,} errors reported, "
        f"{saved} people saved, {elapsed:.2f} s"
    )
    wipe()
    if verdict is not None:
        outcome = "PASS" if verdict < TARGET_SECONDS else "FAIL"
        print(
            f"\n{outcome}: first import of {TARGET_ROWS:,} rows took {verdict:.1f} s "
            f"(target < {TARGET_SECONDS:.0f} s)"
        )


if __name__ == "__main__":
    main()

"""Time the main pages against a large demo organisation.

    .venv/bin/python bench/pages.py --people 200000            # seeds a throwaway SQLite
    .venv/bin/python bench/pages.py --database-url sqlite:///var/demo-200k.sqlite3
                                                               # reuses a seeded database

Each page is requested ``--repeat`` times through Django's test client (no network);
the median time, the number of queries, and the ratio to a baseline measured in the
same run (``/healthz``: one trivial query, the floor of any request) are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str, *, own_keys: bool) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        EMAIL_URL="locmem:",
        LOG_LEVEL="ERROR",
    )
    if own_keys:
        # A throwaway database gets throwaway keys; a reused one keeps the keys it
        # was written with (the environment or .env), or nothing decrypts.
        os.environ.update(
            SECRET_KEY="bench-only-secret-key-bench-only-secret-key-0123456789",
            FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    import django

    django.setup()


def timed(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        queries, status = len(captured), response.status_code
    return statistics.median(times), queries, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="an already seeded database (not modified)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = None
    if args.database_url:
        configure(args.database_url, own_keys=False)
    else:
        workdir = tempfile.TemporaryDirectory(prefix="twoway-bench-")
        configure(f"sqlite:///{workdir.name}/bench.sqlite3", own_keys=True)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from twoway.demo.builder import demo_seed

        started = time.perf_counter()
        report = demo_seed(people=args.people, seed=args.seed)
        print(
            f"seeded {report.people} people, {report.person_skills} skill entries "
            f"in {time.perf_counter() - started:.1f} s"
        )

    from django.test import Client

    from twoway.demo.builder import DEMO_USERS
    from twoway.people.models import Person

    people = Person.objects.count()
    emails = {user.key: user.email for user in DEMO_USERS}
    manager = Person.objects.get(email=emails["manager"])
    pages = [
        ("manager", "/", "home (program manager)"),
        ("manager", "/people/", "people, first page"),
        ("manager", f"/people/?page={max(1, people // 50)}", "people, a page halfway"),
        ("manager", "/people/?q=chen", "people, search"),
        ("manager", f"/people/{manager.manager.uuid}/", "a person"),
        ("manager", "/skills-map/", "skills map"),
        ("manager", "/skills/", "catalogue"),
        ("mentor", "/", "home (participant)"),
        ("mentor", "/me/", "my profile"),
        ("mentor", "/directory/", "directory, landing"),
        ("mentor", "/directory/?skill=negotiation", "directory, one skill"),
        ("mentor", "/directory/?skill=negotiation&page=20", "directory, page 20"),
        ("mentor", "/skills/suggest/?q=ne", "type-ahead"),
        ("mentor", "/blind-spots/", "blind-spot questionnaire"),
        ("admin", "/audit/", "audit log"),
    ]
    clients = {}
    from twoway.core.models import User

    for key in {key for key, _url, _label in pages}:
        clients[key] = Client()
        clients[key].force_login(User.objects.get(email=emails[key]))
    baseline, _q, _s = timed(clients["mentor"], "/healthz", args.repeat * 4)
    print(
        f"\n{people} people · median of {args.repeat} · baseline /healthz "
        f"{baseline * 1000:.1f} ms\n"
    )
    print(f"{'page':32} {'ms':>8} {'queries':>8} {'x baseline':>11}")
    worst = 0.0
    for key, url, label in pages:
        seconds, queries, status = timed(clients[key], url, args.repeat)
        if status != 200:
            print(f"{label:32} status {status}")
            continue
        worst = max(worst, seconds)
        print(f"{label:32} {seconds * 1000:8.1f} {queries:8d} {seconds / baseline:11.0f}")
    print(f"\nslowest page: {worst * 1000:.0f} ms")
    if workdir is not None:
        workdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

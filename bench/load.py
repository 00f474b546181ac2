"""Load: many people using Twoway at once, through the production server on PostgreSQL.

    .venv/bin/python bench/load.py                    # 100,000 people in a throwaway database
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1/twoway_load \\
        --reuse                                       # a database this script seeded before
    make bench-load                                   # the first, with the bench extra installed

It seeds the demo organisation (``seed_demo``) into a PostgreSQL database, starts
``twoway serve`` (gunicorn, ``DEBUG=false``) on a free loopback port, and drives it
with locust, in three phases of the same length:

1. **baseline**: every simulated person asks ``/healthz`` (one trivial query), with the
   same think time: the floor of any request on this machine, in this run;
2. **mixed**, after 20 s of warming every worker up: participants (their home, pair,
   events, profile, directory, program), program managers (home, program, health
   board, enrolments, people and its search) and API clients with their own tokens
   (``/api/v1/…``), each waiting 5 s on average between requests (reads only);
3. **saturation** (``--saturate``): a few clients asking the mixed pages with no think
   time, for the most requests a second the server gives.

For each it prints requests a second, the 50th/95th/99th percentile per kind of
request, errors, and the CPU time per request of the web server's processes and of
the database's (its backends for this database), against the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_DB = "twoway_bench_load"
# Throwaway keys for a throwaway database: a reused one was seeded with these too.
KEYS = {
    "SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-0123456789",
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
}
# How the simulated people divide: most are participants, a few run programs, the
# rest are other systems calling the API.
SHARES = {"participant": 0.7, "manager": 0.15, "api": 0.15}
P95_TARGET_MS = 150


def server_environ(database_url: str) -> dict[str, str]:
    """The environment of every process this script starts (production settings,
    reachable over plain HTTP on loopback)."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "DEBUG", "DEMO"))
    }
    environ.update(
        KEYS,
        DATABASE_URL=database_url,
        DEBUG="false",
        DEMO="true",
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="locmem:",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        # Each API client has its own token; the per-token limit is far above what a
        # client asks at 5 s think time, but the saturation phase asks without pause.
        API_RATE_PER_MINUTE="100000",
        PYTHONUNBUFFERED="1",
    )
    return environ


# --- the Django side: run in a child process (``--prepare``) ---------------------


def prepare(out: Path, *, participants: int, api_clients: int) -> None:
    """Sessions, tokens and the pages each simulated person asks, written to ``out``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    import django

    django.setup()
    from importlib import import_module
    from urllib.parse import quote_plus

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        load_backend,
    )
    from django.urls import reverse

    from twoway.api.models import ApiToken
    from twoway.api.services import api_token_create
    from twoway.core.models import User
    from twoway.demo.builder import DEMO_USERS
    from twoway.events.models import Event
    from twoway.pairs.models import Pair
    from twoway.people.models import Person
    from twoway.programs.models import Program
    from twoway.skills.models import Skill

    store = import_module(settings.SESSION_ENGINE).SessionStore
    # The backend a password log-in records in the session: the first that can load a
    # user back (the lockout and the password policy only say no).
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )

    def session_for(user: User) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    def login_for(person: Person) -> User:
        if person.user_id is not None:
            return person.user
        user = User.objects.create_user(email=person.email, password=None)
        person.user = user
        person.save(update_fields=["user"])
        return user

    skills = [
        quote_plus(name)
        for name in Skill.objects.order_by("-pk").values_list("name", flat=True)[:40]
    ]
    events = [str(u) for u in Event.objects.values_list("uuid", flat=True)[:5]]
    pairs = list(
        Pair.objects.filter(status=Pair.Status.ACTIVE)
        .select_related("mentor__user", "mentee__user", "program")
        .order_by("pk")[: participants // 2 + 1]
    )
    people: list[dict[str, object]] = []
    for index, pair in enumerate(pairs):
        for person in (pair.mentor, pair.mentee):
            user = login_for(person)
            skill = skills[index % len(skills)]
            pages = [
                ("home", "/"),
                ("pair", reverse("meetings:schedule", kwargs={"uuid": pair.uuid})),
                ("my pairs", reverse("pairs:mine")),
                ("program", reverse("home:program", kwargs={"slug": pair.program.slug})),
                ("my profile", "/me/"),
                ("events", "/events/"),
                ("directory, one skill", f"/directory/?skill={skill}"),
            ]
            pages += [("an event", f"/events/{uuid}/") for uuid in events[:1]]
            people.append({"cookie": session_for(user), "pages": pages, "user": user.pk})
    # The demo publishes a few pairs; everyone else in the program mix is a person who
    # has signed in and looks around (home, profile, directory, events, programs).
    others = Person.objects.filter(leave_date__isnull=True, user__isnull=True).order_by("?")[
        : max(0, participants - len(people))
    ]
    for index, person in enumerate(others):
        user = login_for(person)
        skill = skills[index % len(skills)]
        pages = [
            ("home", "/"),
            ("you said, we did", "/you-said-we-did/"),
            ("my profile", "/me/"),
            ("events", "/events/"),
            ("directory, one skill", f"/directory/?skill={skill}"),
        ]
        people.append({"cookie": session_for(user), "pages": pages, "user": user.pk})
    people = people[:participants]

    manager_email = next(u.email for u in DEMO_USERS if u.key == "manager")
    manager = User.objects.get(email=manager_email)
    # The demo's program manager runs every program; the ones with pairs first.
    managed = sorted(Program.objects.all(), key=lambda p: (not p.pairs.exists(), p.pk))
    manager_pages = [("home (manager)", "/"), ("people", "/people/")]
    manager_pages += [("people, search", "/people/?q=chen")]
    for program in managed[:2]:
        slug = program.slug
        manager_pages += [
            ("program (manager)", reverse("home:program", kwargs={"slug": slug})),
            ("health board", reverse("meetings:health", kwargs={"slug": slug})),
            ("enrolments", reverse("programs:enrollments", kwargs={"slug": slug})),
        ]
    managers = [{"cookie": session_for(manager), "pages": manager_pages}]

    ApiToken.objects.filter(name__startswith="load ").delete()
    clients: list[dict[str, object]] = []
    api_pages = [
        ("api: me", "/api/v1/me"),
        ("api: programs", "/api/v1/programs"),
        ("api: people", "/api/v1/people?limit=50"),
        ("api: skills", "/api/v1/skills?limit=50"),
        ("api: events", "/api/v1/events"),
    ]
    # Half the clients act as the program manager (who reads the directory's HR
    # fields), half as participants.
    owners = [manager] + [User.objects.get(pk=p["user"]) for p in people]
    for number in range(api_clients):
        owner = owners[0] if number % 2 == 0 else owners[1 + number % (len(owners) - 1)]
        _token, secret = api_token_create(actor=None, user=owner, name=f"load {number}")
        clients.append({"token": secret, "pages": api_pages})
    out.write_text(
        json.dumps(
            {
                "people": Person.objects.count(),
                "participant": people,
                "manager": managers,
                "api": clients,
            }
        )
    )


# --- the driver: locust in this process -----------------------------------------


def _run(command: list[str], environ: dict[str, str]) -> None:
    import subprocess

    subprocess.run(command, env=environ, cwd=ROOT, check=True)


def database_create(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_analyze(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def _ticks(pid: int, *, reaped: bool = False) -> int:
    """CPU ticks (user + system) a process has used, and with ``reaped`` its children
    that have exited (gunicorn replaces a worker after 2,000 requests); 0 if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    ticks = int(fields[11]) + int(fields[12])
    return ticks + (int(fields[13]) + int(fields[14]) if reaped else 0)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _database_ticks() -> dict[int, int]:
    """CPU ticks of every PostgreSQL process on this machine, by pid; the server's
    main process also counts its children that have exited (connections closed
    during the phase). The database server is taken to serve this benchmark only."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        if not name.startswith("postgres"):
            continue
        fields = raw.rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        if fields[1] == "1":  # the server's main process: its reaped children too
            ticks += int(fields[13]) + int(fields[14])
        found[int(entry.name)] = ticks
    return found


class CpuMeter:
    """CPU seconds used between ``start()`` and ``stop()`` by the web server's
    processes, the database's, this process (the load generator) and the machine."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.hertz = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> tuple[dict[int, int], dict[int, int]]:
        web = {pid: _ticks(pid) for pid in _children(self.server_pid)}
        web[self.server_pid] = _ticks(self.server_pid, reaped=True)
        return (
            web,
            _database_ticks(),
        )

    def start(self) -> None:
        self.before = self._sample()
        self.machine_before = _machine()
        self.generator_before = time.process_time()

    def stop(self) -> tuple[float, float, float, float, float]:
        """Seconds of CPU: the web server, the database, the load generator, the whole
        machine (every process and the kernel), and all the CPU time it had."""
        after = self._sample()
        machine = _machine()
        spent = []
        for before, now in zip(self.before, after, strict=True):
            # A process that started during the phase counts from zero; one that ended
            # is in its parent's count of reaped children (the database's), whole, so
            # what it had used before the phase comes off.
            ticks = sum(now[pid] - before.get(pid, 0) for pid in now)
            ticks -= sum(used for pid, used in before.items() if pid not in now)
            spent.append(ticks / self.hertz)
        busy = (machine[0] - self.machine_before[0]) / self.hertz
        available = (machine[1] - self.machine_before[1]) / self.hertz
        generator = time.process_time() - self.generator_before
        return spent[0], spent[1], generator, busy, available


def _machine() -> tuple[int, int]:
    """CPU ticks of the whole machine since boot: busy (stolen included), and all."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, waiting for I/O
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def server_start(environ: dict[str, str], port: int, workers: int | None):
    import subprocess
    import time
    import urllib.request

    command = [PYTHON, "-m", "twoway", "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    log = open(ROOT / "var" / "bench-load-server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, env=environ, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                time.sleep(2)  # every worker booted
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"twoway serve did not answer on port {port}; see var/bench-load-server.log")


def _user_classes(plan: dict, think: float, *, baseline: bool):
    import random

    # FastHttpUser (geventhttpclient) costs the load generator a fraction of the CPU
    # that python-requests does: it shares the machine with the server.
    from locust import FastHttpUser, between, task

    wait = between(0, 0) if think <= 0 else between(think / 2, think * 1.5)

    def make(role: str, weight: float):
        identities = plan[role]

        class Person(FastHttpUser):
            wait_time = wait

            def on_start(self) -> None:
                me = random.choice(identities)
                self.pages = me["pages"]
                if "cookie" in me:
                    self.credentials = {"Cookie": f"sessionid={me['cookie']}"}
                else:
                    self.credentials = {"Authorization": f"Bearer {me['token']}"}

            @task
            def ask(self) -> None:
                if baseline:
                    self.client.get("/healthz", name="healthz (baseline)")
                    return
                label, url = random.choice(self.pages)
                with self.client.get(
                    url,
                    name=label,
                    headers=self.credentials,
                    allow_redirects=False,
                    catch_response=True,
                ) as response:
                    # A page that sends the reader to sign in is a failure, not a 302.
                    if response.status_code != 200:
                        response.failure(f"{response.status_code} {url}")

        Person.__name__ = role
        Person.weight = max(1, round(weight * 100))
        return Person

    return [make(role, share) for role, share in SHARES.items()]


def phase(name, plan, *, host, users, think, duration, meter, baseline=False, quiet=False):
    import gevent
    from locust.env import Environment

    environment = Environment(user_classes=_user_classes(plan, think, baseline=baseline), host=host)
    runner = environment.create_local_runner()
    meter.start()
    runner.start(users, spawn_rate=max(1, users / 10))
    gevent.sleep(10)  # everyone has arrived; measured from here
    environment.stats.reset_all()
    meter.start()
    gevent.sleep(duration)
    web_cpu, db_cpu, generator_cpu, busy, available = meter.stop()
    stats = environment.stats
    rows = sorted(stats.entries.values(), key=lambda e: -e.num_requests)
    total = stats.total
    runner.quit()
    result = {
        "name": name,
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.num_requests / duration,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "web_ms": 1000 * web_cpu / max(1, total.num_requests),
        "db_ms": 1000 * db_cpu / max(1, total.num_requests),
        "machine_ms": 1000 * busy / max(1, total.num_requests),
        "generator_ms": 1000 * generator_cpu / max(1, total.num_requests),
        "busy": busy / max(0.01, available),
        "rows": [
            (
                e.name,
                e.num_requests,
                e.get_response_time_percentile(0.5),
                e.get_response_time_percentile(0.95),
                e.get_response_time_percentile(0.99),
                e.num_failures,
            )
            for e in rows
        ],
        "errors": [f"{e.occurrences} x {e.name}: {e.error}" for e in stats.errors.values()],
    }
    if not quiet:
        _print_phase(result, users=users, think=think)
    return result


def _print_phase(result, *, users, think) -> None:
    print(
        f"\n## {result['name']}: {users} clients, think time {think:g} s\n"
        f"{result['requests']} requests, {result['rps']:.1f} req/s, "
        f"{result['failures']} errors · p50 {result['p50']:.0f} ms · "
        f"p95 {result['p95']:.0f} ms · p99 {result['p99']:.0f} ms · CPU per request: "
        f"web {result['web_ms']:.1f} ms, database {result['db_ms']:.1f} ms, load generator "
        f"{result['generator_ms']:.1f} ms, whole machine "
        f"{result['machine_ms']:.1f} ms (busy {100 * result['busy']:.0f} %)\n"
    )
    print(f"{'request':28} {'count':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>7}")
    for name, count, p50, p95, p99, failures in result["rows"]:
        print(f"{name:28} {count:6d} {p50:6.0f} {p95:6.0f} {p99:6.0f} {failures:7d}")
    for line in result["errors"][:10]:
        print("  error:", line)


def drive(args: argparse.Namespace) -> int:
    # locust runs on gevent, which must patch the standard library before anything
    # else uses sockets or threads.
    from gevent import monkey

    monkey.patch_all()
    import socket
    import tempfile

    database_url = args.database_url or args.admin_url.rsplit("/", 1)[0] + "/" + DEFAULT_DB
    environ = server_environ(database_url)
    (ROOT / "var").mkdir(exist_ok=True)
    if not args.reuse:
        import time

        database_create(args.admin_url, database_url.rsplit("/", 1)[1])
        started = time.perf_counter()
        _run([PYTHON, "-m", "twoway", "migrate", "-v0"], environ)
        _run(
            [
                PYTHON,
                "-m",
                "twoway",
                "seed_demo",
                "--people",
                str(args.people),
                "--seed",
                str(args.seed),
            ],
            environ,
        )
        print(f"seeded {args.people} people in {time.perf_counter() - started:.0f} s")
    # Fresh statistics, as autovacuum keeps them on a running database (the planner
    # chose nested loops over 8,000 rows from a table it thought empty).
    database_analyze(database_url)
    with tempfile.TemporaryDirectory(prefix="twoway-load-") as scratch:
        plan_file = Path(scratch) / "plan.json"
        _run([PYTHON, __file__, "--prepare", str(plan_file), "--users", str(args.users)], environ)
        plan = json.loads(plan_file.read_text())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = server_start(environ, port, args.workers)
    host = f"http://127.0.0.1:{port}"
    meter = CpuMeter(server.pid)
    print(f"\n{plan['people']} people · twoway serve on PostgreSQL · {os.cpu_count()} cores")
    try:
        common = {"host": host, "meter": meter, "duration": args.duration}
        base = phase("baseline", plan, users=args.users, think=args.think, baseline=True, **common)
        # Every worker process sees every page once before anything is measured (a
        # worker compiles a template, and imports what a view needs, on first use).
        warm = {**common, "duration": 20}
        phase("warm-up", plan, users=10, think=0, quiet=True, **warm)
        mixed = phase("mixed", plan, users=args.users, think=args.think, **common)
        if args.saturate:
            phase("saturation", plan, users=args.saturate, think=0, **common)
    finally:
        server.terminate()
        server.wait(timeout=60)
    reads_ok = mixed["p95"] <= P95_TARGET_MS
    print(
        f"\nmixed vs baseline: p95 {mixed['p95']:.0f} ms vs {base['p95']:.0f} ms · CPU per "
        f"request {mixed['web_ms'] + mixed['db_ms']:.1f} ms vs "
        f"{base['web_ms'] + base['db_ms']:.1f} ms "
        f"({(mixed['web_ms'] + mixed['db_ms']) / max(0.01, base['web_ms'] + base['db_ms']):.1f}x)"
    )
    print(f"p95 of reads <= {P95_TARGET_MS} ms: {'PASS' if reads_ok else 'FAIL'}")
    print(f"no errors: {'PASS' if mixed['failures'] == 0 else 'FAIL'}")
    return 0 if reads_ok and mixed["failures"] == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help=f"default: a database {DEFAULT_DB}, re-created")
    parser.add_argument("--reuse", action="store_true", help="the database is already seeded")
    parser.add_argument(
        "--admin-url", default=ADMIN_URL, help="a database to connect to for creating it"
    )
    parser.add_argument("--users", type=int, default=200, help="simulated people")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between requests")
    parser.add_argument("--duration", type=int, default=120, help="seconds per phase")
    parser.add_argument("--workers", type=int, help="web server processes (default: serve's)")
    parser.add_argument("--saturate", type=int, default=0, help="clients of a saturation phase")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, participants=args.users, api_clients=args.users)
        return 0
    return drive(args)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())

"""1,000 reminders, workers killed at random, a mail server that refuses one
message in ten: no reminder is lost, and every duplicate comes from a kill in
the one window the ledger cannot close (docs/reminders.md, "Each reminder goes
out once").

The workers are real processes (``twoway send_reminders``) sharing the test
database and sending to a real SMTP server (aiosmtpd on 127.0.0.1) that
answers ``451`` to 10 % of messages. Two workers run at a time; most are sent
SIGKILL at a random moment after they start claiming, and workers are started
again until the ledger says every reminder was sent. The workers log each
claim and each outcome (``chaos_settings.py``); the server notes the moment it
accepted each message, by its ``Message-ID`` (the same for every attempt at
one reminder).

Every accepted message must belong to an attempt: the last attempt at its
reminder claimed before the server accepted it. That attempt either finished
(logged as sent), accounting for one message, or its worker was killed before
it finished: the kill fell between the server accepting the message and the
ledger marking it sent, the documented window, and the reminder is sent again
once the lease runs out. So a reminder's extra copies are at most the kills
that fell in that window for it.

SQLite: the test database is in memory, so the workers share a file copy of
it (WAL, IMMEDIATE transactions, busy timeout: the deployed configuration). On
PostgreSQL they use the test database itself.
"""

from __future__ import annotations

import contextlib
import email
import itertools
import logging
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from aiosmtpd import controller
from django.db import connection
from django.utils import timezone

from twoway.meetings.models import Meeting
from twoway.notifications import selectors
from twoway.notifications.mail import reminder_message_id
from twoway.notifications.models import Kind
from twoway.notifications.tests.chaos_settings import REMINDER_LEASE_SECONDS as LEASE
from twoway.notifications.tests.steps import pair_of

MEETINGS = 500  # two reminders each: 1,000
WORKERS = 2  # running at once
REFUSED = 0.10  # of messages, with a transient 451
TIMED_KILLS = 8  # workers killed a random moment (up to KILL_WITHIN s) after their first claim
KILL_WITHIN = 1.0
WINDOW_KILLS = 4  # workers killed by the server as it accepts their message
WINDOW_CHANCE = 1 / 120  # of accepted messages
DEADLINE = 300  # seconds: fail with what is known rather than hang
SEED = 20261206

Query = Callable[[str], list[tuple[Any, ...]]]

# The workers greet the server as "worker-<pid>.localhost" (chaos_settings.py).
GREETING = re.compile(r"^worker-(\d+)\.localhost$")
# "<time> <pid> <LEVEL> Reminder <key>: attempt <n> <what>", as chaos_settings.py logs it.
JOURNAL = re.compile(
    r"^(?P<at>\d+\.\d+) (?P<pid>\d+) \w+ Reminder (?P<key>\S+): attempt (?P<number>\d+) "
    r"(?P<event>claimed|sent after|sent|of \d+ failed|of \d+ never)"
    r"(?: until (?P<until>\S+ \S+))?"
)
EVENTS = {"claimed": "claimed", "sent": "sent", "sent after": "overran"}


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path
    kill_after: float | None  # seconds after its first claim
    kill_at: float | None = None


@dataclass
class Attempt:
    key: str
    number: int
    pid: int
    # When the worker claimed it, by its clock at the claim: the lease's end as
    # written to the row, less the lease (the log line itself may come late on a
    # busy machine, after another worker has already taken the lease over).
    claimed: float
    outcome: str = ""  # sent, failed, overran; empty when it never finished
    ended: float = 0.0
    deliveries: list[float] = field(default_factory=list)
    refusals: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Delivery:
    message_id: str
    pid: int  # of the worker that sent it
    at: float


class Harness:
    """Keeps WORKERS ``send_reminders`` processes going until the ledger says
    every reminder was sent. Kills TIMED_KILLS of them at random moments, and
    WINDOW_KILLS more while the server holds back its answer to a message it has
    just accepted from them: they die in the window."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env, self.folder = env, folder
        self.chance = random.Random(SEED)  # the harness's: when to kill
        self.server_chance = random.Random(SEED + 1)  # the server's: what to refuse
        self.workers: list[Worker] = []
        self.logs: list[Path] = []
        self.kills: dict[int, float] = {}  # pid: when
        self.in_window: set[int] = set()  # pids killed while the server held back its 250
        self.failures: list[str] = []  # logs of workers that crashed
        self.timed_left, self.window_left = TIMED_KILLS, WINDOW_KILLS
        self.accepted: list[Delivery] = []
        self.refused: list[Delivery] = []
        self.to_kill: int | None = None  # a pid the server asks to kill
        self.killed = threading.Event()

    # --- the mail server (its own thread) ---------------------------------------------

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        greeting = GREETING.match(session.host_name or "")
        assert greeting, session.host_name
        pid = int(greeting[1])
        message_id = str(email.message_from_bytes(envelope.content)["Message-ID"]).strip()
        if self.server_chance.random() < REFUSED:
            self.refused.append(Delivery(message_id, pid, time.time()))
            return "451 4.3.0 Try again later"
        self.accepted.append(Delivery(message_id, pid, time.time()))
        if self.window_left and self.server_chance.random() < WINDOW_CHANCE:
            self.window_left -= 1
            # The message is accepted; its sender dies before it hears so. (This blocks
            # the server's loop for as long as the kill takes: a few milliseconds.)
            self.killed.clear()
            self.to_kill = pid
            self.killed.wait(timeout=30)
        return "250 2.0.0 OK"

    # --- the workers (the test's thread) ----------------------------------------------

    def run(self, done: Callable[[], bool]) -> float:
        """Run workers until ``done()``; the seconds it took."""
        started = time.monotonic()
        try:
            while True:
                assert time.monotonic() - started < DEADLINE, f"not done after {DEADLINE} s"
                for worker in list(self.workers):
                    if worker.process.poll() is None:
                        continue
                    self.workers.remove(worker)
                    if worker.process.returncode != 0:
                        self.failures.append(worker.log.read_text())
                    elif done():
                        return time.monotonic() - started
                while len(self.workers) < WORKERS:
                    self.workers.append(self.start())
                if self.to_kill is not None:
                    for worker in list(self.workers):
                        if worker.process.pid == self.to_kill:
                            self.in_window.add(self.kill(worker))
                    self.to_kill = None
                    self.killed.set()
                now = time.time()
                for worker in list(self.workers):
                    # A worker's log starts with its first claim.
                    if (
                        worker.kill_at is None
                        and worker.kill_after is not None
                        and (worker.log.stat().st_size)
                    ):
                        worker.kill_at = now + worker.kill_after
                    if worker.kill_at is not None and now >= worker.kill_at:
                        self.kill(worker)
                time.sleep(0.005)
        finally:
            self.killed.set()
            for worker in self.workers:  # still running after the last reminder was sent
                try:
                    worker.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill(worker)

    def start(self) -> Worker:
        log = self.folder / f"worker-{len(self.logs) + 1}.log"
        self.logs.append(log)
        kill_after = None
        if self.timed_left:
            self.timed_left -= 1
            kill_after = self.chance.uniform(0, KILL_WITHIN)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "twoway", "send_reminders"],
                env=self.env,
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=out,
            )
        return Worker(process, log, kill_after)

    def kill(self, worker: Worker) -> int:
        os.kill(worker.process.pid, signal.SIGKILL)
        self.kills[worker.process.pid] = time.time()
        worker.process.wait()
        self.workers.remove(worker)
        return worker.process.pid


class LocalController(controller.Controller):
    """The server on 127.0.0.1, on a port the system picks (bound before it starts)."""

    def __init__(self, handler: Harness) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        port = self.listener.getsockname()[1]
        super().__init__(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")

    def _create_server(self) -> Any:
        return self.loop.create_server(self._factory_invoker, sock=self.listener)


def shared_database(tmp_path: Path) -> tuple[str, Query]:
    """The ``DATABASE_URL`` the workers use, and a way to read it from here."""
    if connection.vendor == "sqlite":
        path = tmp_path / "chaos.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()

        def read_file(sql: str) -> list[tuple[Any, ...]]:
            with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
                return db.execute(sql).fetchall()

        return f"sqlite:///{path}", read_file
    if connection.vendor == "postgresql":
        given = connection.settings_dict
        login = quote(given["USER"] or "", safe="")
        if given["PASSWORD"]:
            login += ":" + quote(given["PASSWORD"], safe="")
        url = (
            f"postgres://{login}@{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}"
            f"/{given['NAME']}"
        )

        def read_here(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        return url, read_here
    pytest.skip(f"no shared test database on {connection.vendor}")


def ledger(query: Query) -> dict[str, int]:
    """How many reminders the ledger holds, by outcome."""
    return dict(query("SELECT outcome, COUNT(*) FROM notifications_notice GROUP BY outcome"))


def all_sent(query: Query, expected: int) -> bool:
    return ledger(query) == {"sent": expected}


def by_key(attempts: dict[tuple[str, int], Attempt]) -> dict[str, list[Attempt]]:
    """The attempts at each reminder, in order."""
    found: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in sorted(attempts.values(), key=lambda a: a.number):
        found[attempt.key].append(attempt)
    return found


def read_journal(logs: list[Path]) -> dict[tuple[str, int], Attempt]:
    """Every attempt the workers logged, by (reminder key, attempt number)."""
    attempts: dict[tuple[str, int], Attempt] = {}
    for log in logs:
        for line in log.read_text().splitlines():
            found = JOURNAL.match(line)
            if found is None:
                continue
            at, pid, key = float(found["at"]), int(found["pid"]), found["key"]
            number, text = int(found["number"]), found["event"]
            event = EVENTS.get(text, "failed" if text.endswith("failed") else "abandoned")
            # Given up because every run that tried it died: a later run says so.
            assert event != "abandoned", line
            if event == "claimed":
                # The claim is a unique insert or a conditional UPDATE: one winner.
                assert (key, number) not in attempts, f"attempt {number} at {key} claimed twice"
                until = datetime.fromisoformat(found["until"]).timestamp()
                attempts[key, number] = Attempt(key, number, pid, until - LEASE)
            else:
                attempt = attempts[key, number]
                assert attempt.pid == pid and not attempt.outcome, line
                attempt.outcome, attempt.ended = event, at
    return attempts


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thousand_reminders_survive_killed_workers_and_a_refusing_mail_server(
    quiet, tmp_path, caplog
):
    caplog.set_level(logging.WARNING, logger="mail.log")  # aiosmtpd's line per command
    now = timezone.now()
    pair = pair_of(quiet.juno)
    Meeting.objects.bulk_create(
        Meeting(
            pair=pair,
            starts_at=now + timedelta(hours=1, minutes=2 * i),
            time_zone="Europe/London",
            duration_minutes=60,
        )
        for i in range(MEETINGS)
    )
    due = selectors.reminders_due(now=now)
    keys = {reminder.key for reminder in due}
    assert len(keys) == 2 * MEETINGS and {r.kind for r in due} == {Kind.MEETING_SOON}
    by_message_id = {reminder_message_id(key): key for key in keys}

    url, query = shared_database(tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "twoway.notifications.tests.chaos_settings"}
    harness = Harness(env, tmp_path)
    smtp = LocalController(harness)
    env.update(DATABASE_URL=url, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}?tls=false")
    smtp.start()
    try:
        seconds = harness.run(done=lambda: all_sent(query, len(keys)))
    finally:
        smtp.stop()

    assert harness.failures == [], harness.failures[0]
    attempts = read_journal(harness.logs)
    assert [d for d in harness.accepted if d.message_id not in by_message_id] == []

    # Each accepted message belongs to the last attempt at its reminder that its sender
    # claimed before the server accepted it.
    by_sender: dict[tuple[str, int], list[Attempt]] = defaultdict(list)
    for attempt in sorted(attempts.values(), key=lambda a: a.number):
        by_sender[attempt.key, attempt.pid].append(attempt)
    delivered: Counter[str] = Counter()
    for accepted, deliveries in ((True, harness.accepted), (False, harness.refused)):
        for delivery in deliveries:
            key = by_message_id[delivery.message_id]
            if accepted:
                delivered[key] += 1
            claimed = [a for a in by_sender[key, delivery.pid] if a.claimed <= delivery.at]
            assert claimed, f"{key} sent by worker {delivery.pid}, which never claimed it"
            attempt = claimed[-1]
            (attempt.deliveries if accepted else attempt.refusals).append(delivery.at)

    unfinished = [a for a in attempts.values() if not a.outcome]
    in_window = Counter(a.key for a in unfinished if a.deliveries)
    phases = Counter("accept→mark" if a.deliveries else "claim→accept" for a in unfinished)
    phases["outside an attempt"] = len(harness.kills) - len(unfinished)
    lost = keys - set(delivered)
    duplicates = sum(count - 1 for count in delivered.values())
    print(
        f"\nreminders={len(keys)} worker_runs={len(harness.logs)} kills={len(harness.kills)} "
        f"({', '.join(f'{phase}: {n}' for phase, n in sorted(phases.items()))}; "
        f"{len(harness.in_window)} by the server) smtp_accepted={len(harness.accepted)} "
        f"smtp_refused={len(harness.refused)} attempts={len(attempts)} lost={len(lost)} "
        f"duplicates={duplicates} seconds={seconds:.1f}"
    )

    assert len(lost) == 0, sorted(lost)[:5]
    assert all_sent(query, len(keys))
    # No two workers held a lease on one reminder at once: an attempt begins after the
    # one before it failed, or after the lease of one that never finished ran out.
    for key_attempts in by_key(attempts).values():
        for before, after in itertools.pairwise(key_attempts):
            # A finished attempt hands on through its row (the next claim must match
            # its attempt number), and so may one whose refusal was written just before
            # its worker died; one that never reached the server, only once its lease
            # ran out.
            handed_on = before.outcome or before.refusals
            free_from = before.claimed if handed_on else before.claimed + LEASE
            assert after.claimed >= free_from - 0.5, (before, after)
    # Only killed workers leave attempts unfinished; an attempt sent at most one copy, a
    # refused one none; no send outlived its lease.
    assert {a.pid for a in unfinished} <= set(harness.kills)
    assert all(len(a.deliveries) <= 1 for a in attempts.values())
    assert not [a for a in attempts.values() if a.outcome == "failed" and a.deliveries]
    assert not [a for a in attempts.values() if a.outcome == "overran"]
    # So a second copy comes only from a worker killed after the server accepted the
    # message and before the ledger said sent.
    extra = {key: count - 1 for key, count in delivered.items() if count > 1}
    assert all(extra[key] <= in_window[key] for key in extra), (extra, in_window)
    # The server killed workers in that window on purpose: the check above had work.
    assert harness.in_window and duplicates >= len(harness.in_window)
    assert harness.refused and len(harness.kills) > len(harness.in_window)

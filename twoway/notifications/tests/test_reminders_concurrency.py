"""Two runs of the reminder job at the same moment send each reminder once.

The runs are two threads with their own database connections. Both read the
ledger before either claims anything (a second barrier inside
``notices_by_key``), so every reminder is fought over, and only the unique
key of ``Notice`` decides who sends it.

SQLite note: the test database is in memory with a shared cache, where a
second writer fails at once ("database table is locked") instead of waiting
as it does on a deployed SQLite file (WAL, IMMEDIATE transactions, busy
timeout). So on SQLite the threads work on a file copy of the test database,
configured like the real one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.utils import timezone

from twoway.notifications import selectors
from twoway.notifications.models import Kind
from twoway.notifications.services import ReminderCounts, reminders_send_due
from twoway.notifications.tests.steps import kind_of, meeting, pair_of
from twoway.pairs.models import PulseCheckin


def database_for_threads(tmp_path: Path) -> Callable[[], None]:
    """What a thread calls first to reach the test database (see the module's note)."""
    main = connections["default"]
    if not isinstance(main, SQLiteDatabaseWrapper) or not main.is_in_memory_db():
        return lambda: None
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()

    def use_the_file() -> None:
        here = connections["default"]
        here.settings_dict = {**here.settings_dict, "NAME": str(path)}

    return use_the_file


def in_threads(work: Callable[[], object], n: int, prepare: Callable[[], None]) -> list[object]:
    """Run ``work`` in ``n`` threads at once; their results, or their exceptions."""
    start = threading.Barrier(n, timeout=30)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        try:
            prepare()
            start.wait()
            results[i] = work()
        except Exception as exc:  # reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(published, monkeypatch, tmp_path):
    now = timezone.now()
    for mentor in (published.juno, published.maya):
        meeting(pair_of(mentor), now + timedelta(hours=2))  # 2 reminders each
    PulseCheckin.objects.create(
        pair=pair_of(published.juno),
        person=published.sterling,
        round=1,
        due_on=timezone.localdate(now),
    )
    # Due: 4 meetings soon, 4 agreements to sign, 1 check-in.
    due = 9
    mail.outbox.clear()

    both_read = threading.Barrier(2, timeout=30)
    read_ledger = selectors.notices_by_key

    def read_then_wait(keys):
        taken = read_ledger(keys)
        both_read.wait()
        return taken

    monkeypatch.setattr(selectors, "notices_by_key", read_then_wait)
    prepare = database_for_threads(tmp_path)
    first, second = in_threads(lambda: reminders_send_due(now=now), 2, prepare)

    assert isinstance(first, ReminderCounts), first
    assert isinstance(second, ReminderCounts), second
    assert first.sent + second.sent == due
    assert first.skipped + second.skipped == due  # each lost its races to the other
    assert first.failed == second.failed == 0
    sent = Counter((tuple(message.to), message.subject) for message in mail.outbox)
    assert len(sent) == due and set(sent.values()) == {1}
    assert Counter(kind_of(message) for message in mail.outbox) == {
        Kind.MEETING_SOON: 4,
        Kind.AGREEMENT: 4,
        Kind.PULSE: 1,
    }

    monkeypatch.setattr(selectors, "notices_by_key", read_ledger)
    [again] = in_threads(lambda: reminders_send_due(now=now), 1, prepare)
    assert isinstance(again, ReminderCounts), again
    assert again.sent == 0 and len(mail.outbox) == due

"""Two imports at once queue instead of colliding.

A transactional test, in a file of its own: a file runs whole on one test worker,
and a transactional test empties the database the tests after it need.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection

from twoway.core.models import AuditEvent
from twoway.people.importing import apply as importing
from twoway.people.models import Person
from twoway.people.tests.test_person_import import org, run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_imports_at_once_queue_and_the_second_finds_the_people_of_the_first(monkeypatch):
    # PostgreSQL only: it is the lock this test is about. SQLite runs one
    # writing transaction at a time anyway (IMMEDIATE), and the suite's
    # in-memory database cannot be shared by two threads; CI runs the suite
    # on PostgreSQL too.
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serialises writers itself")
    content = org()
    first_saved = threading.Event()
    plan_apply = importing._plan_apply

    def plan_apply_then_hold(*args: Any) -> None:
        plan_apply(*args)
        if threading.current_thread().name == "first":
            # Keep the first import's transaction open until the second is
            # blocked: without the lock, on the first's uncommitted rows.
            first_saved.set()
            assert another_import_waits()

    monkeypatch.setattr(importing, "_plan_apply", plan_apply_then_hold)
    outcomes: dict[str, object] = {}

    def import_once(name: str) -> None:
        try:
            if name == "second":
                first_saved.wait(timeout=10)
            outcomes[name] = run(content).summary_line()
        except Exception as error:  # the collision the lock prevents
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once, args=(n,), name=n) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {
        "first": "created=3 updated=0 unchanged=0 errors=0",
        "second": "created=0 updated=0 unchanged=3 errors=0",
    }
    assert Person.objects.count() == 3
    assert AuditEvent.objects.filter(action="person.create").count() == 3


def another_import_waits(timeout: float = 10.0) -> bool:
    """Whether another connection to this database is waiting for a lock (PostgreSQL)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Activity is read once per transaction unless the snapshot is dropped.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False

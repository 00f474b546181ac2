"""Many people answer yes at the same moment, on a real connection each: the
places hold, and the waiting list is in one order with no gaps.

A transactional test, in a file of its own: a file runs whole on one test worker,
and a transactional test empties the database the tests after it need.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from twoway.events.models import Rsvp
from twoway.events.selectors import waiting_position
from twoway.events.services import rsvp_answer
from twoway.events.tests.helpers import new_event
from twoway.testing.factories import person


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_yeses_fill_the_places_and_queue_the_rest():
    if connection.vendor != "postgresql":
        # The suite's in-memory SQLite locks whole tables between threads (no busy
        # wait); the suite runs again on PostgreSQL, where this race is real.
        pytest.skip("concurrent writers need the PostgreSQL run of the suite")
    workers, capacity = 10, 4
    event = new_event(capacity=capacity)
    guests = [person(f"Guest {i:02d}", employee_id=f"RACE{i:02d}") for i in range(workers)]
    start = threading.Barrier(workers)

    def answer(guest) -> None:
        try:
            start.wait(timeout=10)
            rsvp_answer(actor=None, event=event, person=guest, answer="yes")
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(answer, guests))

    rsvps = list(Rsvp.objects.filter(event=event))
    assert len(rsvps) == workers
    assert sum(1 for r in rsvps if r.has_place) == capacity
    positions = sorted(waiting_position(rsvp=r) or 0 for r in rsvps if r.is_waiting)
    assert positions == list(range(1, workers - capacity + 1))

"""Rate-limit counters count every one of many concurrent hits.

A transactional test, in a file of its own: a file runs whole on one test worker,
and a transactional test empties the database the tests after it need.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from twoway.core.models import RateLimitCounter
from twoway.core.throttle import rate_limit_hit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_are_each_counted_once():
    if connection.vendor != "postgresql":
        # The suite's in-memory SQLite locks whole tables between threads (no busy
        # wait); the suite runs again on PostgreSQL, where this race is real.
        pytest.skip("concurrent writers need the PostgreSQL run of the suite")
    workers = 8
    start = threading.Barrier(workers)

    def hit() -> int:
        try:
            start.wait()
            return rate_limit_hit(scope="test", subject="race", seconds=60)
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        counts = sorted(pool.map(lambda _: hit(), range(workers)))

    assert counts == list(range(1, workers + 1))
    assert RateLimitCounter.objects.get().hits == workers

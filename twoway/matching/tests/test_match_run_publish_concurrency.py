"""Two publishes at once create the pairs once.

A transactional test, in a file of its own: a file runs whole on one test worker,
and a transactional test empties the database the tests after it need.
"""

import threading

import pytest
from django.db import OperationalError, connection

from twoway.matching.services.guards import MatchingError
from twoway.matching.services.publish import match_run_publish
from twoway.pairs.models import Pair
from twoway.testing.cast import build_pilot
from twoway.testing.factories import run_now


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_publishes_create_the_pairs_once(cast):
    pilot = build_pilot(cast)
    run = run_now(pilot.program, actor=cast.priya)
    results, errors = [], []

    def publish():
        try:
            results.append(match_run_publish(actor=cast.priya, run=run))
        except Exception as exc:  # the loser may also be refused by the status change
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Pair.objects.count() == 2
    assert sorted(results) in ([0, 2], [2])
    # The loser returns 0, or is refused (the program is no longer matching); the
    # test's in-memory SQLite refuses a second writer outright instead of queueing it.
    refused = (MatchingError, OperationalError) if connection.vendor == "sqlite" else MatchingError
    assert all(isinstance(e, refused) for e in errors), errors

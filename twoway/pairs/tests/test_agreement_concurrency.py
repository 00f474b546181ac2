"""Two partners save the agreement at the same moment, on a real connection each."""

import threading

import pytest
from django.db import OperationalError, connection

from twoway.pairs.models import Agreement, Pair
from twoway.pairs.services import AgreementError
from twoway.pairs.tests.agreements import edit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_wins_the_other_is_told_and_nothing_is_lost(published):
    agreement = Pair.objects.get(mentor=published.juno).agreement
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(person, part, text):
        try:
            start.wait(timeout=10)
            outcomes[person.first_name] = edit(agreement, person, 1, **{part: text})
        except (AgreementError, OperationalError) as error:
            outcomes[person.first_name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(published.juno, "mentor_goals", "Negotiation")),
        threading.Thread(target=save, args=(published.sterling, "mentee_goals", "Short video")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    refused = [o for o in outcomes.values() if isinstance(o, Exception)]
    saved = [o for o in outcomes.values() if isinstance(o, Agreement)]
    assert len(refused) == 1 and len(saved) == 1
    if connection.vendor == "sqlite":
        # The suite's in-memory SQLite refuses a second writer outright; a file
        # database (WAL, immediate transactions, busy timeout) queues it, and it
        # then gets the message below, as PostgreSQL does.
        assert isinstance(refused[0], AgreementError | OperationalError)
    else:
        assert isinstance(refused[0], AgreementError)
        assert "changed the agreement after you opened it" in refused[0].messages[0]
    current = Agreement.objects.get(pk=agreement.pk)
    assert current.version == 2
    # The winner's text is saved whole; the loser's part is untouched, not half-written.
    assert (current.mentor_goals, current.mentee_goals) in (
        ("Negotiation", ""),
        ("", "Short video"),
    )

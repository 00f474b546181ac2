import pytest
from django.core import mail

from twoway.notifications.tests.steps import pair_of, sign_both


@pytest.fixture
def quiet(published):
    """The published pilot with both agreements signed and the outbox empty:
    nothing is due until a test makes it so."""
    for mentor in (published.juno, published.maya):
        sign_both(pair_of(mentor))
    mail.outbox.clear()
    return published

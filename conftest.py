import pytest

from twoway.core.testing import Cast, make_cast


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def csrf_client():
    """A test client that enforces CSRF, like a real browser session would."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)

import pytest

from twoway.testing import Cast, make_cast


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def csrf_client():
    """A test client that enforces CSRF, like a real browser session would."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.fixture
def starter_catalogue(db):
    """The starter skills catalogue, loaded by the same code as its data migration.

    Tests that flush the database (transactional and browser tests) remove
    migration data, so tests that need the catalogue ask for it explicitly.
    """
    import importlib

    from django.apps import apps

    from twoway.skills.models import Skill

    migration = importlib.import_module("twoway.skills.migrations.0002_starter_catalogue")
    migration.load(apps, None)
    return Skill.objects.all()


def _transactional(item: pytest.Item) -> bool | None:
    """True for a test that commits (and empties the database after it), False for
    one inside a rolled-back transaction, None for one without a database."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    if (marker and marker.kwargs.get("transaction")) or fixtures & {
        "transactional_db",
        "live_server",
    }:
        return True
    return False if marker or "db" in fixtures else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a test file that mixes transactional tests with others.

    Test workers run a file whole; a transactional test empties the database when it
    ends (the migrations' data too), so the tests run after it in that worker would
    start from nothing. pytest-django runs transactional tests last, but only within
    what one worker was given: put them in a file of their own.
    """
    kinds: dict[str, set[bool]] = {}
    for item in items:
        kind = _transactional(item)
        if kind is not None:
            kinds.setdefault(str(item.path), set()).add(kind)
    mixed = sorted(path for path, found in kinds.items() if found == {True, False})
    if mixed:
        raise pytest.UsageError(
            "These test files mix transactional tests with others; move the transactional "
            "ones to a file of their own: " + ", ".join(mixed)
        )

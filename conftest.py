import pytest
from django.db import connections
from pytest_django.plugin import blocking_manager_key

# The fixtures every test may ask for (the cast, the pilot, csrf_client, ...).
pytest_plugins = ["twoway.testing.fixtures"]


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


# Whether a transactional test has emptied this worker's database since the
# migrations' data was last put back.
_emptied = {"database": False}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield
    if _transactional(item) is True:
        _emptied["database"] = True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Put the migrations' data back before an ordinary test that follows a
    transactional one.

    A transactional test empties the database when it ends (its own serialized
    rollback reloads the data only when the next transactional test starts).
    pytest-django runs them after the others, but test workers are handed whole files
    in their own order, so a file of ordinary tests can come after one in the same
    worker: without this it would find no content types and no starter skills.
    """
    if not _emptied["database"] or _transactional(item) is not False:
        return
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    _emptied["database"] = False

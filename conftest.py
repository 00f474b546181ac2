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

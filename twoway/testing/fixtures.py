"""The fixtures every test may ask for, registered by the root ``conftest.py``
(``pytest_plugins``): the cast (see ``twoway.testing.cast``), the pilot with its
pairs, a client that checks CSRF, and the starter skills catalogue.

Fixtures that one app's tests alone use stay in that app's ``conftest.py``.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db.models import QuerySet
from django.test import Client

from twoway.core.figures import figures_forget
from twoway.core.models import User
from twoway.matching.services.publish import match_run_publish
from twoway.pairs.models import Agreement, Pair
from twoway.skills.models import Skill
from twoway.testing.cast import Cast, Pilot, build_pilot, make_cast, make_morgan
from twoway.testing.factories import run_now


@pytest.fixture(autouse=True)
def _figures_forgotten() -> None:
    """Every test starts with no remembered figures, as its database starts afresh
    (a rolled-back test takes its generation numbers back with it)."""
    figures_forget()


@pytest.fixture
def cast(db: None) -> Cast:
    """Ada, Priya, Sol, Sterling, Juno and Otto."""
    return make_cast()


@pytest.fixture
def pilot(cast: Cast) -> Pilot:
    """The reverse pilot in matching: Juno and Maya mentor, Sterling and Richard learn."""
    return build_pilot(cast)


@pytest.fixture
def published(pilot: Pilot, cast: Cast) -> Pilot:
    """The pilot's pairs, published: Juno mentors Sterling, Maya mentors Richard."""
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    return pilot


@pytest.fixture
def agreement(published: Pilot) -> Agreement:
    """Juno and Sterling's agreement, as publishing made it (version 1)."""
    return Pair.objects.get(mentor=published.juno).agreement


@pytest.fixture
def morgan(db: None) -> User:
    """A program manager of another program only."""
    return make_morgan()


@pytest.fixture
def csrf_client() -> Client:
    """A test client that enforces CSRF, like a real browser session would."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def starter_catalogue(db: None) -> QuerySet[Skill]:
    """The starter skills catalogue, loaded by the same code as its data migration.

    Tests that flush the database (transactional and browser tests) remove
    migration data, so tests that need the catalogue ask for it explicitly.
    """
    migration = importlib.import_module("twoway.skills.migrations.0002_starter_catalogue")
    migration.load(apps, None)
    return Skill.objects.all()


@pytest.fixture
def sso_only(settings):
    """Single sign-on with a provider named Contoso, passwords off but for Ada's
    (break glass). Nothing is fetched from the provider until someone signs in."""
    settings.OIDC_DISCOVERY_URL = "https://login.example.org/.well-known/openid-configuration"
    settings.OIDC_CLIENT_ID = "twoway"
    settings.OIDC_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Contoso"
    settings.OIDC_SSO_ONLY = True
    settings.OIDC_BREAK_GLASS_EMAILS = ["ada@example.org"]
    return settings

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
    """The starter skills catalogue, as the data migration loads it.

    Tests that flush the database (transactional and browser tests) remove
    migration data, so tests that need the catalogue ask for it explicitly.
    """
    import json
    from pathlib import Path

    from twoway.skills.models import Skill

    path = Path(__file__).parent / "twoway" / "skills" / "data" / "catalogue.json"
    for row in json.loads(path.read_text(encoding="utf-8"))["skills"]:
        Skill.objects.get_or_create(
            name=row["name"],
            defaults={
                "category": row["category"],
                "description": row["description"],
                "synonyms": "\n".join(row["synonyms"]),
                "is_key": row["is_key"],
            },
        )
    return Skill.objects.all()

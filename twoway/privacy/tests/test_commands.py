"""``twoway person_export``, ``twoway person_erase``: JSON out, and no erasure
without ``--yes``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from twoway.core.models import AuditEvent
from twoway.people.models import Person
from twoway.privacy.models import Erasure
from twoway.testing.cast import Cast, Pilot


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_person_export_prints_their_data_as_json(cast: Cast) -> None:
    document = json.loads(_run("person_export", "JUNO@example.org"))
    assert document["sections"]["person"]["records"][0]["name"] == "Juno Park"
    assert AuditEvent.objects.filter(action="privacy.export_download", actor=None).exists()


def test_person_export_says_when_nobody_has_the_address(cast: Cast) -> None:
    with pytest.raises(CommandError, match="No person"):
        _run("person_export", "nobody@example.org")


def test_person_erase_refuses_without_yes_and_says_what_it_would_do(
    published: Pilot, cast: Cast
) -> None:
    with pytest.raises(CommandError) as refused:
        _run("person_erase", "juno@example.org")
    assert "This would erase Juno Park" in str(refused.value)
    assert "--yes" in str(refused.value)
    assert not Erasure.objects.exists()
    assert Person.objects.get(pk=cast.juno.person.pk).name == "Juno Park"


def test_person_erase_with_yes_erases(published: Pilot, cast: Cast) -> None:
    out = _run("person_erase", "juno@example.org", "--yes")
    assert out.startswith(f"erased person={cast.juno.person.uuid}")
    assert Person.objects.get(pk=cast.juno.person.pk).name.startswith("Erased person #")
    erasure = Erasure.objects.get()
    assert erasure.by is None


def test_person_erase_refuses_the_last_administrator(cast: Cast) -> None:
    with pytest.raises(CommandError, match="last administrator"):
        _run("person_erase", "ada@example.org", "--yes")

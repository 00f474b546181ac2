"""The data pages: a person reads their own, an administrator anyone's, nobody
else; every reading and download is audited; erasing from the person's page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from twoway.core.models import AuditEvent, User
from twoway.people.models import Person
from twoway.privacy.models import Erasure
from twoway.privacy.selectors import WITHHELD
from twoway.privacy.tests.helpers import rich_juno
from twoway.testing.cast import Cast, Pilot


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_reads_their_own_data_and_downloads_it(cast: Cast) -> None:
    client = _client(cast.juno)
    page = client.get(reverse("privacy:mine"))
    assert page.status_code == 200
    assert b"Everything Twoway holds about you" in page.content
    assert b"Download as JSON" in page.content
    download = client.get(reverse("privacy:mine_json"))
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    document = json.loads(download.content)
    assert document["sections"]["person"]["records"][0]["name"] == "Juno Park"
    actions = list(AuditEvent.objects.filter(actor=cast.juno).values_list("action", flat=True))
    assert "privacy.export_view" in actions and "privacy.export_download" in actions


def test_the_profile_links_to_the_data_page(cast: Cast) -> None:
    page = _client(cast.juno).get(reverse("home:me"))
    assert reverse("privacy:mine").encode() in page.content


def test_an_administrator_reads_anyones_data(cast: Cast) -> None:
    juno = cast.juno.person
    client = _client(cast.ada)
    assert (
        reverse("privacy:person", kwargs={"uuid": juno.uuid}).encode()
        in client.get(reverse("home:person", kwargs={"uuid": juno.uuid})).content
    )
    page = client.get(reverse("privacy:person", kwargs={"uuid": juno.uuid}))
    assert page.status_code == 200 and b"Juno Park" in page.content
    assert client.get(reverse("privacy:person_json", kwargs={"uuid": juno.uuid})).status_code == 200
    event = AuditEvent.objects.filter(action="privacy.export_view").get()
    assert event.actor == cast.ada and event.subject_id == str(juno.uuid)


def test_an_administrator_does_not_read_what_only_the_person_reads(
    published: Pilot, cast: Cast
) -> None:
    rich_juno(cast)
    juno = cast.juno.person
    client = _client(cast.ada)
    page = client.get(reverse("privacy:person", kwargs={"uuid": juno.uuid}))
    assert b"private worry" not in page.content and WITHHELD.encode() in page.content
    document = json.loads(
        client.get(reverse("privacy:person_json", kwargs={"uuid": juno.uuid})).content
    )
    assert document["complete"] is False
    assert document["sections"]["meeting_logs"]["records"][0]["private_notes"] == WITHHELD
    assert document["sections"]["self_descriptions"]["records"][0]["value"] == WITHHELD
    # Their own copy is complete.
    own = json.loads(_client(cast.juno).get(reverse("privacy:mine_json")).content)
    assert own["complete"] is True
    assert "private worry" in own["sections"]["meeting_logs"]["records"][0]["private_notes"]


@pytest.mark.parametrize("who", ["priya", "sol", "sterling", "otto"])
@pytest.mark.parametrize("name", ["privacy:person", "privacy:person_json"])
def test_nobody_else_reads_someone_elses_data(cast: Cast, who: str, name: str) -> None:
    url = reverse(name, kwargs={"uuid": cast.juno.person.uuid})
    assert _client(getattr(cast, who)).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_someone_reads_their_own_record_by_its_address(cast: Cast) -> None:
    url = reverse("privacy:person", kwargs={"uuid": cast.sterling.person.uuid})
    page = _client(cast.sterling).get(url)
    assert page.status_code == 200 and b"Everything Twoway holds about you" in page.content


def test_a_login_without_a_person_has_no_data_page(cast: Cast) -> None:
    assert _client(cast.otto).get(reverse("privacy:mine")).status_code == 403
    assert Client().get(reverse("privacy:mine")).status_code == 302


@pytest.mark.parametrize("who", ["priya", "sol", "juno"])
def test_only_an_administrator_reaches_the_erase_page(cast: Cast, who: str) -> None:
    url = reverse("privacy:erase", kwargs={"uuid": cast.sterling.person.uuid})
    client = _client(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "erase"}).status_code == 403
    assert Person.objects.get(pk=cast.sterling.person.pk).name == "Sterling Hayes"


def test_an_administrator_erases_after_confirming(published: Pilot, cast: Cast) -> None:
    juno = cast.juno.person
    url = reverse("privacy:erase", kwargs={"uuid": juno.uuid})
    client = _client(cast.ada)
    page = client.get(url)
    assert page.status_code == 200 and b"This cannot be undone" in page.content
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200 and b"Tick the box" in unconfirmed.content
    assert not Erasure.objects.exists()

    response = client.post(url, {"confirm": "erase"})
    assert response.status_code == 302
    juno.refresh_from_db()
    assert juno.name.startswith("Erased person #")
    assert Erasure.objects.count() == 1
    # Sending it again is harmless: the page says it is done.
    again = client.post(url, {"confirm": "erase"})
    assert b"already been erased" in again.content
    assert Erasure.objects.count() == 1


def test_the_erase_page_refuses_the_last_administrator(cast: Cast) -> None:
    ada = cast.ada.person
    page = _client(cast.ada).get(reverse("privacy:erase", kwargs={"uuid": ada.uuid}))
    assert b"You cannot erase yourself" in page.content
    assert b"Erase this person</button>" not in page.content


def test_an_unknown_person_is_a_404(cast: Cast) -> None:
    url = reverse("privacy:erase", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"})
    assert _client(cast.ada).get(url).status_code == 404

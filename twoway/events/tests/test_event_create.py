"""Creating an event: who may, for which audience, and bad input."""

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.events.models import Event
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db
URL = reverse("events:create")


def data(**changes):
    values = {
        "title": "Pizza and questions",
        "description": "Bring a question.",
        "date": "2099-06-18",
        "time": "18:00",
        "duration_minutes": "90",
        "time_zone": "Europe/London",
        "place": "Canteen",
        "capacity": "30",
        "everyone": "on",
        "table_size": "8",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_an_organisation_wide_manager_creates_an_event_for_everyone(client, cast):
    client.force_login(cast.priya)
    response = client.post(URL, data())
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "events:detail", kwargs={"uuid": event.uuid}
    )
    assert event.everyone and event.capacity == 30
    assert event.starts_at.hour == 17  # 18:00 in London summer time is 17:00 UTC
    assert AuditEvent.objects.filter(action="event.create").count() == 1


def test_a_manager_of_one_program_invites_its_people_only(client, cast, pilot, morgan):
    grant(cast.juno, Role.PROGRAM_MANAGER, pilot.program)
    client.force_login(cast.juno)
    page = client.get(URL).content.decode()
    assert 'name="everyone"' not in page
    assert client.post(URL, data(everyone=None)).status_code == 400
    response = client.post(URL, data(everyone=None, programs=str(pilot.program.pk)))
    assert response.status_code == 302
    assert list(Event.objects.get().programs.all()) == [pilot.program]


def test_a_manager_cannot_invite_another_programs_people(client, pilot, morgan):
    client.force_login(morgan)
    response = client.post(URL, data(everyone=None, programs=str(pilot.program.pk)))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_a_participant_may_not_create_events(client, cast):
    client.force_login(cast.juno)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data()).status_code == 403
    assert not Event.objects.exists()


def test_an_administrator_may(client, cast):
    client.force_login(cast.ada)
    assert client.post(URL, data()).status_code == 302


def test_a_time_in_the_past_is_refused_with_a_clear_message(client, cast):
    client.force_login(cast.priya)
    response = client.post(URL, data(date="2001-01-01"))
    assert response.status_code == 400
    assert "already passed" in response.content.decode()
    assert not Event.objects.exists()


def test_everyone_and_programs_together_are_refused(client, cast, pilot):
    client.force_login(cast.priya)
    response = client.post(URL, data(programs=str(pilot.program.pk)))
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_a_table_size_outside_six_to_eight_is_refused(client, cast):
    client.force_login(cast.priya)
    assert client.post(URL, data(seated="on", table_size="12")).status_code == 400
    assert not Event.objects.exists()

"""Changing an event: organisers only; sent back unchanged, nothing happens."""

import datetime as dt

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.events.models import Event
from twoway.events.services import EventError
from twoway.events.tests.helpers import edit
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:edit", kwargs={"uuid": event.uuid})


def test_the_form_shows_the_saved_values(client, cast, socials):
    client.force_login(cast.priya)
    page = client.get(url(socials.pilot)).content.decode()
    assert 'value="Pilot drinks"' in page and 'value="12:00"' in page


def test_an_unchanged_save_records_nothing(cast, socials):
    before = AuditEvent.objects.count()
    edit(socials.pilot, cast.priya)
    event = Event.objects.get(pk=socials.pilot.pk)
    assert event.sequence == 0 and AuditEvent.objects.count() == before


def test_a_new_time_raises_the_calendar_sequence(cast, socials):
    event = edit(socials.pilot, cast.priya, place="Roof terrace")
    assert event.sequence == 1
    audit = AuditEvent.objects.filter(action="event.update").get()
    assert audit.after == {"place": "Roof terrace"}


def test_a_new_capacity_does_not_touch_the_calendar(cast, socials):
    assert edit(socials.pilot, cast.priya, capacity=10).sequence == 0


def test_the_description_is_audited_as_changed_only(cast, socials):
    edit(socials.pilot, cast.priya, description="Secret menu")
    audit = AuditEvent.objects.filter(action="event.update").get()
    assert audit.after == {"description": "[changed]"}


def test_a_participant_gets_404(client, cast, socials):
    client.force_login(cast.juno)
    assert client.get(url(socials.pilot)).status_code == 404
    assert client.post(url(socials.pilot), {"title": "Mine"}).status_code == 404


def test_a_manager_of_another_program_gets_404(client, morgan, socials):
    client.force_login(morgan)
    assert client.get(url(socials.pilot)).status_code == 404


def test_the_pilots_own_manager_may_edit_its_event_but_not_one_for_everyone(
    client, cast, pilot, socials
):
    grant(cast.juno, Role.PROGRAM_MANAGER, pilot.program)
    client.force_login(cast.juno)
    assert client.get(url(socials.pilot)).status_code == 200
    assert client.get(url(socials.everyone)).status_code == 404


def test_bad_input_changes_nothing(client, cast, socials):
    client.force_login(cast.priya)
    response = client.post(url(socials.pilot), {"title": ""})
    assert response.status_code == 400
    assert Event.objects.get(pk=socials.pilot.pk).title == "Pilot drinks"


def test_a_new_time_in_the_past_is_refused(cast, socials):
    with pytest.raises(EventError, match="already passed"):
        edit(socials.pilot, cast.priya, starts_at_local=dt.datetime(2001, 1, 1, 12, 0))

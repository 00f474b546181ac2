"""Cancelling an event tells those who said yes or maybe, once."""

import pytest
from django.core import mail
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.events.models import Event
from twoway.events.services import rsvp_answer

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:cancel", kwargs={"uuid": event.uuid})


def test_cancelling_emails_yes_maybe_and_waiting_but_not_no(
    client, cast, pilot, socials, django_capture_on_commit_callbacks
):
    event = socials.pilot  # two places
    for who, answer in (
        (pilot.maya, "yes"),
        (pilot.richard, "maybe"),
        (pilot.sterling, "no"),
        (pilot.juno, "yes"),
    ):
        rsvp_answer(actor=None, event=event, person=who, answer=answer)
    client.force_login(cast.priya)
    assert "We e-mail the 3 people" in client.get(url(event)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event))
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pilot.maya.email, pilot.richard.email, pilot.juno.email]
    )
    assert mail.outbox[0].subject == "Cancelled: Pilot drinks"


def test_a_second_cancel_changes_nothing(client, cast, socials):
    client.force_login(cast.priya)
    client.post(url(socials.everyone))
    client.post(url(socials.everyone))
    assert AuditEvent.objects.filter(action="event.cancel").count() == 1


def test_a_participant_gets_404(client, cast, socials):
    client.force_login(cast.juno)
    assert client.post(url(socials.everyone)).status_code == 404
    assert not Event.objects.get(pk=socials.everyone.pk).is_cancelled


def test_a_manager_of_another_program_gets_404(client, morgan, socials):
    client.force_login(morgan)
    assert client.get(url(socials.pilot)).status_code == 404

"""The attendee list: names for organisers, in order for the waiting list; 404
for everyone else; no query per person."""

import pytest
from django.urls import reverse

from twoway.events.services import rsvp_answer
from twoway.events.tests.helpers import new_event
from twoway.testing.factories import person
from twoway.testing.queries import queries_for

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:attendees", kwargs={"uuid": event.uuid})


def test_the_organiser_sees_counts_names_and_the_waiting_list(client, cast, pilot, socials):
    for who, answer in (
        (pilot.maya, "yes"),
        (pilot.richard, "yes"),
        (pilot.juno, "yes"),
        (pilot.sterling, "maybe"),
    ):
        rsvp_answer(actor=None, event=socials.pilot, person=who, answer=answer)
    client.force_login(cast.priya)
    page = client.get(url(socials.pilot)).content.decode()
    assert "Maya Chen" in page and "Richard Hale" in page
    assert "Waiting list (1)" in page and "Juno Park" in page
    assert "Maybe (1)" in page and "Sterling Hayes" in page


def test_a_participant_gets_404(client, cast, socials):
    client.force_login(cast.juno)
    assert client.get(url(socials.pilot)).status_code == 404


def test_a_manager_of_another_program_gets_404(client, morgan, socials):
    client.force_login(morgan)
    assert client.get(url(socials.pilot)).status_code == 404


def test_the_list_makes_no_query_per_person(client, cast):
    event = new_event(cast.priya, capacity=6)
    guests = [
        person(f"Guest {i:02d}", employee_id=f"A{i:02d}", department="Sales") for i in range(12)
    ]
    answers = ["yes", "maybe"]
    for guest, answer in zip(guests[:2], answers, strict=True):
        rsvp_answer(actor=None, event=event, person=guest, answer=answer)
    client.force_login(cast.priya)
    few = queries_for(client, url(event))
    for index, guest in enumerate(guests[2:]):
        rsvp_answer(actor=None, event=event, person=guest, answer=["yes", "no", "maybe"][index % 3])
    assert queries_for(client, url(event)) == few

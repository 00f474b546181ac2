"""The events list: what the reader's audience is invited to, their circles'
sessions, the create button for organisers, and no query per row."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from twoway.circles.models import Circle, CircleMember, CircleSession
from twoway.events.services import rsvp_answer
from twoway.events.tests.helpers import new_event
from twoway.testing.factories import open_program
from twoway.testing.queries import queries_for

pytestmark = pytest.mark.django_db
URL = reverse("events:list")


def test_a_participant_sees_the_events_of_their_audience_only(client, cast, pilot, socials):
    other = new_event(
        cast.priya,
        title="Other program party",
        programs=[open_program(name="Other", slug="other-program")],
    )
    client.force_login(cast.juno)
    page = client.get(URL).content.decode()
    assert "Summer lunch" in page and "Pilot drinks" in page
    assert other.title not in page
    assert "Create an event" not in page


def test_someone_outside_the_program_sees_only_the_all_staff_event(client, cast, socials):
    client.force_login(cast.sol)
    page = client.get(URL).content.decode()
    assert "Summer lunch" in page and "Pilot drinks" not in page


def test_the_readers_answer_shows(client, cast, pilot, socials):
    rsvp_answer(actor=None, event=socials.everyone, person=pilot.juno, answer="yes")
    client.force_login(cast.juno)
    assert "You're going" in client.get(URL).content.decode()


def test_organisers_get_the_create_button(client, cast, socials):
    client.force_login(cast.priya)
    assert "Create an event" in client.get(URL).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_circles_sessions_of_the_reader_are_listed(client, cast, pilot):
    circle = Circle.objects.create(program=pilot.program, number=1, name="Circle Oak")
    CircleMember.objects.create(
        circle=circle, program=pilot.program, person=pilot.juno, side="junior"
    )
    CircleSession.objects.create(
        circle=circle,
        number=1,
        starts_at=timezone.now() + dt.timedelta(days=3),
        time_zone="Europe/London",
        topic="Prompting well",
    )
    client.force_login(cast.juno)
    page = client.get(URL).content.decode()
    assert "Circle Oak: session 1" in page and "Prompting well" in page
    client.force_login(cast.sol)
    assert "Circle Oak" not in client.get(URL).content.decode()


def test_the_list_makes_no_query_per_event(client, cast, pilot):
    for index in range(2):
        new_event(cast.priya, title=f"Event {index}", programs=[pilot.program], capacity=5)
    client.force_login(cast.juno)
    few = queries_for(client, URL)
    for index in range(2, 12):
        event = new_event(cast.priya, title=f"Event {index}", programs=[pilot.program])
        rsvp_answer(actor=None, event=event, person=pilot.juno, answer="yes")
    assert queries_for(client, URL) == few

"""The event's page: who may open it, what a participant and an organiser see."""

import pytest
from django.urls import reverse

from twoway.events.services import rsvp_answer

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:detail", kwargs={"uuid": event.uuid})


def test_a_participant_in_the_audience_sees_counts_and_their_answer(client, cast, pilot, socials):
    rsvp_answer(actor=None, event=socials.pilot, person=pilot.maya, answer="yes")
    rsvp_answer(actor=None, event=socials.pilot, person=pilot.richard, answer="yes")
    rsvp_answer(actor=None, event=socials.pilot, person=pilot.juno, answer="yes")
    client.force_login(cast.juno)
    page = client.get(url(socials.pilot)).content.decode()
    assert "number 1</strong> on the waiting list" in page
    assert "2 of 2 places" in page
    assert "Maya Chen" not in page  # names of those coming are the organisers'
    assert reverse("events:attendees", kwargs={"uuid": socials.pilot.uuid}) not in page


def test_someone_outside_the_audience_gets_404(client, cast, socials):
    client.force_login(cast.sol)  # not enrolled in the pilot
    assert client.get(url(socials.pilot)).status_code == 404
    assert client.get(url(socials.everyone)).status_code == 200


def test_a_login_without_a_person_gets_404(client, cast, socials):
    client.force_login(cast.otto)
    assert client.get(url(socials.everyone)).status_code == 404


def test_a_malformed_or_unknown_event_is_404(client, cast):
    client.force_login(cast.juno)
    assert client.get("/events/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, socials):
    assert client.get(url(socials.everyone)).status_code == 302


def test_the_organiser_sees_the_organise_section(client, cast, socials):
    client.force_login(cast.priya)
    page = client.get(url(socials.pilot)).content.decode()
    assert "Who is coming" in page and "Change the event" in page


def test_a_manager_of_another_program_gets_404(client, morgan, socials):
    client.force_login(morgan)
    assert client.get(url(socials.pilot)).status_code == 404


def test_the_answer_buttons_post_and_redirect(client, cast, socials):
    client.force_login(cast.juno)
    answer = reverse("events:rsvp", kwargs={"uuid": socials.everyone.uuid})
    response = client.post(answer, {"answer": "maybe"})
    assert response.status_code == 302
    page = client.get(url(socials.everyone)).content.decode()
    assert "You said <strong>maybe</strong>" in page


def test_a_bad_answer_changes_nothing(client, cast, socials):
    client.force_login(cast.juno)
    answer = reverse("events:rsvp", kwargs={"uuid": socials.everyone.uuid})
    response = client.post(answer, {"answer": "perhaps"}, follow=True)
    assert "Answer yes, maybe or no." in response.content.decode()
    assert not socials.everyone.rsvps.exists()


def test_an_outsider_cannot_answer(client, cast, socials):
    client.force_login(cast.sol)
    answer = reverse("events:rsvp", kwargs={"uuid": socials.pilot.uuid})
    assert client.post(answer, {"answer": "yes"}).status_code == 404
    assert not socials.pilot.rsvps.exists()

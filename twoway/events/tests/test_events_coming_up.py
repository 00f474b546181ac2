"""The "Coming up" card on a person's home: their next yes and maybe answers."""

import pytest
from django.urls import reverse

from twoway.events.services import event_cancel, rsvp_answer
from twoway.events.tests.helpers import new_event

pytestmark = pytest.mark.django_db


def test_the_home_shows_the_events_they_said_yes_or_maybe_to(client, cast):
    going = new_event(cast.priya, title="Quiz night", days=3)
    maybe = new_event(cast.priya, title="Book swap", days=5)
    declined = new_event(cast.priya, title="Fun run", days=4)
    cancelled = new_event(cast.priya, title="Picnic", days=6)
    juno = cast.juno.person
    for event, answer in ((going, "yes"), (maybe, "maybe"), (declined, "no"), (cancelled, "yes")):
        rsvp_answer(actor=cast.juno, event=event, person=juno, answer=answer)
    event_cancel(actor=cast.priya, event=cancelled)
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    assert "Coming up" in page
    assert page.index("Quiz night") < page.index("Book swap")
    assert "Fun run" not in page and "Picnic" not in page


def test_no_answers_no_card(client, cast):
    new_event(cast.priya, title="Quiz night")
    client.force_login(cast.juno)
    assert "Coming up" not in client.get(reverse("home")).content.decode()

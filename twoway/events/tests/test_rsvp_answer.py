"""Answering an event: places, the waiting list, and who moves up."""

import pytest
from django.core import mail

from twoway.core.models import AuditEvent
from twoway.events.models import Rsvp
from twoway.events.selectors import event_counts, waiting_position
from twoway.events.services import EventError, event_cancel, rsvp_answer
from twoway.events.tests.helpers import edit, new_event
from twoway.testing.factories import enroll, open_program, person

pytestmark = pytest.mark.django_db


def people(count):
    return [person(f"Guest {i:02d}", employee_id=f"G{i:02d}") for i in range(count)]


def answer(event, who, value):
    return rsvp_answer(actor=None, event=event, person=who, answer=value)


def test_a_yes_beyond_capacity_waits_in_order():
    event = new_event(capacity=2)
    guests = people(4)
    answers = [answer(event, guest, "yes") for guest in guests]
    assert [a.has_place for a in answers] == [True, True, False, False]
    assert [waiting_position(rsvp=a) for a in answers] == [None, None, 1, 2]
    assert event_counts(event=event).yes == 2
    assert event_counts(event=event).waiting == 2


def test_leaving_a_place_gives_it_to_the_first_waiting_and_emails_them(
    django_capture_on_commit_callbacks,
):
    event = new_event(capacity=1)
    first, second, third = people(3)
    with django_capture_on_commit_callbacks(execute=True):
        answer(event, first, "yes")
        answer(event, second, "yes")
        answer(event, third, "yes")
        mail.outbox.clear()
        answer(event, first, "no")
    assert Rsvp.objects.get(person=second).has_place
    assert waiting_position(rsvp=Rsvp.objects.get(person=third)) == 1
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "a place freed up" in mail.outbox[0].body


def test_maybe_and_no_take_no_place():
    event = new_event(capacity=1)
    a, b, c = people(3)
    answer(event, a, "maybe")
    answer(event, b, "no")
    assert answer(event, c, "yes").has_place


def test_changing_to_maybe_from_a_place_promotes_too():
    event = new_event(capacity=1)
    a, b = people(2)
    answer(event, a, "yes")
    answer(event, b, "yes")
    answer(event, a, "maybe")
    assert Rsvp.objects.get(person=b).has_place
    assert not Rsvp.objects.get(person=a).has_place


def test_changing_an_answer_twice_goes_to_the_back_of_the_list():
    event = new_event(capacity=1)
    a, b, c = people(3)
    answer(event, a, "yes")
    answer(event, b, "yes")
    answer(event, c, "yes")
    answer(event, b, "no")
    again = answer(event, b, "yes")
    assert waiting_position(rsvp=again) == 2
    assert waiting_position(rsvp=Rsvp.objects.get(person=c)) == 1


def test_a_double_submit_changes_nothing():
    event = new_event(capacity=1)
    a, b = people(2)
    answer(event, a, "yes")
    first = answer(event, b, "yes")
    events = AuditEvent.objects.count()
    second = answer(event, b, "yes")
    assert second.waiting_since == first.waiting_since
    assert AuditEvent.objects.count() == events
    assert Rsvp.objects.filter(event=event).count() == 2


def test_a_waiting_person_who_steps_back_frees_no_place():
    event = new_event(capacity=1)
    a, b, c = people(3)
    answer(event, a, "yes")
    answer(event, b, "yes")
    answer(event, c, "yes")
    answer(event, b, "no")
    assert event_counts(event=event).yes == 1
    assert waiting_position(rsvp=Rsvp.objects.get(person=c)) == 1


def test_more_places_let_the_waiting_in(cast):
    event = new_event(cast.priya, capacity=1)
    a, b = people(2)
    answer(event, a, "yes")
    answer(event, b, "yes")
    edit(event, cast.priya, capacity=2)
    assert Rsvp.objects.get(person=b).has_place


def test_no_capacity_means_everyone_has_a_place():
    event = new_event()
    assert all(answer(event, guest, "yes").has_place for guest in people(5))


def test_a_cancelled_event_takes_no_answers():
    event = new_event()
    event_cancel(actor=None, event=event)
    with pytest.raises(EventError, match="cancelled"):
        answer(event, people(1)[0], "yes")


def test_only_the_audience_may_answer():
    program = open_program(name="Pilot", slug="pilot-x")
    event = new_event(programs=[program], everyone=False)
    inside, outside = people(2)
    enroll(program, inside)
    assert answer(event, inside, "yes").has_place
    with pytest.raises(EventError, match="not open to you"):
        answer(event, outside, "yes")


def test_an_unknown_answer_is_refused():
    event = new_event()
    with pytest.raises(EventError, match="yes, maybe or no"):
        answer(event, people(1)[0], "perhaps")


def test_an_answer_is_audited():
    event = new_event(capacity=1)
    a, b = people(2)
    answer(event, a, "yes")
    answer(event, b, "yes")
    last = AuditEvent.objects.filter(action="rsvp.answer").latest("pk")
    assert last.after == {"answer": "yes", "waiting": True}

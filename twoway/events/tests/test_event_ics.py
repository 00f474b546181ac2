"""The calendar file: parsed back, with its zone, sequence and status."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from twoway.events.services import event_cancel
from twoway.events.tests.helpers import edit

pytestmark = pytest.mark.django_db


def url(event):
    return reverse("events:ics", kwargs={"uuid": event.uuid})


def parse(response):
    calendar = Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    return calendar, entry


def test_the_invite_keeps_the_planned_zone_and_time(client, cast, socials):
    client.force_login(cast.juno)
    response = client.get(url(socials.everyone))
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="invite.ics"' in response["Content-Disposition"]
    calendar, entry = parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    start = entry.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (12, 0, "Europe/London")
    assert entry.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(entry["SUMMARY"]) == "Summer lunch"
    assert str(entry["UID"]) == f"event-{socials.everyone.uuid}@twoway"
    assert entry["SEQUENCE"] == 0


def test_a_change_raises_the_sequence_and_a_cancellation_cancels(client, cast, socials):
    edit(socials.everyone, cast.priya, place="The roof")
    client.force_login(cast.juno)
    _, entry = parse(client.get(url(socials.everyone)))
    assert entry["SEQUENCE"] == 1 and str(entry["LOCATION"]) == "The roof"
    event_cancel(actor=cast.priya, event=socials.everyone)
    calendar, entry = parse(client.get(url(socials.everyone)))
    assert calendar["METHOD"] == "CANCEL" and entry["STATUS"] == "CANCELLED"
    assert entry["SEQUENCE"] == 2


def test_someone_outside_the_audience_gets_404(client, cast, socials):
    client.force_login(cast.sol)
    assert client.get(url(socials.pilot)).status_code == 404

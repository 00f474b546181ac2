import datetime as dt

from django.urls import reverse
from django.utils import timezone

from twoway.demo.events_demo import LUNCH, PILOT, demo_events
from twoway.events.models import Event, TablePlan
from twoway.programs.models import Program
from twoway.testing.factories import person


def test_the_demo_lunch_has_a_waiting_list_and_a_table_plan(client, cast, published):
    Program.objects.filter(pk=published.program.pk).update(name=PILOT)
    for index in range(50):
        person(f"Colleague {index:02d}", employee_id=f"DEMO{index:02d}", level=2 + index % 7)
    today = timezone.localdate()
    assert demo_events(seed=3, today=today, manager=cast.priya, sponsor=cast.sol) == 2
    lunch = Event.objects.get(title=LUNCH)
    assert lunch.rsvps.count() == 45
    assert lunch.rsvps.filter(answer="yes", waiting_since__isnull=True).count() == 40
    assert lunch.rsvps.filter(waiting_since__isnull=False).exists()
    assert TablePlan.objects.get(event=lunch).tables == 5
    drinks = Event.objects.exclude(pk=lunch.pk).get()
    assert list(drinks.programs.all()) == [published.program]
    assert drinks.rsvps.exists()
    client.force_login(cast.juno)
    assert client.get(reverse("events:detail", kwargs={"uuid": lunch.uuid})).status_code == 200
    assert lunch.starts_at.date() == today + dt.timedelta(days=10)

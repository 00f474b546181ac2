"""The demo's socials: a seated lunch for everyone and drinks for the pilot.

The lunch is ten days away at the London head office, with 40 places and 45
answers, so that its waiting list is not empty; its table plan is proposed as
the manager would. The drinks are for the reverse-mentoring pilot's people,
with a few answers. The demo's junior mentor and senior mentee both said yes
to the lunch, so that signing in as either shows it on their home.
"""

from __future__ import annotations

import datetime as dt
import random

from twoway.core.models import User
from twoway.events.models import Event, Rsvp
from twoway.events.services import event_create, rsvp_answer, table_plan_propose
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program

PILOT = "Reverse mentoring pilot"
ZONE = "Europe/London"
LUNCH = "Lunch buffet across generations"
LUNCH_PLACES = 40
LUNCH_ANSWERS = 45
DEMO_GUESTS = ("maya.chen", "richard.hale")


def _demo_people() -> list[Person]:
    """The demo's two participant logins, in a fixed order, where they exist."""
    found = {p.email.split("@")[0]: p for p in Person.objects.filter(user__isnull=False)}
    return [found[key] for key in DEMO_GUESTS if key in found]


def _answer(event: Event, person: Person, answer: str, at: dt.datetime) -> None:
    rsvp_answer(actor=person.user, event=event, person=person, answer=answer, now=at)


def _lunch(rng: random.Random, today: dt.date, manager: User, morning: dt.datetime) -> Event:
    day = today + dt.timedelta(days=10)
    event = event_create(
        actor=manager,
        now=morning,
        title=LUNCH,
        description=(
            "A long lunch at mixed tables: every table brings together people from "
            "different departments, levels and generations. Come hungry and curious.\n\n"
            "Vegetarian and vegan dishes are labelled."
        ),
        starts_at_local=dt.datetime.combine(day, dt.time(12, 0)),
        time_zone=ZONE,
        duration_minutes=90,
        place="Head office, London · ground-floor atrium",
        capacity=LUNCH_PLACES,
        everyone=True,
        programs=[],
        seated=True,
        table_size=8,
    )
    guests = _demo_people()
    others = list(
        Person.objects.current()
        .exclude(pk__in=[p.pk for p in guests])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    picked = rng.sample(others, min(len(others), LUNCH_ANSWERS - len(guests)))
    people = guests + list(Person.objects.filter(pk__in=picked).select_related("user"))
    order = people[: len(guests)] + rng.sample(people[len(guests) :], len(people) - len(guests))
    for index, person in enumerate(order):
        answer = "yes" if index < LUNCH_ANSWERS - 3 else ("maybe", "no", "maybe")[index % 3]
        _answer(event, person, answer, morning + dt.timedelta(minutes=7 * index + 1))
    if event.rsvps.filter(answer=Rsvp.Answer.YES, waiting_since__isnull=True).count() >= 2:
        table_plan_propose(actor=manager, event=event, now=morning + dt.timedelta(hours=8))
    return event


def _drinks(rng: random.Random, today: dt.date, manager: User, morning: dt.datetime) -> int:
    pilot = Program.objects.filter(name=PILOT).first()
    if pilot is None:
        return 0
    day = today + dt.timedelta(days=6)
    event = event_create(
        actor=manager,
        now=morning,
        title="After-work drinks for the pilot",
        description="Mentors and mentees of the pilot, and anyone curious about the next round.",
        starts_at_local=dt.datetime.combine(day, dt.time(17, 30)),
        time_zone=ZONE,
        duration_minutes=120,
        place="The Crown, round the corner from the head office",
        capacity=None,
        everyone=False,
        programs=[pilot],
        seated=False,
        table_size=8,
    )
    enrolled = list(
        Person.objects.filter(
            enrollments__program=pilot, enrollments__status=Enrollment.Status.ENROLLED
        )
        .select_related("user")
        .order_by("pk")
    )
    demo = {p.pk for p in _demo_people()}
    answerers = [p for p in enrolled if p.pk not in demo]
    for index, person in enumerate(rng.sample(answerers, min(6, len(answerers)))):
        answer = ("yes", "yes", "maybe", "yes", "no", "yes")[index]
        _answer(event, person, answer, morning + dt.timedelta(minutes=11 * index + 3))
    richard = next((p for p in enrolled if p.email.startswith("richard.hale@")), None)
    if richard is not None:
        _answer(event, richard, "maybe", morning + dt.timedelta(hours=2))
    return 1


def demo_events(*, seed: int, today: dt.date, manager: User, sponsor: User | None) -> int:
    """Create the demo's events; returns how many."""
    rng = random.Random(seed * 7927 + 11)
    # Answers came in this morning (UTC): the times order the waiting list.
    morning = dt.datetime.combine(today, dt.time(7, 0), tzinfo=dt.UTC)
    _lunch(rng, today, manager, morning)
    return 1 + _drinks(rng, today, manager, morning)

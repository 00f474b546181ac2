"""The demo's circles program: "Innovation circles", running for ten weeks.

About two dozen people across levels are enrolled (as if each had filled in
the form, like the demo's other programs); the circles are formed, published
and planned through the circles' services, as their manager would. Sessions
that have taken place are logged by one of their members, with who came; the
rest stay planned. The demo's junior mentor and senior mentee are in it, so
that signing in as either shows a circle.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.db.models import Q

from twoway.circles.models import Circle, CircleMember, CircleSession
from twoway.circles.services import (
    circle_session_log,
    circle_sessions_plan,
    circles_form,
    circles_publish,
)
from twoway.core.models import User
from twoway.people.models import Person
from twoway.programs.eligibility import eligible_person_ids, program_criteria
from twoway.programs.models import Enrollment, Program
from twoway.programs.presets import preset_get
from twoway.programs.services import program_create_from_preset, program_transition

NAME = "Innovation circles"
SIZE = 24  # half juniors, half seniors
WEEKS_AGO = 10
ZONE = "Europe/London"
DEMO_MEMBERS = ("maya.chen", "richard.hale")
LOGS = {
    "Getting to know each other": (
        "Everyone said what they do on a normal Tuesday and one thing they would like to "
        "learn here. The seniors were surprised how much of the juniors' work happens on "
        "their phones."
    ),
    "Digital tools we use": (
        "{presenter} showed the three apps the team could not work without. We tried the "
        "shared board live; two of us set it up for our own teams this week."
    ),
    "Social media for business": (
        "{presenter} walked us through what makes a post travel, and why the company page "
        "gets few replies. Idea to take further: let the people who do the work post about it."
    ),
    "Current events and how customers see us": (
        "We read customer comments from the last month together. {presenter} pointed out "
        "what younger customers take for granted that we still explain at length."
    ),
    "New business opportunities": (
        "{presenter} brought two ideas from a weekend market; we sketched what a pilot "
        "would cost. One goes to the innovation board next month."
    ),
    "Tough work situations": (
        "An honest session: {presenter} told how a hard conversation went wrong, and we "
        "swapped what each generation finds difficult to say to a manager."
    ),
}
FALLBACK_LOG = "{presenter} led the session; we agreed one thing each to try before next time."


def _pick(rng: random.Random, ids: list[int], keep: list[int], count: int) -> list[int]:
    rest = [pid for pid in ids if pid not in keep]
    return keep + rng.sample(rest, min(len(rest), max(0, count - len(keep))))


def _people(program: Program, rng: random.Random) -> dict[str, list[int]]:
    """Juniors (mentors) and seniors (mentees) the program's rules admit, the demo
    logins among them, spread across departments."""
    demo = dict(
        Person.objects.filter(
            Q(email__startswith=f"{DEMO_MEMBERS[0]}@") | Q(email__startswith=f"{DEMO_MEMBERS[1]}@")
        ).values_list("pk", "level")
    )
    criteria = program_criteria(program)
    chosen: dict[str, list[int]] = {}
    for side in ("mentor", "mentee"):
        rule = criteria[side]
        admitted = sorted(eligible_person_ids(rule)) if rule is not None else []
        keep = [pid for pid in demo if pid in admitted]
        chosen[side] = _pick(rng, admitted, keep, SIZE // 2)
    return chosen


def demo_circles(*, seed: int, today: dt.date, manager: User, sponsor: User | None) -> int:
    """Create the circles program with its circles and sessions; returns how
    many circles it has (0 when the organisation has too few people)."""
    rng = random.Random(seed * 6007 + 11)
    preset = preset_get("innovation-circles")
    assert preset is not None, "the circles preset exists"
    program = program_create_from_preset(
        actor=manager,
        preset=preset,
        name=NAME,
        purpose=(
            "Small mixed circles of senior leaders and early-career colleagues meet every "
            "two weeks. Each time one of them presents, a junior and a senior in turn, and "
            "the circle talks about what it means for the business."
        ),
        sponsor=sponsor,
        starts_on=today - dt.timedelta(weeks=WEEKS_AGO),
        ends_on=today + dt.timedelta(weeks=8),
    )
    program_transition(actor=manager, program=program, to=Program.Status.ENROLLING)
    chosen = _people(program, rng)
    joined = dt.datetime.combine(
        today - dt.timedelta(weeks=WEEKS_AGO + 2), dt.time(9), tzinfo=dt.UTC
    )
    Enrollment.objects.bulk_create(
        Enrollment(
            program=program,
            person_id=pid,
            role=side,
            status=Enrollment.Status.ENROLLED,
            enrolled_at=joined,
            joined_on=joined.date(),
        )
        for side, ids in chosen.items()
        for pid in ids
    )
    if sum(len(ids) for ids in chosen.values()) < 6 or not all(chosen.values()):
        return 0
    program_transition(actor=manager, program=program, to=Program.Status.MATCHING)
    circles_form(actor=manager, program=program, seed=seed)
    circles_publish(actor=manager, program=program)

    zone = zoneinfo.ZoneInfo(ZONE)
    first_day = today - dt.timedelta(weeks=WEEKS_AGO)
    now = dt.datetime.now(dt.UTC)
    circles = list(Circle.objects.filter(program=program).order_by("number"))
    for index, circle in enumerate(circles):
        day = first_day + dt.timedelta(days=index)  # circles meet on different days
        first = dt.datetime.combine(day, dt.time(12, 30))
        circle_sessions_plan(
            actor=manager,
            circle=circle,
            first_starts_at=first,
            time_zone=ZONE,
            count=program.planned_sessions,
            place=f"Innovation corner, floor {index + 2}",
            video_url="",
            now=first.replace(tzinfo=zone) - dt.timedelta(hours=1),
        )
        members = list(
            CircleMember.objects.filter(circle=circle).values_list("person_id", flat=True)
        )
        for session in CircleSession.objects.filter(circle=circle, starts_at__lt=now).order_by(
            "starts_at"
        ):
            came = [pid for pid in members if rng.random() < 0.85] or members[:1]
            writer = session.presenter_id if session.presenter_id in came else came[0]
            presenter = session.presenter.first_name if session.presenter else "One of us"
            text = LOGS.get(session.topic, FALLBACK_LOG).format(presenter=presenter)
            circle_session_log(
                actor=None,
                session=session,
                log=text,
                attended_ids=came,
                person=Person.objects.get(pk=writer),
            )
    return len(circles)

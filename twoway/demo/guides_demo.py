"""The demo's session arc and launch page: the pilot follows an arc of its own,
and its launch page is published, with the sponsor's message and a few answers
to the call for topics."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from twoway.core.models import User
from twoway.guides.arc import DEFAULT_ARC, ArcStep
from twoway.guides.models import ProgramLaunch
from twoway.guides.services import arc_save, launch_publish, launch_save, topic_call_answer
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.skills.models import PersonSkill, Skill

PILOT = "Reverse mentoring pilot"
SPONSOR_MESSAGE = (
    "Most of what I know about running this business I learned from people more "
    "experienced than me. This pilot turns that around. Our customers, and the "
    "colleagues who will lead this company in twenty years, live with tools and "
    "habits many of us in senior roles only read about.\n\n"
    "So I am asking twelve of our senior leaders, me included, to be mentored by "
    "early-career colleagues for six months. If you are starting out in your career, "
    "you know things we need to learn; if you lead a team, come ready to listen.\n\n"
    "Even if you do not join, tell us below what you would be happy to teach a "
    "colleague. Every skill shared makes us a little faster at learning."
)
# The pilot's own sessions: the default arc, two of them made the organisation's own.
OWN_STEPS = {
    2: ArcStep(
        2,
        "Digital tools we use every day",
        "Work through one real task on the mentee's laptop in the tools our teams "
        "use: the shared drive, the team chat and the AI assistant the company "
        "rolled out this year. The mentor explains why people work that way, not "
        "only which button to press.",
        [
            "Which of our internal tools do you avoid, and why?",
            "What do you still print, and what would it take to stop?",
            "What would you ask the AI assistant if nobody saw the question?",
        ],
    ),
    5: ArcStep(
        5,
        "Ideas for our next customers",
        "The mentor brings one product, service or habit that people their age "
        "are adopting; the mentee explains how an idea gets funded here. Together, "
        "sketch a small experiment one of the mentee's teams could run this quarter.",
        [
            "What do you pay for every month that did not exist five years ago?",
            "Which customers do we not serve today, and who does?",
            "Who would have to say yes to try it, and what would convince them?",
        ],
    ),
}
ANSWERS = 3  # demo logins who answer the call for topics


def demo_guides(*, seed: int, today: dt.date, manager: User, sponsor: User | None) -> None:
    program = Program.objects.filter(name=PILOT).first()
    if program is None:
        return
    rng = random.Random(seed * 7727 + 5)
    steps = [OWN_STEPS.get(step.number, step) for step in DEFAULT_ARC]
    arc_save(actor=manager, program=program, steps=steps)

    author = sponsor if sponsor is not None and program.sponsor_id == sponsor.pk else manager
    launch_save(actor=author, program=program, sponsor_message=SPONSOR_MESSAGE)
    launch_publish(actor=author, program=program)
    # Published a few weeks before the program started.
    published = timezone.make_aware(
        dt.datetime.combine(program.starts_on or today, dt.time(9, 0)) - dt.timedelta(days=28)
    )
    ProgramLaunch.objects.filter(program=program).update(published_at=published)

    people = list(
        Person.objects.filter(user__isnull=False, user__is_active=True)
        .select_related("user")
        .order_by("name")
    )
    rng.shuffle(people)
    skills = list(Skill.objects.filter(is_active=True).order_by("name"))
    for person in people[:ANSWERS]:
        offered = list(
            PersonSkill.objects.filter(person=person, direction=PersonSkill.Direction.OFFER)
            .select_related("skill")
            .order_by("-level", "skill__name")[:2]
        )
        offers = [(row.skill, row.level) for row in offered if row.skill.is_active]
        if not offers and skills:
            offers = [(rng.choice(skills), rng.randint(3, 5))]
        if offers:
            topic_call_answer(actor=person.user, program=program, person=person, offers=offers)

"""The demo organisation's programs: one reverse program already matched and
running (its pairs in every state: ``relationships.py``), one ready to match,
a self-match circle whose people are choosing partners, and a past cohort
with its outcomes (``past_cohort.py``).

Programs, rules and status changes go through the programs and matching
services (so they are audited as in real use); enrollments are bulk-created
from people's skills profiles, as if each had filled in the form.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from twoway.core.models import Role, User
from twoway.demo.circles_demo import demo_circles
from twoway.demo.events_demo import demo_events
from twoway.demo.guides_demo import demo_guides
from twoway.demo.insights_demo import demo_insights
from twoway.demo.past_cohort import demo_past_cohort
from twoway.demo.relationships import demo_relationships
from twoway.demo.speakup_demo import demo_speakup
from twoway.matching.models import ReviewDecision
from twoway.matching.services.publish import match_run_publish
from twoway.matching.services.runs import match_run_create, match_run_execute
from twoway.people.models import Person
from twoway.programs.eligibility import Criteria, eligible_person_ids, program_criteria
from twoway.programs.models import (
    FORMAT_CHOICES,
    WINDOW_CHOICES,
    Enrollment,
    EnrollmentTopic,
    Program,
)
from twoway.programs.services import eligibility_rule_save, program_create, program_transition
from twoway.skills.models import PersonSkill

# Enough people on each side to make matching meaningful in a 600-person demo,
# but few enough that the seed stays quick.
PILOT_SIZE = (18, 18)  # mentors, mentees
UPCOMING_SIZE = (45, 36)
CIRCLE_SIZE = 12  # the self-match circle: mentors, mentees and both
MAX_TOPICS = 6
# A skills profile's lists and the enrollment topics they fill.
TOPIC_DIRECTIONS = (
    (PersonSkill.Direction.OFFER, EnrollmentTopic.Direction.TEACH),
    (PersonSkill.Direction.LEARN, EnrollmentTopic.Direction.LEARN),
)


def _pick(rng: random.Random, ids: list[int], k: int, keep: list[int]) -> list[int]:
    rest = [i for i in ids if i not in keep]
    return keep + rng.sample(rest, min(len(rest), max(0, k - len(keep))))


def _enroll(
    rng: random.Random,
    program: Program,
    people: dict[str, list[int]],
    *,
    at: dt.datetime,
) -> None:
    """Enroll people on each side with topics from their skills profile."""
    person_ids = [pid for ids in people.values() for pid in ids]
    skills: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for pid, skill, direction, level in PersonSkill.objects.filter(
        person_id__in=person_ids
    ).values_list("person_id", "skill_id", "direction", "level"):
        skills[pid].append((skill, direction, level))
    windows = [key for key, _ in WINDOW_CHOICES]
    formats = [key for key, _ in FORMAT_CHOICES]
    enrollments = []
    for side, ids in people.items():
        for pid in ids:
            enrollments.append(
                Enrollment(
                    program=program,
                    person_id=pid,
                    role=side,
                    status=Enrollment.Status.ENROLLED,
                    capacity=1,
                    availability=sorted(rng.sample(windows, rng.randint(2, 6))),
                    formats=sorted(rng.sample(formats, rng.randint(1, 3))),
                    goal="",
                    enrolled_at=at,
                    joined_on=at.date(),
                )
            )
    Enrollment.objects.bulk_create(enrollments)
    topics: list[EnrollmentTopic] = []
    for enrollment in enrollments:
        rows = sorted(skills[enrollment.person_id], key=lambda r: (-r[2], r[0]))
        for profile_direction, direction in TOPIC_DIRECTIONS:
            mine = [r for r in rows if r[1] == profile_direction][:MAX_TOPICS]
            topics.extend(
                EnrollmentTopic(
                    enrollment=enrollment, skill_id=skill, direction=direction, level=level
                )
                for skill, _direction, level in mine
            )
    EnrollmentTopic.objects.bulk_create(topics)


def _reverse_program(
    actor: User, sponsor: User | None, *, name: str, purpose: str, **fields: Any
) -> Program:
    program = program_create(
        actor=actor,
        name=name,
        kind=Program.Kind.REVERSE,
        purpose=purpose,
        sponsor=sponsor,
        valued_lines=["location", "generation"],
        must_differ=["department"],
        min_level_gap=3,
        code_of_conduct=(
            "What we talk about stays between us. We listen before we judge, we keep "
            "the time we agreed, and either of us can end the pairing without blame."
        ),
        **fields,
    )
    eligibility_rule_save(
        actor=actor, program=program, side="mentor", criteria=Criteria(min_level=1, max_level=4)
    )
    eligibility_rule_save(
        actor=actor, program=program, side="mentee", criteria=Criteria(min_level=7, max_level=10)
    )
    return program


def _eligible(program: Program, side: str) -> list[int]:
    criteria = program_criteria(program)[side]
    return sorted(eligible_person_ids(criteria)) if criteria is not None else []


def demo_programs(*, seed: int, today: dt.date, at: dt.datetime) -> dict[str, int]:
    """Create the demo programs; returns how many pairs were published."""
    rng = random.Random(seed * 7919 + 4)
    manager = User.objects.filter(role_grants__role=Role.PROGRAM_MANAGER).order_by("pk").first()
    sponsor = User.objects.filter(role_grants__role=Role.SPONSOR).order_by("pk").first()
    if manager is None:
        return {"programs": 0, "pairs": 0}
    demo_people = {
        p.email.split("@")[0]: p.pk
        for p in Person.objects.filter(user__isnull=False, user__role_grants__isnull=True)
    }
    maya, richard = demo_people.get("maya.chen"), demo_people.get("richard.hale")

    # 1. A pilot that was matched and published a few weeks ago.
    pilot = _reverse_program(
        manager,
        sponsor,
        name="Reverse mentoring pilot",
        purpose=(
            "Senior leaders learn how younger colleagues and customers use digital "
            "tools and media; early-career colleagues learn how the business is run."
        ),
        starts_on=today - dt.timedelta(days=21),
        ends_on=today + dt.timedelta(days=140),
        senior_preview=False,
        junior_opt_out=False,
    )
    program_transition(actor=manager, program=pilot, to=Program.Status.ENROLLING)
    mentors, mentees = _eligible(pilot, "mentor"), _eligible(pilot, "mentee")
    chosen_mentors = _pick(rng, mentors, PILOT_SIZE[0], [p for p in [maya] if p in mentors])
    chosen_mentees = _pick(rng, mentees, PILOT_SIZE[1], [p for p in [richard] if p in mentees])
    _enroll(rng, pilot, {"mentor": chosen_mentors, "mentee": chosen_mentees}, at=at)
    program_transition(actor=manager, program=pilot, to=Program.Status.MATCHING)
    if maya in chosen_mentors and richard in chosen_mentees:
        ReviewDecision.objects.create(
            program=pilot, mentor_id=maya, mentee_id=richard, kind="lock", by=manager
        )
    run = match_run_create(actor=manager, program=pilot, inline=True)
    run = match_run_execute(actor=manager, run=run)
    if run.error:
        raise RuntimeError(f"The demo pilot's matching run failed: {run.error}")
    published = match_run_publish(actor=manager, run=run)
    demo_relationships(program=pilot, seed=seed)
    # Its own session arc and launch page, and what its pairs told the organisation.
    demo_guides(seed=seed, today=today, manager=manager, sponsor=sponsor)
    demo_insights(seed=seed, today=today, manager=manager, sponsor=sponsor)

    # 2. A larger program, enrolled and waiting for its matching run.
    upcoming = _reverse_program(
        manager,
        sponsor,
        name="Digital leadership 2027",
        purpose=(
            "Directors and vice presidents meet an early-career mentor every three "
            "weeks to learn AI tools, social media and how customers see us."
        ),
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30 + 7 * 18),
        senior_preview=True,
        junior_opt_out=True,
    )
    program_transition(actor=manager, program=upcoming, to=Program.Status.ENROLLING)
    taken = set(chosen_mentors) | set(chosen_mentees)
    mentors = [p for p in _eligible(upcoming, "mentor") if p not in taken]
    mentees = [p for p in _eligible(upcoming, "mentee") if p not in taken]
    _enroll(
        rng,
        upcoming,
        {
            "mentor": _pick(rng, mentors, UPCOMING_SIZE[0], []),
            "mentee": _pick(rng, mentees, UPCOMING_SIZE[1], []),
        },
        at=at,
    )
    program_transition(actor=manager, program=upcoming, to=Program.Status.MATCHING)

    # 3. A mutual program where people choose their own partners, now choosing.
    program = program_create(
        actor=manager,
        name="AI tools circle",
        kind=Program.Kind.MUTUAL,
        purpose="Colleagues at every level teach each other what they know about AI tools.",
        sponsor=sponsor,
        matching_style=Program.MatchingStyle.SELF,
        valued_lines=["department", "generation"],
        starts_on=today + dt.timedelta(days=14),
    )
    for side in ("mentor", "mentee"):
        eligibility_rule_save(actor=manager, program=program, side=side, criteria=Criteria())
    program_transition(actor=manager, program=program, to=Program.Status.ENROLLING)
    # A dozen people already in, the demo's mentor and mentee among them, so that
    # a participant who logs in sees ranked suggestions on each side.
    circle = [p for p in (maya, richard) if p is not None]
    others = [p for p in _eligible(program, "mentor") if p not in taken and p not in circle]
    picked = _pick(rng, others, CIRCLE_SIZE - len(circle), [])
    _enroll(
        rng,
        program,
        {
            Enrollment.Role.BOTH: circle + picked[:4],
            Enrollment.Role.MENTOR: picked[4:8],
            Enrollment.Role.MENTEE: picked[8:],
        },
        at=at,
    )
    program_transition(actor=manager, program=program, to=Program.Status.MATCHING)

    # 4. A pilot that ran before Twoway, loaded as a past cohort: the outcomes.
    demo_past_cohort(seed=seed, today=today, manager=manager, sponsor=sponsor)

    # 5. Beyond the pair: circles that meet every two weeks, socials, and the
    # confidential channel with its safeguarding contact.
    demo_circles(seed=seed, today=today, manager=manager, sponsor=sponsor)
    demo_events(seed=seed, today=today, manager=manager, sponsor=sponsor)
    demo_speakup(seed=seed, today=today)
    return {"programs": Program.objects.count(), "pairs": published}

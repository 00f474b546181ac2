"""A small organisation in which every edit form of Twoway has something saved to show.

Built through the services, as people would build it, with values that are easy
to lose in a round trip: dates, several lines of text, ticked and unticked boxes,
empty optional numbers, choices in several selects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from twoway.circles.models import Circle
from twoway.circles.services import circles_form, circles_publish
from twoway.circles.tests.helpers import circles_program, enroll_many
from twoway.circles.tests.helpers import plan as circle_plan
from twoway.events.services import rsvp_answer
from twoway.events.tests.helpers import new_event
from twoway.matching.services.publish import match_run_publish
from twoway.meetings.models import Meeting
from twoway.meetings.tests.helpers import held, log, plan, sign_both
from twoway.notifications.models import Kind
from twoway.notifications.services import email_preferences_set
from twoway.pairs.models import Pair
from twoway.people.models import OrgUnit, SelfDescription
from twoway.people.services import person_self_description_set
from twoway.programs.eligibility import Criteria
from twoway.programs.models import Program, Side
from twoway.programs.services import eligibility_rule_save, program_update
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.services import person_skill_add, self_assessment_submit, skill_update
from twoway.surveys.models import SurveyQuestion
from twoway.surveys.services import survey_question_add
from twoway.testing.cast import Cast, Pilot, build_pilot
from twoway.testing.factories import SkillFactory, enroll, matching_program, run_now

LINES = "First line of what we agreed.\nSecond line, after a break.\n\nA paragraph after a gap."


@dataclass
class World:
    cast: Cast
    pilot: Pilot
    pair: Pair
    upcoming: Meeting
    logged: Meeting
    enrolling: Program
    skill: Skill


def world_build(cast: Cast) -> World:
    pilot = build_pilot(cast)
    program_update(
        actor=cast.priya,
        program=pilot.program,
        starts_on=dt.date(2027, 5, 1),
        ends_on=dt.date(2027, 11, 30),
        purpose=LINES,
        sponsor=cast.sol,
        max_time_zone_hours=None,
        must_differ=["department"],
        valued_lines=["location"],
        senior_preview=False,
        junior_opt_out=False,
        agreement_template={"confidentiality": LINES},
    )
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(mentor=pilot.juno)
    sign_both(pair, mentor_goals=LINES, mentee_goals="Read a budget.\nChair a review.")
    upcoming = plan(
        pair,
        pilot.sterling,
        days=9,
        place="Meeting room 4",
        video_url="https://meet.example.org/juno",
    )[0]
    logged = held(pair, pilot.sterling)
    log(logged, pilot.juno, shared_notes=LINES, private_notes="Mine alone.\nTwo lines.")

    juno = cast.juno.person
    for kind, value in (
        (SelfDescription.Kind.GENERATION, SelfDescription.Generation.GEN_Z),
        (SelfDescription.Kind.GENDER, "Non-binary"),
        (SelfDescription.Kind.BACKGROUND, "first in family to university, neurodivergent"),
    ):
        person_self_description_set(
            actor=cast.juno, person=juno, kind=kind, value=value, consent=True
        )
    for skill, direction, level in (
        (pilot.video, PersonSkill.Direction.OFFER, 4),
        (pilot.negotiation, PersonSkill.Direction.LEARN, 1),
    ):
        person_skill_add(
            actor=cast.juno,
            person=juno,
            skill=skill,
            direction=direction,
            level=level,
            note="Since 2022.\nWeekly.",
        )
    email_preferences_set(
        actor=cast.juno,
        user=cast.juno,
        enabled=[kind for kind in Kind.values if kind != Kind.MEETING_SOON],
    )

    skill = SkillFactory(name="Inclusive language")
    skill = skill_update(
        actor=cast.ada,
        skill=skill,
        name="Inclusive language",
        category=Skill.Category.INCLUSION,
        description=LINES,
        synonyms="inclusive writing, plain words",
        is_key=True,
        is_active=True,
    )
    Skill.objects.filter(pk=pilot.video.pk).update(is_key=True)

    self_assessment_submit(
        actor=cast.juno,
        person=juno,
        ratings={
            key.pk: 1 + index % 5
            for index, key in enumerate(Skill.objects.filter(is_key=True, is_active=True))
        },
    )

    enrolling = matching_program(
        status=Program.Status.ENROLLING, name="Open doors", slug="open-doors"
    )
    finance = OrgUnit.objects.get(path="Finance")
    marketing = OrgUnit.objects.get(path="Marketing")
    eligibility_rule_save(
        actor=cast.priya,
        program=enrolling,
        side=Side.MENTOR,
        criteria=Criteria(
            max_level=4,
            min_tenure_months=1,
            departments_included=(marketing,),
            generations=(SelfDescription.Generation.GEN_Z, SelfDescription.Generation.MILLENNIAL),
        ),
    )
    eligibility_rule_save(
        actor=cast.priya,
        program=enrolling,
        side=Side.MENTEE,
        criteria=Criteria(min_level=6, departments_excluded=(finance,), backgrounds=("carer",)),
    )
    enroll(
        enrolling,
        juno,
        "mentor",
        teach=[(pilot.video, 4)],
        learn=[(pilot.negotiation, 2)],
        goal=LINES,
        availability=["mon_am", "wed_pm"],
        formats=["in_person"],
    )
    survey_question_add(
        actor=cast.priya,
        program=pilot.program,
        text="How often did you meet outside the planned meetings?",
        kind=SurveyQuestion.Kind.SCALE,
        surveys=SurveyQuestion.Surveys.CLOSING,
        low="Never",
        high="Every week",
    )
    _circles(cast)
    _events(cast, pilot)
    return World(cast, pilot, pair, upcoming, logged, enrolling, skill)


def _circles(cast: Cast) -> None:
    """A circles program with its circles formed, published and one session planned."""
    program = circles_program(name="Innovation circles", slug="innovation-circles")
    enroll_many(program, 8, prefix="Circler")
    circles_form(actor=cast.priya, program=program)
    circles_publish(actor=cast.priya, program=program)
    circle = Circle.objects.filter(program=program).order_by("number").first()
    assert circle is not None, "the circles program has a circle"
    circle_plan(cast, circle)


def _events(cast: Cast, pilot: Pilot) -> None:
    """A seated event for the pilot's people, with no limit on places, and Juno's yes."""
    event = new_event(
        cast.priya,
        title="Pilot lunch",
        description=LINES,
        programs=[pilot.program],
        seated=True,
        table_size=7,
    )
    rsvp_answer(actor=cast.juno, event=event, person=pilot.juno, answer="yes")

"""Building blocks for matching tests: programs ready to match, people, enrollments.

The ``pilot`` scenario (see ``conftest.py``) is a reverse program in which
juniors mentor seniors:

===========  ==========================  =====  =======================================
name         where                       level  enrolled as
===========  ==========================  =====  =======================================
juno         Marketing/Digital (cast)    2      mentor: teaches video 4, learns negotiation 1
maya         Marketing/Brand             2      mentor: teaches AI tools 4
sterling     Finance (cast)              8      mentee: wants video 1, teaches negotiation 5
richard      Executive                   9      mentee: wants AI tools 1
===========  ==========================  =====  =======================================
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from twoway.matching.models import MatchRun
from twoway.matching.services.runs import match_run_create, match_run_execute
from twoway.people.models import OrgUnit, Person
from twoway.programs.models import Enrollment, EnrollmentTopic, Program, Side
from twoway.programs.tests.factories import ProgramFactory, RuleFactory
from twoway.skills.models import Skill
from twoway.testing import Cast, OrgUnitFactory, PersonFactory, SkillFactory, UserFactory


def matching_program(status: str = Program.Status.MATCHING, **fields: Any) -> Program:
    """A program anyone may join (empty rules), in ``status``."""
    fields.setdefault("reporting_line_depth", 2)
    program = ProgramFactory(status=status, **fields)
    RuleFactory(program=program, side=Side.MENTOR)
    RuleFactory(program=program, side=Side.MENTEE)
    return program


def unit(path: str) -> OrgUnit:
    parent = None
    for depth, name in enumerate(path.split("/")):
        parent = OrgUnitFactory(
            name=name, parent=parent, path="/".join(path.split("/")[: depth + 1])
        )
    return parent


def person(name: str, *, login: bool = False, **fields: Any) -> Person:
    """A person; ``login`` gives them a user whose e-mail is ``<first name>@example.org``."""
    first = name.split()[0].lower()
    if isinstance(fields.get("department"), str):
        fields["department"] = unit(fields["department"])
    if login:
        fields["user"] = UserFactory(email=f"{first}@example.org", first_name=name.split()[0])
        fields.setdefault("email", fields["user"].email)
    return PersonFactory(name=name, **fields)


def enroll(
    program: Program,
    who: Person,
    role: str = Enrollment.Role.MENTOR,
    *,
    teach: Iterable[tuple[Skill, int]] = (),
    learn: Iterable[tuple[Skill, int]] = (),
    status: str = Enrollment.Status.ENROLLED,
    **fields: Any,
) -> Enrollment:
    enrollment = Enrollment.objects.create(
        program=program, person=who, role=role, status=status, **fields
    )
    for direction, topics in ((EnrollmentTopic.Direction.TEACH, teach), ("learn", learn)):
        for skill, level in topics:
            EnrollmentTopic.objects.create(
                enrollment=enrollment, skill=skill, direction=direction, level=level
            )
    return enrollment


def run_now(program: Program, actor: Any = None, **kwargs: Any) -> MatchRun:
    """Create and execute a run in this thread (as the command line does)."""
    run = match_run_create(actor=actor, program=program, inline=True, **kwargs)
    return match_run_execute(actor=actor, run=run)


@dataclass
class Pilot:
    program: Program
    cast: Cast
    juno: Person
    maya: Person
    sterling: Person
    richard: Person
    video: Skill
    negotiation: Skill
    ai: Skill

    @property
    def people(self) -> dict[str, Person]:
        return {n: getattr(self, n) for n in ("juno", "maya", "sterling", "richard")}


def build_pilot(cast: Cast, **program_fields: Any) -> Pilot:
    video = SkillFactory(name="Short-form video for business")
    negotiation = SkillFactory(name="Negotiation")
    ai = SkillFactory(name="AI tools")
    program_fields.setdefault("name", "Reverse pilot")
    program_fields.setdefault("slug", "reverse-pilot")
    program = matching_program(**program_fields)
    juno = cast.juno.person
    sterling = cast.sterling.person
    maya = person("Maya Chen", login=True, level=2, department="Marketing/Brand", location="Leeds")
    richard = person("Richard Hale", login=True, level=9, department="Executive")
    enroll(program, juno, "mentor", teach=[(video, 4)], learn=[(negotiation, 1)])
    enroll(program, maya, "mentor", teach=[(ai, 4)])
    enroll(program, sterling, "mentee", learn=[(video, 1)], teach=[(negotiation, 5)])
    enroll(program, richard, "mentee", learn=[(ai, 1)])
    return Pilot(program, cast, juno, maya, sterling, richard, video, negotiation, ai)

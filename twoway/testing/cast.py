"""The test cast: one small organisation that every test can reason about by name.

The core six are there for any test that asks for the ``cast`` fixture. The pilot, a
reverse program in matching, brings Maya and Richard and enrolls four of the cast
(fixture ``pilot``; ``published`` publishes its pairs: Juno mentors Sterling, Maya
mentors Richard). Morgan manages another program only (fixture ``morgan``).

========  ================================================  ==============================  =======
name      who                                               roles                           fixture
========  ================================================  ==============================  =======
ada       Ada Okafor, Platform Engineer, Technology         administrator                   cast
priya     Priya Raman, L&D Partner, People                  program manager (every          cast
                                                            program)
sol       Sol Bernstein, Chief Operating Officer,           sponsor                         cast
          Executive
sterling  Sterling Hayes, Finance Director, Finance,        participant (senior); in the    cast
          level 8, reports to Sol                           pilot a mentee who wants short-
                                                            form video (1) and teaches
                                                            negotiation (5)
juno      Juno Park, Marketing Assistant,                   participant (junior); in the    cast
          Marketing/Digital, level 2                        pilot a mentor who teaches
                                                            video (4) and learns
                                                            negotiation (1)
otto      Otto Quist: a login with no person                (none)                          cast
maya      Maya Chen, Brand Assistant, Marketing/Brand,      pilot mentor: teaches AI tools  pilot
          level 2, in Leeds                                 (4)
richard   Richard Hale, Chief Strategy Officer,             pilot mentee: wants AI tools    pilot
          Executive, level 9                                (1)
morgan    Morgan: a login with no person                    program manager of "Other"      morgan
                                                            only
========  ================================================  ==============================  =======

Maya and Richard have logins (``maya@example.org``, ``richard@example.org``); in the
``Pilot`` they are, like Juno and Sterling there, ``Person`` rows (``pilot.maya.user``
is Maya's login). Everyone's password is ``factories.CAST_PASSWORD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from twoway.core.models import Role, User
from twoway.people.models import LevelLabel, OrgUnit, Person
from twoway.programs.models import Enrollment, Program
from twoway.skills.models import Skill
from twoway.testing.factories import (
    OrgUnitFactory,
    PersonFactory,
    SkillFactory,
    UserFactory,
    enroll,
    grant,
    matching_program,
    person,
)


@dataclass
class Cast:
    ada: User
    priya: User
    sol: User
    sterling: User
    juno: User
    otto: User

    @property
    def people(self) -> dict[str, Person]:
        return {
            name: getattr(self, name).person for name in ("ada", "priya", "sol", "sterling", "juno")
        }


def make_cast() -> Cast:
    for level, label in [
        (2, "Associate"),
        (3, "Senior associate"),
        (5, "Manager"),
        (8, "Director"),
        (9, "Executive"),
    ]:
        LevelLabel.objects.get_or_create(level=level, defaults={"label": label})
    root = {
        n: OrgUnitFactory(name=n, path=n)
        for n in ("Technology", "People", "Executive", "Finance", "Marketing")
    }
    digital = OrgUnitFactory(name="Digital", parent=root["Marketing"], path="Marketing/Digital")

    def member(
        key: str,
        name: str,
        title: str,
        level: int,
        unit: OrgUnit,
        hired: dt.date,
        manager: Person | None = None,
        role: str | None = None,
    ) -> User:
        user = UserFactory(email=f"{key}@example.org", first_name=name.split()[0])
        PersonFactory(
            employee_id=key.upper(),
            name=name,
            email=user.email,
            job_title=title,
            level=level,
            department=unit,
            hire_date=hired,
            manager=manager,
            user=user,
        )
        if role:
            grant(user, role)
        return user

    sol = member(
        "sol",
        "Sol Bernstein",
        "Chief Operating Officer",
        9,
        root["Executive"],
        dt.date(2004, 3, 1),
        role=Role.SPONSOR,
    )
    ada = member(
        "ada",
        "Ada Okafor",
        "Platform Engineer",
        5,
        root["Technology"],
        dt.date(2016, 9, 12),
        role=Role.ADMINISTRATOR,
    )
    priya = member(
        "priya",
        "Priya Raman",
        "Learning & Development Partner",
        5,
        root["People"],
        dt.date(2018, 4, 3),
        role=Role.PROGRAM_MANAGER,
    )
    sterling = member(
        "sterling",
        "Sterling Hayes",
        "Finance Director",
        8,
        root["Finance"],
        dt.date(1998, 6, 15),
        manager=sol.person,
    )
    juno = member("juno", "Juno Park", "Marketing Assistant", 2, digital, dt.date(2024, 9, 2))
    otto = UserFactory(email="otto@example.org", first_name="Otto")
    return Cast(ada=ada, priya=priya, sol=sol, sterling=sterling, juno=juno, otto=otto)


@dataclass
class Pilot:
    """The pilot program and the four people enrolled in it, as ``Person`` rows."""

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
    """The "Reverse pilot" program, in matching, with Maya and Richard joining the cast."""
    video = SkillFactory(name="Short-form video for business")
    negotiation = SkillFactory(name="Negotiation")
    ai = SkillFactory(name="AI tools")
    program_fields.setdefault("name", "Reverse pilot")
    program_fields.setdefault("slug", "reverse-pilot")
    program = matching_program(**program_fields)
    juno = cast.juno.person
    sterling = cast.sterling.person
    maya = person(
        "Maya Chen",
        login=True,
        employee_id="MAYA",
        job_title="Brand Assistant",
        level=2,
        department="Marketing/Brand",
        location="Leeds",
    )
    richard = person(
        "Richard Hale",
        login=True,
        employee_id="RICHARD",
        job_title="Chief Strategy Officer",
        level=9,
        department="Executive",
    )
    mentor, mentee = Enrollment.Role.MENTOR, Enrollment.Role.MENTEE
    enroll(program, juno, mentor, teach=[(video, 4)], learn=[(negotiation, 1)])
    enroll(program, maya, mentor, teach=[(ai, 4)])
    enroll(program, sterling, mentee, learn=[(video, 1)], teach=[(negotiation, 5)])
    enroll(program, richard, mentee, learn=[(ai, 1)])
    return Pilot(program, cast, juno, maya, sterling, richard, video, negotiation, ai)


def make_morgan(program: Program | None = None) -> User:
    """Morgan, program manager of ``program`` only (by default a program named "Other")."""
    user = UserFactory(email="morgan@example.org", first_name="Morgan")
    if program is None:
        program = matching_program(name="Other", slug="other")
    grant(user, Role.PROGRAM_MANAGER, program=program)
    return user

"""Factories: rows with ordinary defaults, and the builders that make several at once.

A factory call returns the model it makes (``SkillFactory(name="Python")`` is a
``Skill``); give only the fields a test is about. The builders below the factories
make what a test would otherwise spell out in five lines: a program anyone may join,
a person with a login, an enrollment with its topics, a matching run done now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth.hashers import make_password
from django.db import models

from twoway.core.actors import Actor
from twoway.core.models import Role, RoleGrant, User
from twoway.matching.models import MatchRun
from twoway.matching.services.runs import match_run_create, match_run_execute
from twoway.people.models import OrgUnit, Person
from twoway.programs.models import EligibilityRule, Enrollment, EnrollmentTopic, Program, Side
from twoway.skills.models import PersonSkill, Skill

# Every user a factory makes logs in with this password, the cast's too.
CAST_PASSWORD = "correct-horse-battery-staple"

M = TypeVar("M", bound=models.Model)


@cache
def _cast_hash() -> str:
    # Hashing with Argon2 on every factory call would slow the suite; hash once.
    return make_password(CAST_PASSWORD)


class ModelFactory(factory.django.DjangoModelFactory[M]):
    """The base of our factories: calling one returns an ``M``, as mypy sees it."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # factory_boy returns the model from __new__ but leaves it unannotated, so
        # mypy would take ``SkillFactory()`` for a SkillFactory. mypy also refuses a
        # __new__ that returns another class than its own, hence the ignore.
        def __new__(cls, **kwargs: Any) -> M: ...  # type: ignore[misc]


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.LazyFunction(_cast_hash)


class OrgUnitFactory(ModelFactory[OrgUnit]):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("path",)

    name = factory.Sequence(lambda n: f"Unit {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.name}" if o.parent else o.name)


class PersonFactory(ModelFactory[Person]):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda o: f"{o.employee_id.lower()}@example.org")
    job_title = "Analyst"
    level = 3
    department = factory.SubFactory(OrgUnitFactory, name="Operations", path="Operations")
    location = "London"
    time_zone = "Europe/London"
    hire_date = dt.date(2020, 1, 6)


class SkillFactory(ModelFactory[Skill]):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = Skill.Category.TECHNOLOGY


class PersonSkillFactory(ModelFactory[PersonSkill]):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)
    direction = PersonSkill.Direction.OFFER
    level = 4


class ProgramFactory(ModelFactory[Program]):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    kind = Program.Kind.REVERSE
    purpose = (
        "Juniors show seniors the tools they use every day; seniors share how decisions are made."
    )
    valued_lines = factory.LazyFunction(lambda: ["department", "location"])


class RuleFactory(ModelFactory[EligibilityRule]):
    class Meta:
        model = EligibilityRule

    program = factory.SubFactory(ProgramFactory)
    side = Side.MENTOR


class EnrollmentFactory(ModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory(PersonFactory)
    role = Enrollment.Role.MENTOR
    status = Enrollment.Status.ENROLLED


class EnrollmentTopicFactory(ModelFactory[EnrollmentTopic]):
    class Meta:
        model = EnrollmentTopic

    enrollment = factory.SubFactory(EnrollmentFactory)
    skill = factory.SubFactory(SkillFactory)
    direction = EnrollmentTopic.Direction.TEACH
    level = 4


def grant(user: User, role: str, program: Program | None = None) -> None:
    """Give ``user`` a role, organisation-wide or (managers) for one ``program``."""
    RoleGrant.objects.get_or_create(user=user, role=role, program=program)
    if role == Role.ADMINISTRATOR:
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)


def open_program(status: str = Program.Status.ENROLLING, **fields: Any) -> Program:
    """A program with an empty rule on each side (everyone eligible), in ``status``."""
    program = ProgramFactory(status=status, **fields)
    RuleFactory(program=program, side=Side.MENTOR)
    RuleFactory(program=program, side=Side.MENTEE)
    return program


def matching_program(status: str = Program.Status.MATCHING, **fields: Any) -> Program:
    """A program anyone may join (empty rules), in ``status``, with reporting lines
    kept apart two levels up."""
    fields.setdefault("reporting_line_depth", 2)
    return open_program(status, **fields)


def unit(path: str) -> OrgUnit:
    """The unit at ``path`` ("Marketing/Brand"), made with its parents if need be."""
    names = path.split("/")
    made: OrgUnit | None = None
    for depth, name in enumerate(names):
        made = OrgUnitFactory(name=name, parent=made, path="/".join(names[: depth + 1]))
    assert made is not None, "a unit's path names at least one unit"
    return made


def person(name: str, *, login: bool = False, **fields: Any) -> Person:
    """A person; ``login`` gives them a user whose e-mail is ``<first name>@example.org``.
    A ``department`` may be given as a path."""
    first = name.split()[0]
    if isinstance(fields.get("department"), str):
        fields["department"] = unit(fields["department"])
    if login:
        fields["user"] = UserFactory(email=f"{first.lower()}@example.org", first_name=first)
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
    """``who`` enrolled in ``program`` as ``role``, teaching and learning (skill, level)s."""
    enrollment = Enrollment.objects.create(
        program=program, person=who, role=role, status=status, **fields
    )
    for direction, topics in (
        (EnrollmentTopic.Direction.TEACH, teach),
        (EnrollmentTopic.Direction.LEARN, learn),
    ):
        for skill, level in topics:
            EnrollmentTopic.objects.create(
                enrollment=enrollment, skill=skill, direction=direction, level=level
            )
    return enrollment


def run_now(program: Program, actor: Actor = None, **kwargs: Any) -> MatchRun:
    """Create and execute a run in this thread (as the command line does)."""
    run = match_run_create(actor=actor, program=program, inline=True, **kwargs)
    return match_run_execute(actor=actor, run=run)

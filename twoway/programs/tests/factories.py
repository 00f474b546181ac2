"""Factories and helpers for the programs tests."""

from __future__ import annotations

import factory

from twoway.programs.models import EligibilityRule, Enrollment, EnrollmentTopic, Program, Side


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    kind = Program.Kind.REVERSE
    purpose = (
        "Juniors show seniors the tools they use every day; seniors share how decisions are made."
    )
    valued_lines = factory.LazyFunction(lambda: ["department", "location"])


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    program = factory.SubFactory(ProgramFactory)
    side = Side.MENTOR


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    person = factory.SubFactory("twoway.testing.PersonFactory")
    role = Enrollment.Role.MENTOR
    status = Enrollment.Status.ENROLLED


class EnrollmentTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentTopic

    enrollment = factory.SubFactory(EnrollmentFactory)
    skill = factory.SubFactory("twoway.testing.SkillFactory")
    direction = EnrollmentTopic.Direction.TEACH
    level = 4


def open_program(status: str = Program.Status.ENROLLING, **fields) -> Program:
    """A program with an empty rule on each side (everyone eligible), in ``status``."""
    program = ProgramFactory(status=status, **fields)
    RuleFactory(program=program, side=Side.MENTOR)
    RuleFactory(program=program, side=Side.MENTEE)
    return program

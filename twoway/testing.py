"""The test cast and factories, shared by every app's tests.

The cast is a small organisation that every test can reason about by name:

=========  ====================================================  ===================
name       who                                                   roles
=========  ====================================================  ===================
ada        Ada Okafor, IT, runs the platform                     administrator
priya      Priya Raman, L&D partner, runs programs               program manager
sol        Sol Bernstein, Chief Operating Officer                sponsor
sterling   Sterling Hayes, Finance Director (reports to Sol)     participant (senior)
juno       Juno Park, Marketing Assistant                        participant (junior)
otto       Otto Quist: a login with no person and no role        (none)
=========  ====================================================  ===================

Everyone's password is ``CAST_PASSWORD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from django.contrib.auth.hashers import make_password

from twoway.core.models import Role, RoleGrant, User
from twoway.people.models import LevelLabel, OrgUnit, Person
from twoway.skills.models import PersonSkill, Skill

CAST_PASSWORD = "correct-horse-battery-staple"
# Hashing with Argon2 on every factory call would slow the suite; hash once.
_HASHED = None


def _cast_hash() -> str:
    global _HASHED
    if _HASHED is None:
        _HASHED = make_password(CAST_PASSWORD)
    return _HASHED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.LazyFunction(_cast_hash)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("path",)

    name = factory.Sequence(lambda n: f"Unit {n}")
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path}/{o.name}" if o.parent else o.name)


class PersonFactory(factory.django.DjangoModelFactory):
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


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = Skill.Category.TECHNOLOGY


class PersonSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)
    direction = PersonSkill.Direction.OFFER
    level = 4


def grant(user: User, role: str, program: object = None) -> None:
    """Give ``user`` a role, organisation-wide or (managers) for one ``program``."""
    RoleGrant.objects.get_or_create(user=user, role=role, program=program)
    if role == Role.ADMINISTRATOR:
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)


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

"""The shapes the API reads and writes (its OpenAPI components).

Each resource has an ``…Out`` schema and a ``…Page`` of them; a page carries
``next``, the link to the next page, or null on the last. Builders turn a model
row into its schema here, so that every router shows a thing the same way.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator

from twoway.api.models import ApiToken
from twoway.core.typed_text import typed_text_clean
from twoway.events.models import Event
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.skills.models import Skill

# --- errors -------------------------------------------------------------------


class ProblemFieldOut(Schema):
    field: str = Field(description="The field's dotted path; empty for the whole request.")
    location: str = Field(description="Where it was sent: body, query, path, or empty.")
    message: str


class ProblemOut(Schema):
    """An error, as ``application/problem+json`` (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemFieldOut] | None = None


# Every endpoint may answer these.
ERRORS: dict[frozenset[int], type[ProblemOut]] = {frozenset({401, 403, 422, 429}): ProblemOut}
# And an endpoint about one thing: it may not exist, or not for you.
ERRORS_ONE: dict[frozenset[int], type[ProblemOut]] = {
    frozenset({401, 403, 404, 422, 429}): ProblemOut
}
# And a change: it may be refused for a stale If-Match.
ERRORS_CHANGE: dict[frozenset[int], type[ProblemOut]] = {
    frozenset({401, 403, 404, 412, 422, 429}): ProblemOut
}


# --- people -------------------------------------------------------------------


class PersonHrOut(Schema):
    """The HR system's fields: for directory managers, and a person's own record."""

    email: str
    employee_id: str
    level: int | None
    location: str
    time_zone: str
    manager: UUID | None = Field(description="The manager's person uuid.")
    hire_date: dt.date | None
    leave_date: dt.date | None


class PersonOut(Schema):
    uuid: UUID
    name: str
    job_title: str
    department: str | None = Field(description="The department's full path.")
    hr: PersonHrOut | None = Field(
        description="Null unless you may browse the directory, or this is you."
    )


class PeoplePage(Schema):
    items: list[PersonOut]
    next: str | None


def person_out(person: Person, *, hr: bool) -> PersonOut:
    return PersonOut(
        uuid=person.uuid,
        name=person.name,
        job_title=person.job_title,
        department=person.department.path if person.department else None,
        hr=PersonHrOut(
            email=person.email,
            employee_id=person.employee_id,
            level=person.level,
            location=person.location,
            time_zone=person.time_zone,
            manager=person.manager.uuid if person.manager else None,
            hire_date=person.hire_date,
            leave_date=person.leave_date,
        )
        if hr
        else None,
    )


# --- me -----------------------------------------------------------------------


class TokenOut(Schema):
    name: str
    prefix: str
    scope: str
    expires_at: dt.datetime | None


class MeOut(Schema):
    email: str
    roles: list[str] = Field(description="Your roles, e.g. participant, program_manager.")
    person: PersonOut | None = Field(description="Your record in the directory, if any.")
    token: TokenOut | None = Field(description="The token of this request; null for a session.")


def token_out(token: ApiToken | None) -> TokenOut | None:
    if token is None:
        return None
    return TokenOut(
        name=token.name, prefix=token.prefix, scope=token.scope, expires_at=token.expires_at
    )


# --- skills -------------------------------------------------------------------


class SkillOut(Schema):
    uuid: UUID
    name: str
    category: str
    description: str
    synonyms: list[str]
    active: bool


class SkillPage(Schema):
    items: list[SkillOut]
    next: str | None


def skill_out(skill: Skill) -> SkillOut:
    return SkillOut(
        uuid=skill.uuid,
        name=skill.name,
        category=skill.category,
        description=skill.description,
        synonyms=skill.synonym_list,
        active=skill.is_active,
    )


# --- programs -----------------------------------------------------------------


class ProgramOut(Schema):
    uuid: UUID
    slug: str
    name: str
    kind: str
    status: str
    purpose: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    relation: str = Field(description="How you see it: manager, sponsor or participant.")
    updated_at: dt.datetime


class ProgramPage(Schema):
    items: list[ProgramOut]
    next: str | None


class ProgramPatch(Schema):
    """The fields a manager may change here; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=120)
    purpose: str | None = None

    @field_validator("name", "purpose")
    @classmethod
    def _typed_text(cls, value: str | None) -> str | None:
        """Made plain like a posted form (``core.typed_text``): no NUL characters,
        which PostgreSQL refuses, no direction overrides, LF line breaks."""
        return typed_text_clean(value) if value is not None else None


def program_out(program: Program, *, relation: str) -> ProgramOut:
    return ProgramOut(
        uuid=program.uuid,
        slug=program.slug,
        name=program.name,
        kind=program.kind,
        status=program.status,
        purpose=program.purpose,
        starts_on=program.starts_on,
        ends_on=program.ends_on,
        relation=relation,
        updated_at=program.updated_at,
    )


# --- events -------------------------------------------------------------------


class EventOut(Schema):
    uuid: UUID
    title: str
    starts_at: dt.datetime
    duration_minutes: int
    time_zone: str
    place: str
    status: str
    capacity: int | None
    going: int = Field(description="Places taken.")
    my_answer: str | None = Field(description="Your answer: yes, maybe, no, or null.")
    waiting: bool = Field(description="You are on the waiting list.")


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


def event_out(event: Event) -> EventOut:
    return EventOut(
        uuid=event.uuid,
        title=event.title,
        starts_at=event.starts_at,
        duration_minutes=event.duration_minutes,
        time_zone=event.time_zone,
        place=event.place,
        status=event.status,
        capacity=event.capacity,
        going=getattr(event, "going", 0),
        my_answer=getattr(event, "my_answer", None),
        waiting=bool(getattr(event, "my_waiting", False)),
    )

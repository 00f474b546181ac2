"""Who may see an event, answer it, and organise it: the one place that decides.

An event is open to its audience: everyone who has not left (an event for
everyone), or the people enrolled in one of its programs. Its organisers are
administrators and organisation-wide program managers (every event), and the
managers of every one of its programs. Anyone else does not know it exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from twoway.core.actors import Actor
from twoway.core.roles import (
    PROGRAM_MANAGER_ROLES,
    user_has_role,
    user_managed_program_ids,
)
from twoway.events.models import Event
from twoway.people.models import Person, current_q
from twoway.programs.models import Enrollment, Program


def event_audience_q(event: Event) -> Q:
    """The people (a ``Person`` filter) ``event`` is open to."""
    if event.everyone:
        return current_q()
    return current_q() & Q(
        pk__in=Enrollment.objects.filter(
            program__events=event, status=Enrollment.Status.ENROLLED
        ).values("person_id")
    )


def person_enrolled_program_ids(person: Person | None) -> list[int]:
    if person is None:
        return []
    return list(
        Enrollment.objects.filter(person=person, status=Enrollment.Status.ENROLLED).values_list(
            "program_id", flat=True
        )
    )


def events_for_audience(person: Person | None, program_ids: Iterable[int]) -> Q:
    """The events (an ``Event`` filter) open to a person enrolled in ``program_ids``."""
    if person is None or person.has_left:
        return Q(pk__in=[])
    return Q(everyone=True) | Q(
        pk__in=Event.programs.through.objects.filter(program_id__in=list(program_ids)).values(
            "event_id"
        )
    )


def events_organised_q(user: Actor) -> Q:
    """The events (an ``Event`` filter) ``user`` organises."""
    if not user_has_role(user, *PROGRAM_MANAGER_ROLES):
        return Q(pk__in=[])
    managed = user_managed_program_ids(user)
    if managed is None:
        return Q()
    # Every one of the event's programs must be theirs: an event shared with
    # another manager's program is organised by both, or by someone above.
    foreign = Event.programs.through.objects.exclude(program_id__in=managed).values("event_id")
    return Q(everyone=False) & Q(programs__isnull=False) & ~Q(pk__in=foreign)


def user_organises_event(user: Actor, event: Event) -> bool:
    if not user_has_role(user, *PROGRAM_MANAGER_ROLES):
        return False
    managed = user_managed_program_ids(user)
    if managed is None:
        return True
    if event.everyone:
        return False
    ids = set(event.programs.values_list("pk", flat=True))
    return bool(ids) and ids <= managed


def user_may_create_events(user: Actor) -> bool:
    """Administrators and program managers (of every program or some)."""
    return user_has_role(user, *PROGRAM_MANAGER_ROLES)


def user_may_create_event(user: Actor, *, everyone: bool, programs: Iterable[Program]) -> bool:
    """May ``user`` invite this audience? The system (``None``) may."""
    if user is None:
        return True
    if not user_may_create_events(user):
        return False
    managed = user_managed_program_ids(user)
    if managed is None:
        return True
    return not everyone and {program.pk for program in programs} <= managed


def programs_for_organiser(user: Actor) -> QuerySet[Program]:
    """The programs whose people ``user`` may invite (open ones first)."""
    managed = user_managed_program_ids(user)
    programs = Program.objects.exclude(status=Program.Status.CLOSED).order_by("name")
    if managed is None:
        return programs
    return programs.filter(pk__in=managed)

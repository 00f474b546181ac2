"""What each role's home page shows: where things stand and what to do next."""

from __future__ import annotations

from typing import Any

from twoway.core.actors import RequestUser
from twoway.core.models import Role
from twoway.core.roles import MANAGES_SOME_PROGRAM, user_roles
from twoway.matching.selectors import enrollments_attach_next_steps
from twoway.outcomes.selectors import outcome_programs, program_outcomes_today
from twoway.outcomes.text import headline
from twoway.people.access import user_person
from twoway.people.selectors import person_directory_stats
from twoway.programs.models import Program
from twoway.programs.selectors import (
    MyPrograms,
    my_programs,
    program_can_create,
    program_list_for_user,
)
from twoway.skills.selectors import person_skill_progress, skill_gap_top
from twoway.surveys.selectors import surveys_waiting

HOME_PROGRAMS = 5
# Each outcome report reads the whole organisation: a few programs only, those under way.
HOME_OUTCOMES = 3
OUTCOME_STATUSES = (Program.Status.ACTIVE, Program.Status.CLOSED)
# The order in which a person's roles are named at the top of their home page.
ROLE_ORDER = (Role.ADMINISTRATOR, Role.PROGRAM_MANAGER, MANAGES_SOME_PROGRAM, Role.SPONSOR)
ROLE_LABELS = {
    **{role.value: role.label for role in Role},
    # A manager of some programs only: the badge says so, the programs are listed below.
    MANAGES_SOME_PROGRAM: "Program manager (your programs)",
}


def role_labels(roles: frozenset[str]) -> list[str]:
    """The names of the roles a user holds, most powerful first; every role the
    code can hand out has a name here (a test holds the table complete)."""
    order = [*ROLE_ORDER, Role.PARTICIPANT]
    return [ROLE_LABELS[role] for role in sorted(roles, key=order.index)]


def my_programs_with_next_steps(*, user: RequestUser) -> MyPrograms:
    """The user's programs (``programs``), each enrollment with what comes after
    matching: the pair and partner, a proposal to look at, suggestions to choose from."""
    mine = my_programs(user=user)
    person = user_person(user)
    if person is not None:
        enrollments_attach_next_steps(person, mine.enrollments)
    return mine


def outcome_headlines(*, user: RequestUser) -> list[tuple[Program, str]]:
    """A few programs the user may read the outcomes of, each with its one sentence."""
    programs = [p for p in outcome_programs(user) if p.status in OUTCOME_STATUSES]
    return [
        (program, headline(program_outcomes_today(program=program)))
        for program in programs[:HOME_OUTCOMES]
    ]


def home_context(user: RequestUser) -> dict[str, Any]:
    roles = user_roles(user)
    person = user_person(user)
    # Organisation-wide managers (and administrators) see the organisation's figures;
    # a manager of some programs sees those programs only.
    is_manager = Role.PROGRAM_MANAGER in roles or Role.ADMINISTRATOR in roles
    context: dict[str, Any] = {
        "person": person,
        "roles": role_labels(roles),
        "is_manager": is_manager,
        "manages_programs": is_manager or MANAGES_SOME_PROGRAM in roles,
        "is_sponsor": Role.SPONSOR in roles,
    }
    if person is not None:
        context["progress"] = person_skill_progress(person=person)
        context["my_programs"] = my_programs_with_next_steps(user=user)
        context["surveys_waiting"] = surveys_waiting(person=person)
    if context["manages_programs"] or context["is_sponsor"]:
        context["can_create_program"] = program_can_create(user)
        context["programs"] = list(
            program_list_for_user(user=user).exclude(status="closed")[:HOME_PROGRAMS]
        )
        context["outcomes"] = outcome_headlines(user=user)
    # Administrators count as managers here (``is_admin`` comes from the context processor).
    if is_manager or context["is_sponsor"]:
        context["stats"] = person_directory_stats()
        context["gaps"] = skill_gap_top(limit=5)
    return context

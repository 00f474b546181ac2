"""Who may do what: the one place that answers role questions.

Views and services ask ``user_has_role`` (or use the decorators in
``core.access``); nothing else reads ``RoleGrant`` directly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from twoway.core.actors import Actor, actor_user
from twoway.core.models import Role, RoleGrant, User

_CACHE_ATTR = "_twoway_roles"
# Held by someone who manages one or more programs through program-scoped grants
# only: it opens "Programs" (theirs), not the organisation-wide manager pages.
MANAGES_SOME_PROGRAM = "program_manager_scoped"
# The gate of program pages: organisation-wide managers and managers of one program
# (each page then asks ``user_manages_program`` about its own program).
PROGRAM_MANAGER_ROLES = (Role.PROGRAM_MANAGER, MANAGES_SOME_PROGRAM)


def user_roles(user: Actor) -> frozenset[str]:
    """The roles a user holds, cached on the user object for the request.

    An anonymous visitor and the system (``None``) hold none.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles = set()
    for role, program_id in RoleGrant.objects.filter(user=user).values_list("role", "program_id"):
        roles.add(role if program_id is None else MANAGES_SOME_PROGRAM)
    if _has_person(user):
        roles.add(Role.PARTICIPANT)
    result = frozenset(roles)
    setattr(user, _CACHE_ATTR, result)
    return result


def user_has_role(user: Actor, *roles: str) -> bool:
    """True when the user holds any of ``roles``.

    Administrators hold every organisation-wide power, so they pass any check.
    """
    held = user_roles(user)
    return Role.ADMINISTRATOR in held or any(role in held for role in roles)


def user_manages_program(user: Actor, program: models.Model | None) -> bool:
    """May ``user`` run ``program`` (a ``programs.Program``)? Administrators and
    organisation-wide program managers run every program; a grant scoped to a
    program reaches that one only."""
    held = user_roles(user)
    if Role.ADMINISTRATOR in held or Role.PROGRAM_MANAGER in held:
        return True
    account = actor_user(user)
    if MANAGES_SOME_PROGRAM not in held or program is None or account is None:
        return False
    return RoleGrant.objects.filter(
        user=account, role=Role.PROGRAM_MANAGER, program_id=program.pk
    ).exists()


def user_managed_program_ids(user: Actor) -> frozenset[int] | None:
    """Programs a user runs: None means every program (administrator or
    organisation-wide manager); otherwise the ids of their scoped grants."""
    held = user_roles(user)
    if Role.ADMINISTRATOR in held or Role.PROGRAM_MANAGER in held:
        return None
    account = actor_user(user)
    if MANAGES_SOME_PROGRAM not in held or account is None:
        return frozenset()
    return frozenset(
        RoleGrant.objects.filter(
            user=account, role=Role.PROGRAM_MANAGER, program__isnull=False
        ).values_list("program_id", flat=True)
    )


def user_is_admin(user: Actor) -> bool:
    return Role.ADMINISTRATOR in user_roles(user)


def _has_person(user: Actor) -> bool:
    # ``person`` is the people app's link to a login; a missing one reads as
    # AttributeError, so core needs no import of the app above it.
    account = actor_user(user)
    return account is not None and hasattr(account, "person")


def program_manager_users(program_ids: Iterable[int]) -> dict[int, list[User]]:
    """The users who manage each of ``program_ids``: those granted the program,
    and those who manage every program (organisation-wide grants)."""
    program_ids = list(program_ids)
    grants = (
        RoleGrant.objects.filter(role=Role.PROGRAM_MANAGER)
        .filter(Q(program__isnull=True) | Q(program_id__in=program_ids))
        .select_related("user")
        .order_by("user__email")
    )
    managers: dict[int, dict[int, User]] = {pk: {} for pk in program_ids}
    for grant in grants:
        for pk in program_ids if grant.program_id is None else [grant.program_id]:
            managers[pk][grant.user_id] = grant.user
    return {pk: list(users.values()) for pk, users in managers.items()}

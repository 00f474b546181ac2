"""Writes for accounts and roles: granting and revoking roles, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import Role, RoleGrant, User
from twoway.core.roles import user_is_admin
from twoway.core.user_names import user_names

# The roles an administrator grants; participant is implied by a person record.
GRANTABLE = (Role.ADMINISTRATOR, Role.PROGRAM_MANAGER, Role.SPONSOR, Role.SAFEGUARDING_CONTACT)
# Safeguarding contacts hear concerns about programs from outside the program
# managers who chose the pairs: nobody holds both roles.
MANAGER_CANNOT_SAFEGUARD = (
    "{name} manages programs, so cannot be a safeguarding contact: people raise concerns "
    "with safeguarding contacts precisely because they are outside the program managers. "
    "Take the program manager role away first, or choose someone else."
)
SAFEGUARD_CANNOT_MANAGE = (
    "{name} is a safeguarding contact, so cannot manage programs: safeguarding contacts "
    "stay outside the program managers. Take the safeguarding contact role away first, "
    "or choose someone else."
)
LAST_ADMINISTRATOR = (
    "{name} is the last administrator: give someone else the administrator role "
    "first, so that someone can still manage roles."
)


def _name(user: User) -> str:
    return user_names([user.pk], users=[user]).get(user.pk, user.email)


def _require_admin(actor: Actor) -> None:
    if not user_is_admin(actor):
        raise PermissionDenied("Only administrators can grant and revoke roles.")


def _what(grant_role: str, program: models.Model | None) -> dict[str, str]:
    values = {"role": grant_role}
    if program is not None:
        values["program"] = str(getattr(program, "slug", program.pk))
    return values


@transaction.atomic
def role_grant(
    *, actor: Actor, user: User, role: str, program: models.Model | None = None
) -> RoleGrant:
    """Give ``user`` ``role``: organisation-wide, or for a program manager, of
    ``program`` alone. Refuses a role already held."""
    _require_admin(actor)
    if role not in GRANTABLE:
        raise ValidationError(
            {"role": "Choose administrator, program manager, sponsor or safeguarding contact."}
        )
    if program is not None and role != Role.PROGRAM_MANAGER:
        raise ValidationError(
            {"program": "Only the program manager role is given for one program."}
        )
    if not user.is_active:
        raise ValidationError(
            {"user": f"{user.email} cannot sign in (the account is deactivated)."}
        )
    role_conflict_check(user=user, role=role)
    # ``program`` is the programs app's model, known to core only through RoleGrant.
    program_id = program.pk if program is not None else None
    held = RoleGrant.objects.filter(user=user, role=role)
    if program_id is None:
        held = held.filter(program__isnull=True)
    else:
        held = held.filter(program_id=program_id)
    if held.exists():
        where = f" of {program}" if program is not None else ""
        raise ValidationError(f"{_name(user)} is already {Role(role).label.lower()}{where}.")
    grant = RoleGrant.objects.create(
        user=user, role=role, program_id=program_id, granted_by=actor_user(actor)
    )
    audit_record(
        actor=actor, action=AuditAction.ROLE_GRANT, subject=user, after=_what(role, program)
    )
    return grant


def role_conflict_check(*, user: User, role: str) -> None:
    """Refuse a role that cannot go with one ``user`` holds: a program manager (of
    any program) is never a safeguarding contact, nor the other way round."""
    held = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    if role == Role.SAFEGUARDING_CONTACT and Role.PROGRAM_MANAGER in held:
        raise ValidationError({"role": MANAGER_CANNOT_SAFEGUARD.format(name=_name(user))})
    if role == Role.PROGRAM_MANAGER and Role.SAFEGUARDING_CONTACT in held:
        raise ValidationError({"role": SAFEGUARD_CANNOT_MANAGE.format(name=_name(user))})


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant) -> None:
    """Take ``grant`` away; refuses to leave Twoway without an administrator."""
    _require_admin(actor)
    # Lock the grant row only: its program is an outer join, which PostgreSQL
    # refuses to lock.
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "program")
        .get(pk=grant.pk)
    )
    if grant.role == Role.ADMINISTRATOR:
        admins = list(
            RoleGrant.objects.select_for_update(of=("self",))
            .filter(role=Role.ADMINISTRATOR, user__is_active=True)
            .values_list("user_id", flat=True)
        )
        if admins == [grant.user_id] or not admins:
            raise ValidationError(LAST_ADMINISTRATOR.format(name=_name(grant.user)))
    before = _what(grant.role, grant.program)
    grant.delete()
    audit_record(actor=actor, action=AuditAction.ROLE_REVOKE, subject=grant.user, before=before)

"""Writes about people. Each service is atomic, takes ``actor=`` first and is audited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_record
from twoway.core.mail import mail_on_commit, password_link
from twoway.core.models import Role, User
from twoway.core.roles import user_has_role
from twoway.people.access import user_is_person
from twoway.people.models import Person, SelfDescription
from twoway.people.selectors import person_invite_refusal

MAX_TAGS = 12
MAX_TEXT = 120


def _clean_self_description(kind: str, value: str) -> str:
    value = " ".join((value or "").split())
    if kind == SelfDescription.Kind.GENERATION:
        if value not in SelfDescription.Generation.values:
            raise ValidationError({"value": "Choose one of the listed generations."})
        return value
    if kind == SelfDescription.Kind.GENDER:
        if not value:
            raise ValidationError(
                {
                    "value": "Describe your gender in your own words, or "
                    "withdraw consent to remove it."
                }
            )
        if len(value) > MAX_TEXT:
            raise ValidationError({"value": f"Keep it under {MAX_TEXT} characters."})
        return value
    if kind == SelfDescription.Kind.BACKGROUND:
        tags = list(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
        if not tags:
            raise ValidationError({"value": "Add at least one tag, separated by commas."})
        if len(tags) > MAX_TAGS or any(len(t) > 60 for t in tags):
            raise ValidationError({"value": f"Up to {MAX_TAGS} tags of 60 characters each."})
        return ", ".join(tags)
    raise ValidationError({"kind": "Unknown kind of self-description."})


@transaction.atomic
def person_self_description_set(
    *, actor: Actor, person: Person, kind: str, value: str, consent: bool
) -> SelfDescription:
    """Record a self-description with the person's consent (only they may)."""
    if not user_is_person(actor, person):
        raise PermissionDenied("Only the person themself can describe themself.")
    if not consent:
        raise ValidationError({"consent": "Tick the consent box to save this, or leave it empty."})
    value = _clean_self_description(kind, value)
    existing = SelfDescription.objects.filter(person=person, kind=kind).first()
    if existing is not None and existing.value == value:
        return existing
    if existing is None:
        sd = SelfDescription.objects.create(person=person, kind=kind, value=value)
        action = AuditAction.SELF_DESCRIPTION_CONSENT
    else:
        existing.value = value
        existing.consented_at = timezone.now()
        existing.save(update_fields=["value", "consented_at", "updated_at"])
        sd, action = existing, AuditAction.SELF_DESCRIPTION_UPDATE
    # The value itself never enters the audit log: only that it changed.
    audit_record(actor=actor, action=action, subject=person, after={"kind": kind})
    return sd


@transaction.atomic
def person_self_description_withdraw(*, actor: Actor, person: Person, kind: str) -> bool:
    """Withdraw consent: the self-description is deleted, not hidden."""
    if not user_is_person(actor, person):
        raise PermissionDenied("Only the person themself can withdraw their consent.")
    deleted, _ = SelfDescription.objects.filter(person=person, kind=kind).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.SELF_DESCRIPTION_WITHDRAW,
            subject=person,
            before={"kind": kind},
        )
    return bool(deleted)


@transaction.atomic
def person_invite(*, actor: Actor, person: Person) -> User:
    """Give a person a login and e-mail them a link to choose their password.

    An existing account with the same e-mail is linked rather than duplicated.
    """
    if not user_has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators can invite people to sign in.")
    refusal = person_invite_refusal(person)
    if refusal:
        raise ValidationError(refusal)
    person = Person.objects.select_for_update().get(pk=person.pk)
    user = person.user or User.objects.filter(email__iexact=person.email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=person.email, first_name=person.first_name)
    if person.user_id != user.pk:
        if hasattr(user, "person") and user.person.pk != person.pk:
            raise ValidationError(f"The account {user.email} already belongs to {user.person}.")
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_INVITE,
        subject=person,
        after={"user": user.email, "account_created": created},
    )
    link = password_link(user)
    mail_on_commit(
        subject=f"You are invited to {settings.SITE_NAME}",
        template="people/email/invite.txt",
        context={"person": person, "link": link, "inviter": actor},
        to=user.email,
    )
    return user

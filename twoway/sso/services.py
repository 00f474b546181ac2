"""Signing a person in from a provider's verified claims: the only write of the app."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction

from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import User
from twoway.people.models import Person
from twoway.sso.refusals import Refusal, SsoRefused

logger = logging.getLogger(__name__)


def _email_verified(claims: Mapping[str, Any]) -> bool:
    """Only an explicit yes: a missing ``email_verified`` claim (or the one
    ``OIDC_EMAIL_VERIFIED_CLAIM`` names) counts as no.

    Some providers send the JSON string "true" instead of the boolean.
    """
    verified = claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)
    return verified is True or (isinstance(verified, str) and verified.lower() == "true")


def _account_for(email: str) -> tuple[Person, User | None] | Refusal:
    person = Person.objects.select_for_update().filter(email__iexact=email).first()
    if person is None:
        return Refusal.NO_PERSON
    if person.has_left:
        return Refusal.LEFT
    user = person.user or User.objects.filter(email__iexact=email).first()
    if user is not None and not user.is_active:
        return Refusal.INACTIVE
    if user is not None and person.user_id is None:
        owner = Person.objects.filter(user=user).first()
        if owner is not None and owner.pk != person.pk:
            return Refusal.ACCOUNT_TAKEN
    return person, user


def sso_sign_in(*, claims: Mapping[str, Any], provider: str) -> User:
    """The login of the person whose verified e-mail the provider vouched for.

    The person is found by their HR record's e-mail (any letter case). A person
    still employed, with no login yet, gets one (no password) linked to their
    record, as an invitation would. Anyone else is refused with ``SsoRefused``
    and nothing is created; both outcomes are audited.
    """
    email = str(claims.get("email") or "").strip().lower()
    with transaction.atomic():
        found: tuple[Person, User | None] | Refusal
        if not email:
            found = Refusal.EMAIL_MISSING
        elif not _email_verified(claims):
            # Refused before it could match anyone: whoever controls an
            # unverified address at the provider could otherwise claim a record.
            found = Refusal.EMAIL_UNVERIFIED
        else:
            found = _account_for(email)
        if isinstance(found, Refusal):
            audit_record(
                actor=None,
                action=AuditAction.SSO_REFUSE,
                subject_type="core.user",
                subject_label=email or "(no e-mail address)",
                after={"reason": found.value, "provider": provider},
            )
        else:
            person, user = found
            created = user is None
            if user is None:
                user = User.objects.create_user(email=person.email, first_name=person.first_name)
            linked = person.user_id != user.pk
            if linked:
                person.user = user
                person.save(update_fields=["user", "updated_at"])
            audit_record(
                actor=user,
                action=AuditAction.SSO_SIGN_IN,
                subject=person,
                after={"provider": provider, "account_created": created, "linked": linked},
            )
            return user
    logger.info("Single sign-on refused: %s", found.value)
    raise SsoRefused(found)

"""Shared steps of the notification tests: meetings, signatures, opt-outs,
reading the outbox by kind of e-mail, and moving the ledger's clock."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from twoway.meetings.models import Meeting
from twoway.notifications.mail import unsubscribe_read
from twoway.notifications.models import EmailOptOut
from twoway.pairs.models import Pair
from twoway.pairs.tests.agreements import sign
from twoway.people.models import Person
from twoway.programs.models import Program


def pair_of(mentor: Person) -> Pair:
    return Pair.objects.select_related("mentor", "mentee", "program").get(mentor=mentor)


def sign_both(pair: Pair) -> None:
    agreement = pair.agreement
    sign(agreement, pair.mentor, agreement.version)
    sign(agreement, pair.mentee, agreement.version)


def sponsor(program: Program, user: Any) -> None:
    # An update, not program.save(): the fixture's program object predates publishing.
    Program.objects.filter(pk=program.pk).update(sponsor=user)


def meeting(pair: Pair, starts_at: datetime, **fields: Any) -> Meeting:
    fields.setdefault("time_zone", "Europe/London")
    fields.setdefault("duration_minutes", 60)
    return Meeting.objects.create(pair=pair, starts_at=starts_at, **fields)


def cancelled(pair: Pair, side: str, starts_at: datetime) -> Meeting:
    person = pair.mentor if side == "mentor" else pair.mentee
    return meeting(
        pair,
        starts_at,
        status=Meeting.Status.CANCELLED,
        cancelled_by=person,
        cancelled_side=side,
        cancel_reason="A private reason nobody else should read",
        cancelled_at=starts_at - timedelta(days=1),
    )


def switched_off(user: Any) -> set[str]:
    """The kinds of e-mail ``user`` switched off."""
    return set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))


def kind_of(message: EmailMessage) -> str:
    """The kind an e-mail is about, read from its signed unsubscribe link."""
    header = message.extra_headers.get("List-Unsubscribe", "")
    token = re.search(r"/unsubscribe/([^/]+)/>$", header)
    read = unsubscribe_read(token.group(1)) if token else None
    return read[1] if read else ""


def sent(kind: str) -> list[EmailMessage]:
    return [message for message in mail.outbox if kind_of(message) == kind]


def recipients(messages: list[EmailMessage]) -> list[str]:
    return sorted(address for message in messages for address in message.to)


def clock_at(monkeypatch: Any, moment: datetime) -> None:
    """From now on the real clock (which leases and pauses follow) reads ``moment``."""
    monkeypatch.setattr(timezone, "now", lambda: moment)

"""Writes for e-mail: sending the reminders that are due, and what each person
switched off.

A reminder is sent at most once, ever: the run that inserts its ``Notice``
(the key is unique) sends it, any other run finds the key taken. The claim
commits before the e-mail goes out, so no database lock is held while the
mail server answers; a send that fails deletes its claim, and the next run
tries again. A run that dies between its claim and its send loses that one
reminder rather than sending it twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from twoway.core.audit import audit_record
from twoway.core.mail import site_link
from twoway.notifications import selectors
from twoway.notifications.mail import notice_message, user_wants
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.notifications.selectors import Reminder
from twoway.pairs.services import pairs_health_refresh, pulse_checkins_create_due

logger = logging.getLogger(__name__)

SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


@dataclass
class ReminderCounts:
    """What one run did. ``skipped``: switched off, or claimed by another run
    at the same moment. ``failed``: not sent, tried again by the next run."""

    sent_by_kind: Counter[str] = field(default_factory=Counter)
    skipped_by_kind: Counter[str] = field(default_factory=Counter)
    failed: int = 0

    @property
    def sent(self) -> int:
        return self.sent_by_kind.total()

    @property
    def skipped(self) -> int:
        return self.skipped_by_kind.total()

    def add(self, kind: str, outcome: str) -> None:
        if outcome == SENT:
            self.sent_by_kind[kind] += 1
        elif outcome == SKIPPED:
            self.skipped_by_kind[kind] += 1
        else:
            self.failed += 1


def reminders_send_due(*, now: datetime | None = None) -> ReminderCounts:
    """Send every reminder due at ``now`` that no run has sent yet.

    Safe to run as often as you like, and twice at the same time: each
    reminder goes out once. Not atomic as a whole: each reminder is claimed in
    its own transaction, so one failure never holds back the others.
    """
    now = now or timezone.now()
    # Both only sharpen what is due; if one breaks, the other reminders still go.
    for prepare in (pulse_checkins_create_due, pairs_health_refresh):
        try:
            prepare(now=now)
        except Exception:
            logger.exception("%s failed; sending the reminders found without it", prepare.__name__)
    reminders = selectors.reminders_due(now=now)
    taken = selectors.notice_keys_taken(reminder.key for reminder in reminders)
    due = [reminder for reminder in reminders if reminder.key not in taken]
    opt_outs = selectors.email_opt_outs(users=(reminder.user for reminder in due))
    counts = ReminderCounts()
    for reminder in due:
        counts.add(reminder.kind, reminder_send(reminder, opt_outs=opt_outs))
    return counts


def reminder_send(
    reminder: Reminder, *, opt_outs: Collection[tuple[int, str]] | None = None
) -> str:
    """Claim ``reminder`` in the ledger and send it: "sent", "skipped" (taken
    by another run, or switched off) or "failed" (the next run tries again).
    ``opt_outs`` as for ``user_wants``."""
    wants = user_wants(reminder.user, reminder.kind, opt_outs=opt_outs)
    message = None
    if wants:
        try:
            message = _message(reminder)
        except Exception:
            logger.exception("Reminder %s could not be written; not claimed", reminder.key)
            return FAILED
    notice = _claim(reminder, Notice.Outcome.SENT if wants else Notice.Outcome.SKIPPED)
    if notice is None or message is None:
        return SKIPPED
    try:
        message.send()
    except Exception:
        logger.exception("Reminder %s could not be sent; the next run tries again", reminder.key)
        Notice.objects.filter(pk=notice.pk).delete()
        return FAILED
    return SENT


def _claim(reminder: Reminder, outcome: str) -> Notice | None:
    """Insert the reminder's ledger row and commit it; None if it was there already."""
    try:
        with transaction.atomic():
            return Notice.objects.create(
                key=reminder.key, kind=reminder.kind, user=reminder.user, outcome=outcome
            )
    except IntegrityError:
        return None


def _message(reminder: Reminder) -> EmailMessage:
    context = dict(reminder.context)
    if reminder.link is not None:
        name, kwargs = reminder.link
        anchor = f"#{reminder.anchor}" if reminder.anchor else ""
        context["link"] = site_link(name, **kwargs) + anchor
    return notice_message(
        user=reminder.user,
        kind=reminder.kind,
        subject=reminder.subject,
        template=reminder.template,
        context=context,
    )


# --- what each person switched off ---------------------------------------------------


@transaction.atomic
def email_preferences_set(*, actor: Any, user: Any, enabled: Iterable[str]) -> None:
    """Switch off every kind of e-mail not in ``enabled`` for ``user``, and on
    the rest. Only the user themself may; unknown kinds are refused."""
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk != user.pk:
        raise PermissionDenied("Only you can choose which e-mails you receive.")
    enabled = set(enabled)
    unknown = sorted(enabled - set(Kind.values))
    if unknown:
        raise ValidationError(f"There is no kind of e-mail called {', '.join(unknown)}.")
    off = set(Kind.values) - enabled
    before = set(
        EmailOptOut.objects.select_for_update().filter(user=user).values_list("kind", flat=True)
    )
    if before == off:
        return
    EmailOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, kind=kind) for kind in sorted(off - before)],
        ignore_conflicts=True,
    )
    audit_record(
        actor=actor,
        action="email.preferences",
        subject=user,
        before={"off": sorted(before)},
        after={"off": sorted(off)},
    )


@transaction.atomic
def email_unsubscribe(*, token: str) -> tuple[Any, str] | None:
    """Switch off the kind of e-mail a signed unsubscribe token names, for the
    user it names (no login: the signature is the authority). Returns (user,
    kind), or None for a token that is not ours. Doing it twice changes nothing."""
    target = selectors.unsubscribe_target(token=token)
    if target is None:
        return None
    user, kind = target
    # get_or_create also answers the same link clicked twice at once.
    _, created = EmailOptOut.objects.get_or_create(user=user, kind=kind)
    if created:
        audit_record(actor=None, action="email.unsubscribe", subject=user, after={"off": [kind]})
    return user, kind

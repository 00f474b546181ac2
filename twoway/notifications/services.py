"""Writes for e-mail: sending the reminders that are due, and what each person
switched off.

Each reminder has one row in the ledger (``Notice``, unique ``key``), and a run
sends a reminder only while it holds that row's *lease*. A run claims a lease
with a single statement that only one run can win: inserting the row (the key
is unique), or, for a row left pending, a conditional ``UPDATE`` that bumps
``attempts`` from the value it read, provided the row's ``next_attempt_at`` has
passed. The claim commits before the e-mail goes out, so no database lock is
held while the mail server answers; the outcome is written only by the run
whose attempt number is still on the row.

- A run that dies after its claim leaves the row pending; once the lease runs
  out (``REMINDER_LEASE_SECONDS``) a later run takes it over and sends it.
- A send that fails leaves the row pending with a pause before the next try
  (``REMINDER_RETRY_SECONDS``, doubled after each failure, at most six hours);
  after ``REMINDER_MAX_ATTEMPTS`` attempts the row is marked *failed*, logged as
  an error and not tried again.
- The one gap: a run that dies after the mail server accepted the message and
  before the row says *sent* leaves it pending, and it is sent a second time
  (with the same ``Message-ID``) after the lease runs out.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.mail import site_link
from twoway.core.models import User
from twoway.meetings.progress import pairs_health_refresh
from twoway.notifications import selectors
from twoway.notifications.mail import notice_message, reminder_message_id, user_wants
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.notifications.selectors import Reminder
from twoway.pairs.services import pulse_checkins_create_due

logger = logging.getLogger(__name__)

SENT, SKIPPED, FAILED, GIVEN_UP = "sent", "skipped", "failed", "given_up"
LONGEST_PAUSE = timedelta(hours=6)
PENDING = Notice.Outcome.PENDING


@dataclass(frozen=True)
class RetryPolicy:
    """How long a claim holds, how long to wait after a failed send, and how
    many attempts before giving up."""

    lease: timedelta = timedelta(minutes=10)
    first_pause: timedelta = timedelta(minutes=5)
    max_attempts: int = 8

    def pause_after(self, attempt: int) -> timedelta:
        """The wait after failed attempt number ``attempt`` (1, 2, …): doubling."""
        return min(self.first_pause * 2 ** (attempt - 1), LONGEST_PAUSE)


def retry_policy() -> RetryPolicy:
    """The policy in the settings ``REMINDER_LEASE_SECONDS``,
    ``REMINDER_RETRY_SECONDS`` and ``REMINDER_MAX_ATTEMPTS`` (each optional)."""
    default = RetryPolicy()
    lease = getattr(settings, "REMINDER_LEASE_SECONDS", default.lease.total_seconds())
    pause = getattr(settings, "REMINDER_RETRY_SECONDS", default.first_pause.total_seconds())
    attempts = getattr(settings, "REMINDER_MAX_ATTEMPTS", default.max_attempts)
    if not lease > 0 or not pause >= 0 or not 1 <= attempts <= 1000:
        raise ImproperlyConfigured(
            "REMINDER_LEASE_SECONDS must be above 0, REMINDER_RETRY_SECONDS at least 0 and "
            f"REMINDER_MAX_ATTEMPTS between 1 and 1000 (not {lease}, {pause}, {attempts})."
        )
    return RetryPolicy(
        lease=timedelta(seconds=lease),
        first_pause=timedelta(seconds=pause),
        max_attempts=int(attempts),
    )


@dataclass
class ReminderCounts:
    """What one run did. ``skipped``: switched off, or claimed by another run
    at the same moment. ``failed``: not sent; ``given_up`` of them reached the
    last attempt, the others are tried again after a pause. ``unreachable``:
    due, but not tried because the mail server could not be reached (the next
    run tries; no attempt is used up)."""

    sent_by_kind: Counter[str] = field(default_factory=Counter)
    skipped_by_kind: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    given_up: int = 0
    unreachable: int = 0

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
            self.given_up += outcome == GIVEN_UP


@dataclass(frozen=True)
class Attempt:
    """A lease this run holds: the row, and the attempt number it wrote."""

    notice_id: int
    key: str
    number: int


def reminders_send_due(*, now: datetime | None = None) -> ReminderCounts:
    """Send every reminder due at ``now`` that is not sent yet: new ones, and
    pending ones whose lease or pause is over.

    Safe to run as often as you like, and twice at the same time: each
    reminder goes out once (but see the module's note on a crash right after
    sending). Not atomic as a whole: each reminder is claimed in its own
    transaction, so one failure never holds back the others. Leases and pauses
    follow the real clock, not ``now``.
    """
    now = now or timezone.now()
    # Both only sharpen what is due; if one breaks, the other reminders still go.
    for prepare in (pulse_checkins_create_due, pairs_health_refresh):
        try:
            prepare(now=now)
        except Exception:
            logger.exception("%s failed; sending the reminders found without it", prepare.__name__)
    reminders = selectors.reminders_due(now=now)
    ledger = selectors.notices_by_key(reminder.key for reminder in reminders)
    clock = timezone.now()
    due = [
        (reminder, ledger.get(reminder.key))
        for reminder in reminders
        if reminder.key not in ledger or _takeable(ledger[reminder.key], clock)
    ]
    policy = retry_policy()
    counts = ReminderCounts()
    if not due:
        return counts
    # One connection to the mail server for the whole run. Opened before anything is
    # claimed: while the server is down, no reminder uses up an attempt.
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.error(
            "The mail server could not be reached (%s: %s); the %d reminders due wait "
            "for the next run",
            type(error).__name__,
            error,
            len(due),
        )
        counts.unreachable = len(due)
        return counts
    opt_outs = selectors.email_opt_outs(users=(reminder.user for reminder, _ in due))
    try:
        for reminder, notice in due:
            outcome = reminder_send(
                reminder, notice=notice, opt_outs=opt_outs, policy=policy, connection=connection
            )
            counts.add(reminder.kind, outcome)
    finally:
        _close(connection)
    return counts


def reminder_send(
    reminder: Reminder,
    *,
    notice: Notice | None = None,
    opt_outs: Collection[tuple[int, str]] | None = None,
    policy: RetryPolicy | None = None,
    connection: BaseEmailBackend | None = None,
) -> str:
    """Claim ``reminder`` in the ledger and send it: "sent", "skipped" (held
    by another run, or switched off), "failed" (tried again after a pause) or
    "given_up" (failed for the last time). ``notice``: its ledger row as read
    (None when there was none); ``opt_outs`` as for ``user_wants``."""
    policy = policy or retry_policy()
    if not user_wants(reminder.user, reminder.kind, opt_outs=opt_outs):
        _skip(reminder, notice)
        return SKIPPED
    if notice is not None and notice.attempts >= policy.max_attempts:
        return _give_up_unfinished(notice, policy)
    attempt = _claim(reminder, notice, policy)
    if attempt is None:
        return SKIPPED
    try:
        message = _message(reminder)
        if connection is not None:
            connection.open()  # a no-op once open; kept open for the next message
            message.connection = connection
        message.send()
    except Exception as error:
        if connection is not None:
            _close(connection)  # whatever state it is in, the next send starts afresh
        return _attempt_failed(attempt, error, policy)
    _attempt_sent(attempt)
    return SENT


def _takeable(notice: Notice, moment: datetime) -> bool:
    """Whether a run may claim ``notice``: pending, and its lease or pause is over."""
    return (
        notice.outcome == PENDING
        and notice.next_attempt_at is not None
        and notice.next_attempt_at <= moment
    )


def _claim(reminder: Reminder, notice: Notice | None, policy: RetryPolicy) -> Attempt | None:
    """Take the lease on ``reminder`` and commit it; None if another run holds
    it or has finished it. A new reminder is claimed by inserting its row, a
    pending one by an ``UPDATE`` that only matches the row as it was read."""
    now = timezone.now()
    until = now + policy.lease
    if notice is None:
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    key=reminder.key,
                    kind=reminder.kind,
                    user=reminder.user,
                    outcome=PENDING,
                    attempts=1,
                    next_attempt_at=until,
                )
        except IntegrityError:
            return None
        number = 1
    else:
        number = notice.attempts + 1
        taken = Notice.objects.filter(
            pk=notice.pk, outcome=PENDING, attempts=notice.attempts, next_attempt_at__lte=now
        ).update(attempts=number, next_attempt_at=until, updated_at=now)
        if not taken:
            return None
    logger.debug("Reminder %s: attempt %d claimed until %s", reminder.key, number, until)
    return Attempt(notice_id=notice.pk, key=reminder.key, number=number)


def _skip(reminder: Reminder, notice: Notice | None) -> None:
    """Record that ``reminder`` was not sent because its person switched it off
    (or cannot receive it), unless another run decided first."""
    if notice is None:
        try:
            with transaction.atomic():
                Notice.objects.create(
                    key=reminder.key,
                    kind=reminder.kind,
                    user=reminder.user,
                    outcome=Notice.Outcome.SKIPPED,
                )
        except IntegrityError:
            pass
        return
    now = timezone.now()
    Notice.objects.filter(
        pk=notice.pk, outcome=PENDING, attempts=notice.attempts, next_attempt_at__lte=now
    ).update(outcome=Notice.Outcome.SKIPPED, next_attempt_at=None, updated_at=now)


def _attempt_sent(attempt: Attempt) -> None:
    now = timezone.now()
    marked = Notice.objects.filter(
        pk=attempt.notice_id, outcome=PENDING, attempts=attempt.number
    ).update(outcome=Notice.Outcome.SENT, next_attempt_at=None, last_error="", updated_at=now)
    if marked:
        logger.debug("Reminder %s: attempt %d sent", attempt.key, attempt.number)
    else:
        logger.warning(
            "Reminder %s: attempt %d sent after its lease ran out; another run may send it "
            "again (REMINDER_LEASE_SECONDS is shorter than a send takes)",
            attempt.key,
            attempt.number,
        )


def _attempt_failed(attempt: Attempt, error: Exception, policy: RetryPolicy) -> str:
    """Write down a failed send: a pause before the next attempt, or, after the
    last one, the outcome *failed*."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:300]
    rows = Notice.objects.filter(pk=attempt.notice_id, outcome=PENDING, attempts=attempt.number)
    # A mail server's or the network's refusal needs no traceback; anything else is a bug.
    traceback = not isinstance(error, smtplib.SMTPException | OSError)
    if attempt.number >= policy.max_attempts:
        rows.update(
            outcome=Notice.Outcome.FAILED, next_attempt_at=None, last_error=text, updated_at=now
        )
        logger.error(
            "Reminder %s: attempt %d of %d failed (%s); given up",
            attempt.key,
            attempt.number,
            policy.max_attempts,
            text,
            exc_info=traceback,
        )
        return GIVEN_UP
    retry_at = now + policy.pause_after(attempt.number)
    rows.update(next_attempt_at=retry_at, last_error=text, updated_at=now)
    logger.warning(
        "Reminder %s: attempt %d of %d failed (%s); tried again from %s",
        attempt.key,
        attempt.number,
        policy.max_attempts,
        text,
        retry_at.isoformat(timespec="seconds"),
        exc_info=traceback,
    )
    return FAILED


def _give_up_unfinished(notice: Notice, policy: RetryPolicy) -> str:
    """Its last allowed attempt was claimed and never finished (every run that
    tried it stopped): say so, rather than let it stop runs for ever."""
    now = timezone.now()
    text = f"attempt {notice.attempts} never finished: the run sending it stopped"
    given_up = Notice.objects.filter(
        pk=notice.pk, outcome=PENDING, attempts=notice.attempts, next_attempt_at__lte=now
    ).update(outcome=Notice.Outcome.FAILED, next_attempt_at=None, last_error=text, updated_at=now)
    if not given_up:
        return SKIPPED
    logger.error(
        "Reminder %s: attempt %d of %d never finished; given up",
        notice.key,
        notice.attempts,
        policy.max_attempts,
    )
    return GIVEN_UP


def _close(connection: BaseEmailBackend) -> None:
    # A connection that broke may fail to close as well; the next send reopens it.
    with contextlib.suppress(Exception):
        connection.close()


def _message(reminder: Reminder) -> EmailMessage:
    assert reminder.user is not None  # reminder_send skips a reminder without a user
    context = dict(reminder.context)
    if reminder.link is not None:
        name, kwargs = reminder.link
        anchor = f"#{reminder.anchor}" if reminder.anchor else ""
        context["link"] = site_link(name, **kwargs) + anchor
    message = notice_message(
        user=reminder.user,
        kind=reminder.kind,
        subject=reminder.subject,
        template=reminder.template,
        context=context,
    )
    message.extra_headers["Message-ID"] = reminder_message_id(reminder.key)
    return message


# --- what each person switched off ---------------------------------------------------


@transaction.atomic
def email_preferences_set(*, actor: Actor, user: User, enabled: Iterable[str]) -> None:
    """Switch off every kind of e-mail not in ``enabled`` for ``user``, and on
    the rest. Only the user themself may; unknown kinds are refused."""
    account = actor_user(actor)
    if account is None or account.pk != user.pk:
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
        action=AuditAction.EMAIL_PREFERENCES,
        subject=user,
        before={"off": sorted(before)},
        after={"off": sorted(off)},
    )


@transaction.atomic
def email_unsubscribe(*, token: str) -> tuple[User, str] | None:
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
        audit_record(
            actor=None, action=AuditAction.EMAIL_UNSUBSCRIBE, subject=user, after={"off": [kind]}
        )
    return user, kind

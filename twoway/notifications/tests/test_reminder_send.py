"""The reminder ledger's lease: a claimed reminder that a dead run never sent
is taken over once the lease runs out, a failed send is tried again after a
doubling pause, and the last failure is recorded rather than lost.

The ledger follows the real clock; ``clock_at`` moves it, and ``Killed``
stands for the process dying (SIGKILL): no handler catches it, nothing after
it runs.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.utils import timezone

from twoway.notifications import selectors
from twoway.notifications.mail import reminder_message_id
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.notifications.services import (
    SENT,
    SKIPPED,
    RetryPolicy,
    reminder_send,
    reminders_send_due,
    retry_policy,
)
from twoway.notifications.tests.steps import clock_at, meeting, pair_of, recipients

JUNO, STERLING = "juno@example.org", "sterling@example.org"


class Killed(BaseException):
    """The process dies here."""


@pytest.fixture
def soon(quiet):
    """A meeting of Juno and Sterling in three hours: two reminders are due."""
    return meeting(pair_of(quiet.juno), timezone.now() + timedelta(hours=3))


def failing_for(monkeypatch, address, error=None):
    """Sending to ``address`` raises ``error`` (the mail server being down, by
    default); the rest go to the outbox. Returns what mends it."""
    real_send = EmailMessage.send

    def send(self, fail_silently=False):
        if self.to == [address]:
            raise error or ConnectionRefusedError("mail server down")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    return lambda: monkeypatch.setattr(EmailMessage, "send", real_send)


def row_of(user):
    return Notice.objects.get(user=user)


def test_a_run_killed_between_claim_and_send_leaves_the_reminder_to_a_later_run(
    soon, quiet, monkeypatch, settings
):
    settings.REMINDER_LEASE_SECONDS = 600
    now = timezone.now()
    mended = failing_for(monkeypatch, JUNO, Killed())

    with pytest.raises(Killed):
        reminders_send_due(now=now)  # claimed Juno's reminder, died sending it
    mended()

    # While the dead run's lease holds, a run sends Sterling's and leaves Juno's alone.
    assert reminders_send_due(now=now).sent == 1
    assert recipients(mail.outbox) == [STERLING]
    clock_at(monkeypatch, now + timedelta(minutes=9))
    assert reminders_send_due(now=now).sent == 0

    clock_at(monkeypatch, now + timedelta(minutes=10, seconds=1))
    assert reminders_send_due(now=now).sent == 1
    assert recipients(mail.outbox) == [JUNO, STERLING]
    assert reminders_send_due(now=now).sent == 0
    assert len(mail.outbox) == 2


def test_two_runs_that_find_the_same_lease_run_out_take_it_over_once(soon, quiet):
    now = timezone.now()
    [reminder] = [r for r in selectors.reminders_due(now=now) if r.user == quiet.juno.user]
    Notice.objects.create(
        key=reminder.key,
        kind=reminder.kind,
        user=reminder.user,
        outcome=Notice.Outcome.PENDING,
        attempts=1,
        next_attempt_at=now - timedelta(seconds=1),
    )
    seen = selectors.notices_by_key([reminder.key])[reminder.key]

    assert reminder_send(reminder, notice=seen) == SENT
    assert reminder_send(reminder, notice=seen) == SKIPPED  # read at the same moment

    assert recipients(mail.outbox) == [JUNO]
    row = row_of(quiet.juno.user)
    assert (row.outcome, row.attempts, row.next_attempt_at) == (Notice.Outcome.SENT, 2, None)


def test_a_send_that_outlasts_its_lease_leaves_the_outcome_to_the_run_that_took_over(
    soon, quiet, monkeypatch, settings, caplog
):
    settings.REMINDER_LEASE_SECONDS = 600
    now = timezone.now()
    real_send = EmailMessage.send
    overtaken: list[bool] = []

    def slow(self, fail_silently=False):
        if self.to == [JUNO] and not overtaken:
            overtaken.append(True)
            # This send hangs past its lease, and another run takes the reminder over.
            clock_at(monkeypatch, now + timedelta(minutes=11))
            reminders_send_due(now=now)
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow)
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.skipped) == (1, 1)  # Sterling's went with the other run
    assert recipients(mail.outbox) == [JUNO, JUNO, STERLING]
    row = row_of(quiet.juno.user)
    assert (row.outcome, row.attempts) == (Notice.Outcome.SENT, 2)
    assert "attempt 1 sent after its lease ran out" in caplog.text


def test_failed_sends_wait_a_doubling_pause_between_attempts(soon, quiet, monkeypatch, settings):
    settings.REMINDER_RETRY_SECONDS = 60
    settings.REMINDER_MAX_ATTEMPTS = 5
    now = timezone.now()
    failing_for(monkeypatch, STERLING)
    pauses = []
    clock = now
    for _ in range(4):
        clock_at(monkeypatch, clock)
        assert reminders_send_due(now=now).failed == 1
        row = row_of(quiet.sterling.user)
        pauses.append(row.next_attempt_at - clock)
        clock_at(monkeypatch, row.next_attempt_at - timedelta(seconds=1))
        assert reminders_send_due(now=now).failed == 0  # not yet
        clock = row.next_attempt_at

    assert pauses == [timedelta(seconds=s) for s in (60, 120, 240, 480)]
    row = row_of(quiet.sterling.user)
    assert (row.outcome, row.attempts) == (Notice.Outcome.PENDING, 4)
    assert RetryPolicy().pause_after(30) == timedelta(hours=6)


def test_after_the_last_attempt_fails_the_reminder_is_marked_failed_and_not_tried_again(
    soon, quiet, monkeypatch, settings, caplog
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    now = timezone.now()
    mended = failing_for(monkeypatch, STERLING)
    runs = []
    for hours in range(3):
        clock_at(monkeypatch, now + timedelta(hours=hours))
        runs.append(reminders_send_due(now=now))

    assert [(c.failed, c.given_up) for c in runs] == [(1, 0), (1, 0), (1, 1)]
    row = row_of(quiet.sterling.user)
    assert (row.outcome, row.attempts, row.next_attempt_at) == (Notice.Outcome.FAILED, 3, None)
    assert row.last_error == "ConnectionRefusedError: mail server down"
    assert "attempt 3 of 3 failed (ConnectionRefusedError: mail server down); given up" in (
        caplog.text
    )

    mended()
    clock_at(monkeypatch, now + timedelta(days=1))
    assert reminders_send_due(now=now).sent == 0
    assert recipients(mail.outbox) == [JUNO]


def test_a_reminder_whose_runs_keep_dying_is_given_up_after_the_last_attempt(
    soon, quiet, monkeypatch, settings, caplog
):
    settings.REMINDER_MAX_ATTEMPTS = 2
    settings.REMINDER_LEASE_SECONDS = 600
    now = timezone.now()
    mended = failing_for(monkeypatch, JUNO, Killed())
    for hours in range(2):
        clock_at(monkeypatch, now + timedelta(hours=hours))
        with pytest.raises(Killed):
            reminders_send_due(now=now)
    mended()

    clock_at(monkeypatch, now + timedelta(hours=2))
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.failed, counts.given_up) == (1, 1, 1)  # Sterling's went
    assert recipients(mail.outbox) == [STERLING]
    row = row_of(quiet.juno.user)
    assert (row.outcome, row.attempts) == (Notice.Outcome.FAILED, 2)
    assert row.last_error == "attempt 2 never finished: the run sending it stopped"
    assert "attempt 2 of 2 never finished; given up" in caplog.text


def test_a_reminder_waiting_to_be_tried_again_is_skipped_once_its_kind_is_switched_off(
    soon, quiet, monkeypatch
):
    now = timezone.now()
    mended = failing_for(monkeypatch, STERLING)
    reminders_send_due(now=now)
    mended()
    EmailOptOut.objects.create(user=quiet.sterling.user, kind=Kind.MEETING_SOON)

    clock_at(monkeypatch, now + timedelta(hours=1))
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.skipped) == (0, 1)
    assert recipients(mail.outbox) == [JUNO]
    assert row_of(quiet.sterling.user).outcome == Notice.Outcome.SKIPPED


def test_every_attempt_of_a_reminder_carries_the_same_message_id(soon, quiet, monkeypatch):
    now = timezone.now()
    refused: list[str] = []
    real_send = EmailMessage.send

    def refuse_once(self, fail_silently=False):
        if self.to == [STERLING] and not refused:
            refused.append(self.message()["Message-ID"])
            raise ConnectionRefusedError("mail server down")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", refuse_once)
    reminders_send_due(now=now)
    clock_at(monkeypatch, now + timedelta(hours=1))
    reminders_send_due(now=now)

    ids = {message.to[0]: message.message()["Message-ID"] for message in mail.outbox}
    assert refused == [ids[STERLING]]
    assert ids[STERLING] == reminder_message_id(row_of(quiet.sterling.user).key)
    assert ids[JUNO] != ids[STERLING]


def test_while_the_mail_server_cannot_be_reached_no_reminder_uses_up_an_attempt(
    soon, quiet, monkeypatch, caplog
):
    now = timezone.now()

    def unreachable(self):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(locmem.EmailBackend, "open", unreachable, raising=False)
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.failed, counts.unreachable) == (0, 0, 2)
    assert mail.outbox == [] and not Notice.objects.exists()
    assert "The mail server could not be reached (ConnectionRefusedError: connection " in (
        caplog.text
    )

    monkeypatch.undo()
    assert reminders_send_due(now=now).sent == 2
    assert set(Notice.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.parametrize(
    "name, value",
    [("REMINDER_LEASE_SECONDS", 0), ("REMINDER_RETRY_SECONDS", -1), ("REMINDER_MAX_ATTEMPTS", 0)],
)
def test_retry_settings_that_make_no_sense_are_refused(name, value, settings):
    setattr(settings, name, value)
    with pytest.raises(ImproperlyConfigured, match="REMINDER_LEASE_SECONDS must be above 0"):
        retry_policy()


def test_the_retry_settings_default_to_a_ten_minute_lease_and_eight_attempts(settings):
    for name in ("REMINDER_LEASE_SECONDS", "REMINDER_RETRY_SECONDS", "REMINDER_MAX_ATTEMPTS"):
        if hasattr(settings, name):
            delattr(settings, name)
    assert retry_policy() == RetryPolicy(
        lease=timedelta(minutes=10), first_pause=timedelta(minutes=5), max_attempts=8
    )

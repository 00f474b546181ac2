import zoneinfo
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from twoway.core.models import Role
from twoway.meetings.models import MeetingLog
from twoway.notifications import selectors, services
from twoway.notifications.mail import unsubscribe_read, unsubscribe_url
from twoway.notifications.models import EmailOptOut, Kind, Notice
from twoway.notifications.services import reminders_send_due
from twoway.notifications.tests.steps import (
    cancelled,
    clock_at,
    meeting,
    pair_of,
    recipients,
    sent,
    sponsor,
)
from twoway.pairs.models import Agreement, Pair, PulseCheckin
from twoway.pairs.tests.agreements import edit, sign
from twoway.testing.factories import UserFactory, grant
from twoway.testing.queries import queries_in

JUNO, STERLING = "juno@example.org", "sterling@example.org"
MAYA, RICHARD = "maya@example.org", "richard@example.org"


def link(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def test_nothing_is_due_while_pairs_have_signed_and_planned_nothing(quiet):
    counts = reminders_send_due()
    assert (counts.sent, counts.skipped, counts.failed) == (0, 0, 0)
    assert mail.outbox == [] and not Notice.objects.exists()


# --- a meeting is coming up -----------------------------------------------------------


def test_both_partners_hear_of_a_meeting_within_24_hours_once(quiet):
    now = timezone.now()
    pair = pair_of(quiet.juno)
    soon = meeting(pair, now + timedelta(hours=3), time_zone="Europe/Berlin", place="Room 4")
    meeting(pair, now + timedelta(hours=30))  # not yet

    counts = reminders_send_due(now=now)

    assert counts.sent == 2 and counts.sent_by_kind == {Kind.MEETING_SOON: 2}
    assert recipients(sent(Kind.MEETING_SOON)) == [JUNO, STERLING]
    to_juno = next(m for m in mail.outbox if m.to == [JUNO])
    assert to_juno.subject == "Coming up: your meeting with Sterling Hayes"
    local = soon.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert f"{local:%H:%M} (Europe/Berlin)" in to_juno.body
    assert "Place: Room 4" in to_juno.body
    assert link("meetings:detail", uuid=soon.uuid) in to_juno.body

    mail.outbox.clear()
    assert reminders_send_due(now=now + timedelta(minutes=15)).sent == 0
    assert mail.outbox == []


def test_a_rescheduled_meeting_is_reminded_again(quiet):
    now = timezone.now()
    soon = meeting(pair_of(quiet.juno), now + timedelta(hours=3))
    reminders_send_due(now=now)
    mail.outbox.clear()

    soon.starts_at = now + timedelta(hours=5)
    soon.save()

    assert reminders_send_due(now=now).sent == 2
    assert recipients(sent(Kind.MEETING_SOON)) == [JUNO, STERLING]


def test_cancelled_meetings_and_meetings_of_ended_pairs_are_not_reminded(quiet):
    now = timezone.now()
    cancelled(pair_of(quiet.juno), "mentee", now + timedelta(hours=3))
    ended = pair_of(quiet.maya)
    meeting(ended, now + timedelta(hours=3))
    Pair.objects.filter(pk=ended.pk).update(status=Pair.Status.ENDED)

    assert reminders_send_due(now=now).sent == 0


# --- log your meeting -----------------------------------------------------------------


def test_who_has_not_logged_a_meeting_that_ended_is_asked_to_once(quiet):
    now = timezone.now()
    pair = pair_of(quiet.juno)
    held = meeting(pair, now - timedelta(hours=2), duration_minutes=60)
    MeetingLog.objects.create(meeting=held, author=quiet.juno, side="mentor", rating=4)
    meeting(pair_of(quiet.maya), now - timedelta(minutes=30), duration_minutes=60)  # not over

    counts = reminders_send_due(now=now)

    assert counts.sent_by_kind == {Kind.LOG_MEETING: 1}
    [message] = sent(Kind.LOG_MEETING)
    assert message.to == [STERLING]
    assert message.subject == "How did your meeting with Juno Park go?"
    assert link("meetings:log", uuid=held.uuid) in message.body
    assert reminders_send_due(now=now + timedelta(hours=1)).sent_by_kind == {
        Kind.LOG_MEETING: 2  # Maya's meeting is over now; Sterling is not asked twice
    }
    assert recipients(sent(Kind.LOG_MEETING)) == [MAYA, RICHARD, STERLING]


def test_a_meeting_that_ended_over_a_week_ago_is_not_worth_a_reminder(quiet):
    now = timezone.now()
    meeting(pair_of(quiet.juno), now - timedelta(days=7, hours=2), duration_minutes=60)
    assert reminders_send_due(now=now).sent == 0


# --- the agreement --------------------------------------------------------------------


def test_each_side_is_asked_to_sign_each_version_once(published):
    mail.outbox.clear()
    now = timezone.now()

    assert reminders_send_due(now=now).sent_by_kind == {Kind.AGREEMENT: 4}
    assert recipients(sent(Kind.AGREEMENT)) == [JUNO, MAYA, RICHARD, STERLING]
    to_juno = next(m for m in sent(Kind.AGREEMENT) if m.to == [JUNO])
    assert to_juno.subject == "Your agreement with Sterling Hayes waits for your signature"
    assert "(version 1)" in to_juno.body
    assert link("home:pair", uuid=pair_of(published.juno).uuid) + "#agreement" in to_juno.body
    assert reminders_send_due(now=now).sent == 0

    agreement = pair_of(published.juno).agreement
    sign(agreement, published.juno, 1)
    edit(agreement, published.sterling, 1, cadence="Every other Tuesday")  # version 2
    mail.outbox.clear()

    assert reminders_send_due(now=now).sent_by_kind == {Kind.AGREEMENT: 2}
    assert recipients(sent(Kind.AGREEMENT)) == [JUNO, STERLING]
    assert all("(version 2)" in m.body for m in sent(Kind.AGREEMENT))


def test_a_side_that_signed_is_not_asked(published):
    agreement = pair_of(published.juno).agreement
    sign(agreement, published.juno, 1)
    mail.outbox.clear()

    reminders_send_due()

    assert JUNO not in recipients(sent(Kind.AGREEMENT))
    to_sterling = next(m for m in sent(Kind.AGREEMENT) if m.to == [STERLING])
    assert "Juno has signed it." in to_sterling.body


# --- pulse check-ins ------------------------------------------------------------------


def test_an_unanswered_check_in_that_is_due_is_reminded_once(quiet):
    now = timezone.now()
    today = timezone.localdate(now)
    pair = pair_of(quiet.juno)
    due = PulseCheckin.objects.create(pair=pair, person=quiet.sterling, round=1, due_on=today)
    PulseCheckin.objects.create(
        pair=pair, person=quiet.juno, round=1, due_on=today + timedelta(days=1)
    )
    other = pair_of(quiet.maya)
    PulseCheckin.objects.create(
        pair=other, person=quiet.maya, round=1, due_on=today, quality=4, answered_at=now
    )

    assert reminders_send_due(now=now).sent_by_kind == {Kind.PULSE: 1}
    [message] = sent(Kind.PULSE)
    assert message.to == [STERLING]
    assert message.subject == "Two questions about your pair with Juno Park"
    assert link("pairs:checkin", uuid=due.uuid) in message.body
    assert reminders_send_due(now=now).sent == 0


def test_check_ins_that_fall_due_are_created_and_reminded(quiet):
    later = timezone.now() + timedelta(days=31)

    counts = reminders_send_due(now=later)

    assert counts.sent_by_kind.get(Kind.PULSE) == 4
    assert recipients(sent(Kind.PULSE)) == [JUNO, MAYA, RICHARD, STERLING]
    assert PulseCheckin.objects.filter(answered_at__isnull=True).count() == 4


# --- the weekly digest of pairs at risk -----------------------------------------------


def test_the_managers_of_a_program_with_pairs_at_risk_get_one_digest_a_week(published, morgan):
    nadia = UserFactory(email="nadia@example.org", first_name="Nadia")
    grant(nadia, Role.PROGRAM_MANAGER, program=published.program)
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=15)  # both agreements unsigned for 15 days

    reminders_send_due(now=later)

    digests = sent(Kind.RISK_DIGEST)
    assert recipients(digests) == ["nadia@example.org", "priya@example.org"]  # not morgan
    assert set(Pair.objects.values_list("status", flat=True)) == {Pair.Status.AT_RISK}
    body = digests[0].body
    assert digests[0].subject == "Reverse pilot: 2 pairs at risk this week"
    assert "- Juno Park & Sterling Hayes\n    Agreement unsigned 15 days after the match" in body
    assert "- Maya Chen & Richard Hale" in body
    assert link("meetings:health", slug=published.program.slug) in body

    mail.outbox.clear()
    reminders_send_due(now=later + timedelta(hours=1))
    assert sent(Kind.RISK_DIGEST) == []
    reminders_send_due(now=later + timedelta(days=7))  # the next week
    assert recipients(sent(Kind.RISK_DIGEST)) == ["nadia@example.org", "priya@example.org"]


def test_no_digest_while_no_pair_is_at_risk(quiet):
    reminders_send_due(now=timezone.now() + timedelta(days=15))
    assert sent(Kind.RISK_DIGEST) == []


# --- escalation to the sponsor --------------------------------------------------------


def test_the_sponsor_hears_once_when_one_side_keeps_cancelling(quiet, cast):
    sponsor(quiet.program, cast.sol)
    now = timezone.now()
    for days in (3, 2, 1):
        cancelled(pair_of(quiet.juno), "mentee", now - timedelta(days=days))
    for days in (3, 2):
        cancelled(pair_of(quiet.maya), "mentor", now - timedelta(days=days))  # under 3

    reminders_send_due(now=now)

    [message] = sent(Kind.ESCALATION)
    assert message.to == ["sol@example.org"]
    assert message.subject == "Reverse pilot: repeated cancellations"
    assert "Sterling Hayes (the mentee) has cancelled 3 meetings with Juno Park" in message.body
    assert "private reason" not in message.body

    mail.outbox.clear()
    cancelled(pair_of(quiet.juno), "mentee", now - timedelta(hours=1))
    reminders_send_due(now=now)
    assert sent(Kind.ESCALATION) == []


def test_no_escalation_without_a_sponsor(quiet):
    now = timezone.now()
    for days in (3, 2, 1):
        cancelled(pair_of(quiet.juno), "mentor", now - timedelta(days=days))
    reminders_send_due(now=now)
    assert sent(Kind.ESCALATION) == []


# --- the ledger: opt-outs, headers, failures, races -----------------------------------


def test_a_kind_switched_off_is_skipped_and_never_sent_later(quiet):
    now = timezone.now()
    EmailOptOut.objects.create(user=quiet.sterling.user, kind=Kind.MEETING_SOON)
    meeting(pair_of(quiet.juno), now + timedelta(hours=3))

    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.skipped) == (1, 1)
    assert recipients(mail.outbox) == [JUNO]
    skipped = Notice.objects.get(user=quiet.sterling.user)
    assert skipped.outcome == Notice.Outcome.SKIPPED and skipped.kind == Kind.MEETING_SOON

    EmailOptOut.objects.all().delete()
    counts = reminders_send_due(now=now)
    assert (counts.sent, counts.skipped) == (0, 0)


def test_every_reminder_carries_its_one_click_unsubscribe_link(quiet):
    meeting(pair_of(quiet.juno), timezone.now() + timedelta(hours=3))
    reminders_send_due()

    for message in mail.outbox:
        user = quiet.juno.user if message.to == [JUNO] else quiet.sterling.user
        url = unsubscribe_url(user, Kind.MEETING_SOON)
        assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f"Switch them off with one click: {url}" in message.body
        token = url.rstrip("/").rsplit("/", 1)[1]
        assert unsubscribe_read(token) == (user.pk, Kind.MEETING_SOON)


def test_a_failed_send_is_counted_logged_and_tried_again_after_a_pause(quiet, monkeypatch, caplog):
    now = timezone.now()
    meeting(pair_of(quiet.juno), now + timedelta(hours=3))
    real_send = EmailMessage.send

    def flaky(self, fail_silently=False):
        if self.to == [STERLING]:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.skipped, counts.failed) == (1, 0, 1)
    assert recipients(mail.outbox) == [JUNO]
    waiting = Notice.objects.get(user=quiet.sterling.user)
    assert (waiting.outcome, waiting.attempts) == (Notice.Outcome.PENDING, 1)
    assert waiting.last_error == "ConnectionRefusedError: mail server down"
    assert "attempt 1 of 8 failed (ConnectionRefusedError: mail server down)" in caplog.text

    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert reminders_send_due(now=now).sent == 0  # the pause is not over yet
    assert waiting.next_attempt_at is not None
    clock_at(monkeypatch, waiting.next_attempt_at)
    counts = reminders_send_due(now=now)
    assert (counts.sent, counts.failed) == (1, 0)
    assert recipients(mail.outbox) == [JUNO, STERLING]
    sent_row = Notice.objects.get(user=quiet.sterling.user)
    assert (sent_row.outcome, sent_row.attempts) == (Notice.Outcome.SENT, 2)


def test_a_reminder_another_run_claimed_meanwhile_is_skipped(quiet, monkeypatch):
    now = timezone.now()
    soon = meeting(pair_of(quiet.juno), now + timedelta(hours=3))
    soon.refresh_from_db()
    juno = quiet.juno.user
    key = f"meeting_soon:{soon.uuid}:{soon.starts_at.isoformat()}:{juno.pk}"
    Notice.objects.create(key=key, kind=Kind.MEETING_SOON, user=juno)
    # As if the other run claimed it after this one read the ledger.
    monkeypatch.setattr(selectors, "notices_by_key", lambda keys: {})

    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.skipped) == (1, 1)
    assert recipients(mail.outbox) == [STERLING]
    assert Notice.objects.count() == 2


def test_finding_what_is_due_takes_the_same_queries_for_more_pairs(quiet, cast):
    sponsor(quiet.program, cast.sol)
    now = timezone.now()

    def make_everything_due(pair):
        meeting(pair, now + timedelta(hours=3))
        meeting(pair, now - timedelta(hours=3))
        for days in (5, 4, 3):
            cancelled(pair, "mentor", now - timedelta(days=days))
        PulseCheckin.objects.create(
            pair=pair, person=pair.mentee, round=1, due_on=timezone.localdate(now)
        )
        Agreement.objects.filter(pair=pair).update(version=2)
        Pair.objects.filter(pk=pair.pk).update(
            status=Pair.Status.AT_RISK, risk_reasons=["No meeting for 7 weeks"]
        )

    def read():
        return selectors.reminders_due(now=now)

    make_everything_due(pair_of(quiet.juno))
    assert {reminder.kind for reminder in read()} == set(Kind.values) - {Kind.MEETING_INVITE}
    one = queries_in(read)
    make_everything_due(pair_of(quiet.maya))
    assert queries_in(read) == one


@pytest.mark.parametrize("kind", [Kind.RISK_DIGEST, Kind.ESCALATION])
def test_reminders_to_managers_and_sponsors_name_no_meeting_contents(kind, quiet, cast):
    sponsor(quiet.program, cast.sol)
    now = timezone.now()
    for days in (3, 2, 1):
        cancelled(pair_of(quiet.juno), "mentee", now - timedelta(days=days))
    reminders_send_due(now=now)
    [message] = sent(kind)
    assert "private reason" not in message.body.lower()


def test_the_service_does_not_hold_back_the_rest_when_one_cannot_be_written(quiet, monkeypatch):
    now = timezone.now()
    meeting(pair_of(quiet.juno), now + timedelta(hours=3))
    real = services._message

    def broken(reminder):
        if reminder.user.email == STERLING:
            raise ValueError("template broke")
        return real(reminder)

    monkeypatch.setattr(services, "_message", broken)
    counts = reminders_send_due(now=now)

    assert (counts.sent, counts.failed) == (1, 1)
    waiting = Notice.objects.get(user=quiet.sterling.user)
    assert (waiting.outcome, waiting.last_error) == (
        Notice.Outcome.PENDING,
        "ValueError: template broke",
    )


def test_reminders_still_go_when_preparing_the_check_ins_breaks(quiet, monkeypatch, caplog):
    def broken(*, now):
        raise RuntimeError("check-ins broke")

    monkeypatch.setattr(services, "pulse_checkins_create_due", broken)
    meeting(pair_of(quiet.juno), timezone.now() + timedelta(hours=3))

    assert reminders_send_due().sent == 2
    assert "broken failed; sending the reminders found without it" in caplog.text

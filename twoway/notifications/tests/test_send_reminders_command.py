from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from twoway.notifications.models import EmailOptOut, Kind, Notice


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_it_prints_what_it_sent_and_ends_with_the_totals(published):
    mail.outbox.clear()
    EmailOptOut.objects.create(user=published.richard.user, kind=Kind.AGREEMENT)

    lines, _ = run()

    assert lines == ["agreement: sent=3 skipped=1", "sent=3 skipped=1"]
    assert len(mail.outbox) == 3


def test_run_again_at_once_it_sends_nothing(published):
    run()
    mail.outbox.clear()

    lines, _ = run()

    assert lines[-1] == "sent=0 skipped=0"
    assert mail.outbox == []


def test_now_moves_the_clock(quiet):
    later = (timezone.localtime() + timedelta(days=31)).replace(tzinfo=None).isoformat()

    lines, _ = run("--now", later)

    assert "pulse: sent=4 skipped=0" in lines and lines[-1] == "sent=4 skipped=0"


def test_failures_are_counted_on_stderr_and_left_for_a_later_run(published, monkeypatch):
    def down(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    lines, err = run()

    assert lines[-1] == "sent=0 skipped=0"
    assert err.strip() == "failed=4: not sent (see the log); tried again after a pause"
    assert set(Notice.objects.values_list("outcome", "attempts")) == {(Notice.Outcome.PENDING, 1)}


def test_reminders_given_up_are_counted_on_stderr(published, monkeypatch, settings):
    settings.REMINDER_MAX_ATTEMPTS = 1

    def down(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    lines, err = run()

    assert lines[-1] == "sent=0 skipped=0"
    assert err.startswith("failed=4 given_up=4: not sent (see the log);")
    assert "(--failed lists them)" in err
    assert set(Notice.objects.values_list("outcome", flat=True)) == {Notice.Outcome.FAILED}

    listed, _ = run("--failed")

    assert listed[-1] == "given_up=4"
    assert sorted(line.split()[3] for line in listed[:-1]) == [
        "juno@example.org",
        "maya@example.org",
        "richard@example.org",
        "sterling@example.org",
    ]
    assert all(
        line.split(" ", 2)[2].startswith("agreement ")
        and line.endswith("attempts=1 ConnectionRefusedError: mail server down")
        for line in listed[:-1]
    )


def test_failed_lists_nothing_while_nothing_was_given_up(published):
    run()
    assert run("--failed")[0] == ["given_up=0"]


def test_a_bad_now_is_refused_with_an_example(db):
    with pytest.raises(CommandError, match="like 2025-03-01T09:00"):
        run("--now", "next tuesday")


def test_an_unreachable_mail_server_is_said_on_stderr(published, monkeypatch):
    def unreachable(self):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.open", unreachable, raising=False
    )
    lines, err = run()

    assert lines[-1] == "sent=0 skipped=0"
    assert err.strip() == (
        "unreachable=4: the mail server could not be reached (see the log); nothing was "
        "sent, the next run tries again"
    )
    assert not Notice.objects.exists()

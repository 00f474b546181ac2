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


def test_failures_are_counted_on_stderr_and_left_for_the_next_run(published, monkeypatch):
    def down(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    lines, err = run()

    assert lines[-1] == "sent=0 skipped=0"
    assert "failed=4" in err
    assert not Notice.objects.exists()


def test_a_bad_now_is_refused_with_an_example(db):
    with pytest.raises(CommandError, match="like 2025-03-01T09:00"):
        run("--now", "next tuesday")

"""``twoway retention_purge``: the private free text of programs closed long ago
goes; counts, scores and dates stay; ``--dry-run`` changes nothing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.meetings.models import MeetingLog
from twoway.pairs.models import Agreement, PulseCheckin, Reflection
from twoway.privacy.services import retention_purge
from twoway.privacy.tests.helpers import rich_juno
from twoway.programs.models import Program
from twoway.surveys.models import SurveyAnswer
from twoway.testing.cast import Cast, Pilot


def _close(program: Program, days_ago: int) -> None:
    ends = timezone.localdate() - dt.timedelta(days=days_ago)
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.CLOSED, starts_on=ends - dt.timedelta(days=180), ends_on=ends
    )


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention_purge", *args, stdout=out)
    return out.getvalue()


def _texts() -> list[str]:
    logs = [log.private_notes + log.shared_notes + log.learned for log in MeetingLog.objects.all()]
    return [
        *logs,
        *(r.changed for r in Reflection.objects.all()),
        *(c.note for c in PulseCheckin.objects.all()),
        *(a.text for a in SurveyAnswer.objects.all()),
        *(a.mentor_goals for a in Agreement.objects.all()),
    ]


def test_a_dry_run_counts_and_changes_nothing(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    _close(rich.pair.program, days_ago=800)
    before = _texts()
    out = _run("--dry-run")
    assert f"{rich.pair.program.slug}: would empty" in out
    assert "meeting_logs=2" in out and "reflections=1" in out
    assert _texts() == before
    assert not AuditEvent.objects.filter(action="privacy.retention_purge").exists()


def test_the_purge_empties_free_text_and_keeps_figures(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    _close(rich.pair.program, days_ago=800)
    logs = MeetingLog.objects.count()
    ratings = sorted(MeetingLog.objects.values_list("rating", flat=True))

    out = _run()

    assert "meeting_logs=2" in out
    assert not any(_texts())
    assert MeetingLog.objects.count() == logs
    assert sorted(MeetingLog.objects.values_list("rating", flat=True)) == ratings
    assert Reflection.objects.count() == 1
    assert PulseCheckin.objects.get().quality == 4
    event = AuditEvent.objects.get(action="privacy.retention_purge")
    assert event.subject_id == str(rich.pair.program.uuid)
    assert event.after and event.after["meeting_logs"] == 2
    # A second run has nothing left to empty.
    assert _run().endswith("emptied=0\n")
    assert AuditEvent.objects.filter(action="privacy.retention_purge").count() == 1


def test_programs_closed_recently_or_still_running_are_kept(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    assert retention_purge(actor=None) == {}
    _close(rich.pair.program, days_ago=100)
    assert retention_purge(actor=None) == {}
    assert any(_texts())


@override_settings(RETENTION_DAYS_AFTER_CLOSE=0)
def test_zero_keeps_everything_forever(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    _close(rich.pair.program, days_ago=5000)
    assert "kept forever" in _run()
    assert any(_texts())

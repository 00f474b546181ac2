from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from twoway import engine
from twoway.matching.models import MatchRun
from twoway.programs.models import Program


def run_command(*args):
    out = StringIO()
    call_command("run_matching", *args, stdout=out)
    return out.getvalue()


def test_prints_progress_then_the_summary(pilot):
    output = run_command("reverse-pilot")

    lines = output.splitlines()
    assert lines[0] == "validate 0%"
    assert any(line.startswith("solve ") and line.endswith("%") for line in lines)
    assert "pairs: 2" in lines
    assert "certified optimal: yes" in lines
    assert "unmatched: 0" in lines
    assert any(line.startswith("total: ") for line in lines)
    assert any(line.startswith("timings: load=") for line in lines)
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.SUCCEEDED and not run.is_dry_run
    assert run.requested_by is None


def test_dry_run_keeps_a_run_marked_as_dry(pilot):
    Program.objects.filter(pk=pilot.program.pk).update(status=Program.Status.ENROLLING)

    output = run_command("reverse-pilot", "--dry-run")

    assert "program: reverse-pilot (dry run)" in output
    assert MatchRun.objects.get().is_dry_run


def test_unknown_program_exits_with_a_clear_message(db):
    with pytest.raises(CommandError, match="No program with the slug “nope”"):
        run_command("nope")


def test_program_in_the_wrong_status_exits_with_a_clear_message(pilot):
    Program.objects.filter(pk=pilot.program.pk).update(status=Program.Status.ENROLLING)

    with pytest.raises(CommandError, match="needs it to be matching"):
        run_command("reverse-pilot")
    assert not MatchRun.objects.exists()


def test_a_failing_run_exits_non_zero(pilot, monkeypatch):
    def broken(problem, **kwargs):
        raise engine.EngineInputError("mentor 3 is locked to two mentees")

    monkeypatch.setattr(engine, "match", broken)
    with pytest.raises(CommandError, match="The run failed: mentor 3 is locked to two mentees"):
        run_command("reverse-pilot")

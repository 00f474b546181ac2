import pytest

from twoway import engine
from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRun, Proposal, UnmatchedEntry
from twoway.matching.services.runs import match_run_create, match_run_execute
from twoway.testing.factories import enroll, person, run_now


def pairs_of(run):
    return set(run.proposals.values_list("mentor__name", "mentee__name"))


def test_stores_the_best_pairs_with_their_reasons(pilot, cast):
    run = run_now(pilot.program, actor=cast.priya)

    assert run.status == MatchRun.Status.SUCCEEDED
    assert pairs_of(run) == {("Juno Park", "Sterling Hayes"), ("Maya Chen", "Richard Hale")}
    proposal = run.proposals.get(mentor=pilot.juno)
    assert proposal.topics["teaches"] == [[pilot.video.pk, 4, 1]]
    assert proposal.topics["teaches_back"] == [[pilot.negotiation.pk, 5, 1]]
    assert set(proposal.breakdown) >= {"teach", "teach_back"}
    assert proposal.score == pytest.approx(sum(proposal.breakdown.values()), abs=1e-4)
    assert run.total == pytest.approx(sum(run.proposals.values_list("score", flat=True)))
    assert run.counts["pairs"] == 2 and run.counts["unmatched"] == 0
    assert run.certified_optimal is True and run.optimality_gap == 0
    assert run.percent == 100 and run.phase == "done"
    assert {"load", "solve", "store"} <= set(run.timings)
    assert run.settings["weights"] == pilot.program.weights
    assert AuditEvent.objects.filter(action="match_run.finish", subject_id=str(run.uuid)).exists()


def test_stores_unmatched_people_with_the_reason(pilot, cast):
    loner = person("Lou Lone", level=9, department="Finance")
    enroll(pilot.program, loner, "mentee")  # wants nothing anybody teaches

    run = run_now(pilot.program, actor=cast.priya)

    entry = UnmatchedEntry.objects.get(run=run, person=loner)
    assert entry.side == "mentee"
    assert entry.reason in ("no_shared_topic", "constraint", "capacity")


def test_writes_progress_to_the_row_while_it_runs(pilot, cast, monkeypatch):
    seen = []
    real_match = engine.match

    def spying_match(problem, **kwargs):
        def progress(phase, fraction):
            kwargs["progress"](phase, fraction)
            row = MatchRun.objects.get(status=MatchRun.Status.RUNNING)
            seen.append((row.phase, row.percent))

        return real_match(problem, **(kwargs | {"progress": progress}))

    monkeypatch.setattr(engine, "match", spying_match)
    echoed = []
    run = match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    match_run_execute(actor=cast.priya, run=run, echo=lambda p, n: echoed.append((p, n)))

    assert ("validate", 0) in seen
    assert echoed[0][0] == "validate"
    assert {phase for phase, _ in seen} >= {"validate", "candidates", "solve"}


def test_an_engine_input_error_fails_the_run_with_its_message(pilot, cast, monkeypatch):
    def broken(problem, **kwargs):
        raise engine.EngineInputError("lock (1, 2) breaks the reporting-line rule")

    monkeypatch.setattr(engine, "match", broken)
    run = run_now(pilot.program, actor=cast.priya)

    assert run.status == MatchRun.Status.FAILED
    assert run.error == "lock (1, 2) breaks the reporting-line rule"
    assert run.finished_at is not None
    assert not Proposal.objects.filter(run=run).exists()
    assert AuditEvent.objects.filter(action="match_run.fail").exists()


def test_an_unexpected_error_fails_the_run_without_details(pilot, cast, monkeypatch):
    def broken(problem, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(engine, "match", broken)
    run = run_now(pilot.program, actor=cast.priya)

    assert run.status == MatchRun.Status.FAILED
    assert "ZeroDivisionError" in run.error and "secret" not in run.error


def test_running_the_same_run_twice_does_the_work_once(pilot, cast):
    run = run_now(pilot.program, actor=cast.priya)
    again = match_run_execute(actor=cast.priya, run=run)

    assert again.pk == run.pk and again.status == MatchRun.Status.SUCCEEDED
    assert Proposal.objects.filter(run=run).count() == 2


def test_runs_with_the_weights_it_was_asked_for(pilot, cast):
    run = run_now(pilot.program, actor=cast.priya, weights={"teach_back": 0})

    assert run.settings["weights"]["teach_back"] == 0
    assert all(p.breakdown.get("teach_back", 0) == 0 for p in run.proposals.all())

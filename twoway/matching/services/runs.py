"""Matching runs: queue one, run the engine on it (the ``run_matching`` task,
or the command line), store what it found, and run again for the people
opt-outs freed.

A run does *not* happen in one transaction: progress is written to the run's
row as the engine reports it (so a page polling it sees it move, on PostgreSQL
too), and the results are written at the end in one atomic block.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from twoway import engine
from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.matching.adapters import (
    ProgramProblem,
    breakdown_json,
    problem_build,
    problem_settings,
)
from twoway.matching.models import MatchRun, Proposal, UnmatchedEntry
from twoway.matching.reasons import topics_json
from twoway.matching.rules import LIVE_RUN
from twoway.matching.selectors import match_run_latest
from twoway.matching.services.guards import MatchingError, require_manager
from twoway.matching.services.mail import notify_preview
from twoway.programs.models import Program

logger = logging.getLogger(__name__)

Status = MatchRun.Status
# A run whose row has not moved for this long is taken to have died with its worker.
ABANDONED_AFTER = dt.timedelta(minutes=30)
PROGRESS_SECONDS = 0.5
PROGRESS_PERCENT = 5


def _weights_clean(weights: Mapping[str, Any] | None) -> dict[str, float]:
    clean: dict[str, float] = {}
    for key, value in (weights or {}).items():
        if key not in engine.COMPONENTS:
            raise MatchingError(f"“{key}” is not a score component.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise MatchingError(f"The {key.replace('_', ' ')} weight must be a number.") from None
        if not 0 <= number <= 100:
            raise MatchingError(f"The {key.replace('_', ' ')} weight must be between 0 and 100.")
        clean[key] = number
    return clean


def _fail_abandoned(program: Program) -> None:
    cutoff = timezone.now() - ABANDONED_AFTER
    MatchRun.objects.filter(program=program, status__in=LIVE_RUN, updated_at__lt=cutoff).update(
        status=Status.FAILED,
        error="The run stopped without finishing (its worker went away). Start it again.",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


@transaction.atomic
def match_run_create(
    *,
    actor: Actor,
    program: Program,
    dry_run: bool = False,
    weights: Mapping[str, Any] | None = None,
    inline: bool = False,
) -> MatchRun:
    """Queue a matching run for ``program`` (the background task runs it after
    commit; ``inline`` leaves running it to the caller, as the command line does).

    A real run needs the program in *matching*; a dry run may also look at an
    *enrolling* program. Dry runs are kept, marked, and can never be published.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    require_manager(actor, program)
    if program.kind == Program.Kind.CIRCLES:
        raise MatchingError(
            "This is a circles program: its people meet in circles, not pairs. Form the "
            "circles on the program's circles page instead of running matching."
        )
    if program.matching_style == Program.MatchingStyle.SELF:
        raise MatchingError(
            "This program uses self-matching: participants choose their partners from "
            "ranked suggestions, so there is no matching run."
        )
    allowed = [Program.Status.MATCHING] + ([Program.Status.ENROLLING] if dry_run else [])
    if program.status not in allowed:
        needs = "enrolling or matching" if dry_run else "matching"
        raise MatchingError(
            f"The program is {program.get_status_display().lower()}; a "
            f"{'dry run' if dry_run else 'matching run'} needs it to be {needs}."
        )
    if MatchRun.objects.filter(program=program, published_at__isnull=False).exists():
        raise MatchingError("This program's pairs are already published.")
    _fail_abandoned(program)
    if MatchRun.objects.filter(program=program, status__in=LIVE_RUN).exists():
        raise MatchingError("A run is already under way for this program; wait for it to finish.")
    clean = _weights_clean(weights)
    run = MatchRun.objects.create(
        program=program,
        requested_by=actor_user(actor),
        is_dry_run=dry_run,
        settings={"weights": program.weights | clean},
    )
    audit_record(
        actor=actor,
        action=AuditAction.MATCH_RUN_CREATE,
        subject=run,
        after={"dry_run": dry_run, "weights": run.settings["weights"]},
    )
    if not inline:
        _enqueue_run(run.pk)
    return run


def _enqueue_run(run_id: int) -> None:
    transaction.on_commit(lambda: run_matching.enqueue(run_id))


class _ProgressWriter:
    """Writes the engine's progress to the run's row, at most every half second
    or five per cent, in its own statement so that polling pages see it."""

    def __init__(self, run_id: int, echo: Callable[[str, int], None] | None) -> None:
        self.run_id, self.echo = run_id, echo
        self.phase, self.percent, self.at = "", -1, 0.0

    def __call__(self, phase: str, fraction: float) -> None:
        percent = max(0, min(100, int(fraction * 100)))
        now = time.monotonic()
        changed = phase != self.phase
        if not changed and percent == self.percent:
            return
        if (
            not changed
            and now - self.at < PROGRESS_SECONDS
            and percent - self.percent < PROGRESS_PERCENT
        ):
            return
        self.phase, self.percent, self.at = phase, percent, now
        MatchRun.objects.filter(pk=self.run_id).update(
            phase=phase[:40], percent=percent, updated_at=timezone.now()
        )
        if self.echo is not None:
            self.echo(phase, percent)


def _rematch_constraints(run: MatchRun) -> tuple[list, list]:
    """Locked and excluded pairs of a re-match: everything of the run it starts
    from stays, but the opted-out pairs, which are excluded."""
    parent = run.rematch_of
    if parent is None:
        return [], []
    rows = parent.proposals.values_list("mentor_id", "mentee_id", "opted_out_at")
    locked = [(m, e) for m, e, out in rows if out is None]
    excluded = [(m, e) for m, e, out in rows if out is not None]
    return locked, excluded


def match_run_execute(
    *, actor: Actor, run: MatchRun, echo: Callable[[str, int], None] | None = None
) -> MatchRun:
    """Run the engine for a queued run and store what it found.

    Safe to call twice (a task may be delivered twice): only the call that moves
    the run from queued to running does the work. ``echo(phase, percent)``
    hears the progress too (the command line prints it).
    """
    now = timezone.now()
    claimed = MatchRun.objects.filter(pk=run.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, phase="loading", percent=0, updated_at=now
    )
    if not claimed:
        run.refresh_from_db()
        return run
    run = MatchRun.objects.select_related("program", "rematch_of").get(pk=run.pk)
    clock = time.perf_counter
    started = clock()
    try:
        locked, excluded = _rematch_constraints(run)
        built = problem_build(
            run.program, weights=run.settings.get("weights"), locked=locked, excluded=excluded
        )
        loaded = clock() - started
        result = engine.match(
            built.problem, seed=0, clock=clock, progress=_ProgressWriter(run.pk, echo)
        )
    except engine.EngineInputError as exc:
        return _run_fail(actor=actor, run=run, message=str(exc))
    except Exception as exc:
        logger.exception("matching run %s failed", run.pk)
        message = f"The run stopped with an unexpected error ({type(exc).__name__}); see the log."
        return _run_fail(actor=actor, run=run, message=message)
    return _run_store(actor=actor, run=run, built=built, result=result, loaded=loaded)


@transaction.atomic
def _run_fail(*, actor: Actor, run: MatchRun, message: str) -> MatchRun:
    MatchRun.objects.filter(pk=run.pk).update(
        status=Status.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
    )
    run.refresh_from_db()
    audit_record(
        actor=actor, action=AuditAction.MATCH_RUN_FAIL, subject=run, after={"error": message}
    )
    return run


@transaction.atomic
def _run_store(
    *,
    actor: Actor,
    run: MatchRun,
    built: ProgramProblem,
    result: engine.MatchResult,
    loaded: float,
) -> MatchRun:
    stored = time.perf_counter()
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                mentor_id=p.mentor,
                mentee_id=p.mentee,
                score=float(p.score),
                breakdown=breakdown_json(p.breakdown),
                topics=topics_json(p),
                crossed=list(p.crossed),
                locked=p.locked,
            )
            for p in result.pairs
        ],
        batch_size=1000,
    )
    UnmatchedEntry.objects.bulk_create(
        [
            UnmatchedEntry(
                run=run,
                person_id=u.id,
                side=u.side,
                reason=u.reason,
                candidates=u.candidates,
                constraints=dict(u.constraints),
            )
            for u in result.unmatched
        ],
        batch_size=1000,
    )
    counts = {k: v for k, v in result.stats.items() if isinstance(v, int)} | {
        "mentors": len(built.mentors),
        "mentees": len(built.mentees),
        # The mentees' places: each mentor's capacity, within the program's limit.
        "mentor_places": sum(m.capacity for m in built.problem.mentors),
        "pairs": len(result.pairs),
        "matched_mentors": len({p.mentor for p in result.pairs}),
        "matched_mentees": len({p.mentee for p in result.pairs}),
        "unmatched": len(result.unmatched),
        "locked": sum(1 for p in result.pairs if p.locked),
    }
    timings = {"load": round(loaded, 4)}
    timings |= {k: round(float(v), 4) for k, v in result.timings.items()}
    timings["store"] = round(time.perf_counter() - stored, 4)
    now = timezone.now()
    update = {
        "status": Status.SUCCEEDED,
        "phase": "done",
        "percent": 100,
        "total": float(result.total),
        "certified_optimal": bool(result.certified_optimal),
        "optimality_gap": float(result.optimality_gap),
        "blocking_pairs": int(result.blocking_pairs),
        "settings": problem_settings(built.problem) | {"algorithm": result.algorithm},
        "counts": counts,
        "timings": timings,
        "finished_at": now,
        "updated_at": now,
    }
    if run.kind == MatchRun.Kind.REMATCH and run.rematch_of and run.rematch_of.shared_at:
        update["shared_at"] = now
    MatchRun.objects.filter(pk=run.pk).update(**update)
    run.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.MATCH_RUN_FINISH,
        subject=run,
        after={
            "pairs": counts["pairs"],
            "total": round(run.total or 0, 4),
            "certified_optimal": run.certified_optimal,
            "unmatched": counts["unmatched"],
        },
    )
    if run.kind == MatchRun.Kind.REMATCH and run.rematch_of is not None:
        _rematch_carry_over(run, run.rematch_of)
    return run


def _rematch_carry_over(run: MatchRun, parent: MatchRun) -> None:
    """A re-match keeps what people already did with the pairs it kept: seen by
    the senior, opted out (an opt-out that arrived while it ran, which then
    needs another re-match). New proposals are announced after commit."""
    parent_rows = {
        (p.mentor_id, p.mentee_id): p
        for p in parent.proposals.filter(
            Q(seen_by_senior_at__isnull=False)
            | Q(opted_out_at__isnull=False)
            | Q(notified_at__isnull=False)
        )
    }
    changed = []
    late_opt_out = False
    for proposal in run.proposals.all():
        before = parent_rows.get((proposal.mentor_id, proposal.mentee_id))
        if before is None:
            continue
        proposal.seen_by_senior_at = before.seen_by_senior_at
        proposal.notified_at = before.notified_at
        proposal.opted_out_at = before.opted_out_at
        proposal.opted_out_by_id = before.opted_out_by_id
        proposal.opt_out_reason = before.opt_out_reason
        late_opt_out |= before.opted_out_at is not None
        changed.append(proposal)
    Proposal.objects.bulk_update(
        changed,
        ["seen_by_senior_at", "notified_at", "opted_out_at", "opted_out_by", "opt_out_reason"],
        batch_size=500,
    )
    if run.shared_at:
        transaction.on_commit(lambda: notify_preview.enqueue(run.pk))
    if late_opt_out:
        transaction.on_commit(lambda: match_run_rematch(actor=None, run=run))


def match_run_execute_queued(*, run_id: int) -> MatchRun | None:
    """The background task's entry: run ``run_id`` as the person who asked for it."""
    run = MatchRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        return None
    return match_run_execute(actor=run.requested_by, run=run)


@task()
def run_matching(run_id: int) -> None:
    match_run_execute_queued(run_id=run_id)


@transaction.atomic
def match_run_rematch(*, actor: Actor, run: MatchRun) -> MatchRun | None:
    """Match again the people freed by opt-outs in ``run``: every other proposal
    is locked, the opted-out pairs excluded. Nothing to do (None) when a run is
    already under way: a queued re-match reads the opt-outs when it starts, a
    running one carries late opt-outs over and asks for another."""
    program = Program.objects.select_for_update().get(pk=run.program_id)
    require_manager(actor, program)
    run = MatchRun.objects.get(pk=run.pk)
    if (
        run.published_at is not None
        or not run.proposals.filter(opted_out_at__isnull=False).exists()
    ):
        return None
    _fail_abandoned(program)
    if MatchRun.objects.filter(program=program, status__in=LIVE_RUN).exists():
        return None
    latest = match_run_latest(program)
    if latest is None or latest.pk != run.pk:
        return None
    rematch = MatchRun.objects.create(
        program=program,
        requested_by=actor_user(actor),
        kind=MatchRun.Kind.REMATCH,
        rematch_of=run,
        settings={"weights": run.settings.get("weights", program.weights)},
    )
    audit_record(
        actor=actor,
        action=AuditAction.MATCH_RUN_CREATE,
        subject=rematch,
        after={"rematch_of": str(run.uuid)},
    )
    _enqueue_run(rematch.pk)
    return rematch

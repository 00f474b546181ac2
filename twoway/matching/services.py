"""Writes about matching: runs, review decisions, swaps, preview, publishing.

Each service takes ``actor=`` first and keyword-only arguments, checks that the
actor may do it and writes an audit event in the same transaction. ``actor``
None means the command line (whoever can run it already holds the database).
Refusals raise ``MatchingError`` (a ``ValidationError``) with a message meant
for the person who asked.

A run does *not* happen in one transaction: progress is written to the run's
row as the engine reports it (so a page polling it sees it move, on PostgreSQL
too), and the results are written at the end in one atomic block.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from twoway import engine
from twoway.core.audit import audit_record
from twoway.core.mail import mail_on_commit, site_link
from twoway.core.roles import user_person
from twoway.matching.adapters import ProgramProblem, problem_build, problem_settings
from twoway.matching.models import (
    MatchRequest,
    MatchRun,
    Proposal,
    ReviewDecision,
    UnmatchedEntry,
)
from twoway.matching.reasons import (
    pair_sentences,
    reasons_from,
    skill_names,
    topic_ids,
    topics_json,
)
from twoway.pairs.models import Pair
from twoway.pairs.selectors import pair_live_counts
from twoway.pairs.services import (
    PairError,
    agreements_create,
    mentor_capacity,
    mentor_capacity_limit,
    pair_create,
    pair_room_problem,
)
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program, Side
from twoway.programs.services import program_require_manager, program_transition

logger = logging.getLogger(__name__)

Status = MatchRun.Status
LIVE_RUN = (Status.QUEUED, Status.RUNNING)
# A run whose row has not moved for this long is taken to have died with its worker.
ABANDONED_AFTER = dt.timedelta(minutes=30)
PROGRESS_SECONDS = 0.5
PROGRESS_PERCENT = 5
MAIL_BATCH = 200


class MatchingError(ValidationError):
    """A matching step the rules do not allow now; the message says why."""


def _require_manager(actor: Any, program: Program) -> None:
    """The programs rule; ``actor=None`` is the command line, which may run any program."""
    if actor is not None:
        program_require_manager(actor, program)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


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


# --- runs ------------------------------------------------------------------------


def match_run_latest(program: Program) -> MatchRun | None:
    """The run the review acts on: the newest successful run that is not a dry run."""
    return (
        MatchRun.objects.filter(program=program, status=Status.SUCCEEDED, is_dry_run=False)
        .order_by("-created_at", "-id")
        .first()
    )


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
    actor: Any,
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
    _require_manager(actor, program)
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
        requested_by=_user(actor),
        is_dry_run=dry_run,
        settings={"weights": program.weights | clean},
    )
    audit_record(
        actor=actor,
        action="match_run.create",
        subject=run,
        after={"dry_run": dry_run, "weights": run.settings["weights"]},
    )
    if not inline:
        _enqueue_run(run.pk)
    return run


def _enqueue_run(run_id: int) -> None:
    from twoway.matching.tasks import run_matching

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
    *, actor: Any, run: MatchRun, echo: Callable[[str, int], None] | None = None
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
def _run_fail(*, actor: Any, run: MatchRun, message: str) -> MatchRun:
    MatchRun.objects.filter(pk=run.pk).update(
        status=Status.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now()
    )
    run.refresh_from_db()
    audit_record(actor=actor, action="match_run.fail", subject=run, after={"error": message})
    return run


def _breakdown_json(breakdown: Mapping[str, float]) -> dict[str, float]:
    return {key: round(float(value), 6) for key, value in breakdown.items()}


@transaction.atomic
def _run_store(
    *, actor: Any, run: MatchRun, built: Any, result: engine.MatchResult, loaded: float
) -> MatchRun:
    stored = time.perf_counter()
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                mentor_id=p.mentor,
                mentee_id=p.mentee,
                score=float(p.score),
                breakdown=_breakdown_json(p.breakdown),
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
        action="match_run.finish",
        subject=run,
        after={
            "pairs": counts["pairs"],
            "total": round(run.total or 0, 4),
            "certified_optimal": run.certified_optimal,
            "unmatched": counts["unmatched"],
        },
    )
    if run.kind == MatchRun.Kind.REMATCH and run.rematch_of_id:
        _rematch_carry_over(run)
    return run


def _rematch_carry_over(run: MatchRun) -> None:
    """A re-match keeps what people already did with the pairs it kept: seen by
    the senior, opted out (an opt-out that arrived while it ran, which then
    needs another re-match). New proposals are announced after commit."""
    parent_rows = {
        (p.mentor_id, p.mentee_id): p
        for p in run.rematch_of.proposals.filter(
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
        _enqueue_preview_notice(run.pk)
    if late_opt_out:
        transaction.on_commit(lambda: match_run_rematch(actor=None, run=run))


def match_run_execute_queued(*, run_id: int) -> MatchRun | None:
    """The background task's entry: run ``run_id`` as the person who asked for it."""
    run = MatchRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None:
        return None
    return match_run_execute(actor=run.requested_by, run=run)


# --- review: lock, exclude, swap -----------------------------------------------------


def _require_current(run: MatchRun) -> None:
    """Review acts on the newest successful run only, before it is published."""
    if run.is_dry_run:
        raise MatchingError("This is a dry run: it shows what matching would do, nothing more.")
    if run.status != Status.SUCCEEDED:
        raise MatchingError("This run has not finished successfully.")
    if run.published_at is not None:
        raise MatchingError("This run is already published; its pairs can no longer change.")
    latest = match_run_latest(run.program)
    if latest is None or latest.pk != run.pk:
        raise MatchingError(
            "This run is out of date: a newer run has replaced it. Open the latest run "
            "and make the change there."
        )


def _names(*people_ids: int) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=people_ids).values_list("id", "name"))


def _lock_conflicts(program: Program, mentor: int, mentee: int) -> str:
    locks = ReviewDecision.objects.filter(program=program, kind=ReviewDecision.Kind.LOCK).exclude(
        mentor_id=mentor, mentee_id=mentee
    )
    other = locks.filter(mentee_id=mentee).values_list("mentor_id", flat=True).first()
    names = _names(mentor, mentee, *([other] if other else []))
    if other is not None:
        return (
            f"{names[mentee]} is already locked with {names.get(other, 'someone else')}; "
            "unlock that pair first."
        )
    capacity = mentor_capacity(program, mentor)
    if locks.filter(mentor_id=mentor).count() >= capacity:
        return (
            f"{names[mentor]} already has {capacity} locked "
            f"{'partner' if capacity == 1 else 'partners'}, as many as they can take."
        )
    return ""


@transaction.atomic
def review_decision_set(*, actor: Any, proposal: Proposal, kind: str) -> ReviewDecision:
    """Lock or exclude the pair of ``proposal``; the decision reaches every later run."""
    run = proposal.run
    _require_manager(actor, run.program)
    _require_current(run)
    if kind not in ReviewDecision.Kind.values:
        raise MatchingError("Choose lock or exclude.")
    if kind == ReviewDecision.Kind.LOCK:
        if proposal.is_opted_out:
            raise MatchingError("This pair was opted out of by a participant; it cannot be locked.")
        problem = _lock_conflicts(run.program, proposal.mentor_id, proposal.mentee_id)
        if problem:
            raise MatchingError(problem)
    decision, _ = ReviewDecision.objects.update_or_create(
        program=run.program,
        mentor_id=proposal.mentor_id,
        mentee_id=proposal.mentee_id,
        defaults={"kind": kind, "by": _user(actor), "at": timezone.now()},
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        locked=kind == ReviewDecision.Kind.LOCK, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=f"review.{kind}",
        subject=run.program,
        after={"mentor": str(proposal.mentor.uuid), "mentee": str(proposal.mentee.uuid)},
    )
    return decision


@transaction.atomic
def review_decision_clear(*, actor: Any, proposal: Proposal) -> bool:
    """Take back a lock or an exclusion of the pair of ``proposal``."""
    run = proposal.run
    _require_manager(actor, run.program)
    _require_current(run)
    deleted, _ = ReviewDecision.objects.filter(
        program=run.program, mentor_id=proposal.mentor_id, mentee_id=proposal.mentee_id
    ).delete()
    Proposal.objects.filter(pk=proposal.pk).update(locked=False, updated_at=timezone.now())
    if deleted:
        audit_record(
            actor=actor,
            action="review.clear",
            subject=run.program,
            after={"mentor": str(proposal.mentor.uuid), "mentee": str(proposal.mentee.uuid)},
        )
    return bool(deleted)


CHECK_WORDS = {
    "same_person": "{a} cannot be paired with themself",
    "reporting_line": "{a} and {b} are in the same reporting line",
    "min_level_gap": "{a} and {b} are too close in level for this program",
    "time_zone": "{a} and {b} are too many time zones apart",
    "excluded": "{a} and {b} were excluded as a pair",
    "not_in_scores": "{a} and {b} are not a scored pair",
    "no_shared_topic": "{a} and {b} share no topic",
    "unknown": "{a} or {b} is no longer enrolled on that side",
}


def check_words(problems: tuple[str, ...], mentor: str, mentee: str) -> str:
    parts = []
    for name in problems:
        if name.startswith("must_differ:"):
            line = name.split(":", 1)[1]
            parts.append(f"{mentor} and {mentee} are in the same {line}, which must differ")
        else:
            parts.append(CHECK_WORDS.get(name, name).format(a=mentor, b=mentee))
    return "; ".join(parts)


@dataclass(frozen=True)
class SwapResult:
    total_before: float
    total_after: float
    proposals: tuple[Proposal, Proposal]


@transaction.atomic
def proposal_swap(*, actor: Any, run: MatchRun, first: Proposal, second: Proposal) -> SwapResult:
    """Swap the partners of two proposals, if the engine allows both new pairs.

    Both new pairs become locks (so a re-run keeps them) and are re-scored.
    """
    _require_manager(actor, run.program)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    _require_current(run)
    first = Proposal.objects.select_for_update().get(pk=first.pk)
    second = Proposal.objects.select_for_update().get(pk=second.pk)
    if first.run_id != run.pk or second.run_id != run.pk:
        raise MatchingError("Both pairs must come from this run.")
    if first.pk == second.pk:
        raise MatchingError("Choose two different pairs to swap.")
    if first.mentor_id == second.mentor_id:
        raise MatchingError("Both pairs have the same mentor: swapping would change nothing.")
    if first.is_opted_out or second.is_opted_out:
        raise MatchingError("A pair someone opted out of cannot be swapped.")
    new_pairs = [(first.mentor_id, second.mentee_id), (second.mentor_id, first.mentee_id)]
    people = {first.mentor_id, first.mentee_id, second.mentor_id, second.mentee_id}
    names = _names(*people)
    built = problem_build(run.program, only_people=people)
    problems = []
    for mentor, mentee in new_pairs:
        broken = (
            engine.check_pair(built.problem, mentor, mentee)
            if built.has_pair(mentor, mentee)
            else ("unknown",)
        )
        if broken:
            problems.append(check_words(tuple(broken), names[mentor], names[mentee]))
    if problems:
        raise MatchingError("These partners cannot be swapped: " + "; ".join(problems) + ".")
    total_before = float(run.total or 0)
    delta = -(first.score + second.score)
    for proposal, (mentor, mentee) in zip((first, second), new_pairs, strict=True):
        ReviewDecision.objects.filter(
            program=run.program,
            mentor_id=proposal.mentor_id,
            mentee_id=proposal.mentee_id,
            kind=ReviewDecision.Kind.LOCK,
        ).delete()
        scored = engine.score_pair(built.problem, mentor, mentee)
        proposal.mentor_id, proposal.mentee_id = mentor, mentee
        proposal.score = float(scored.score)
        proposal.breakdown = _breakdown_json(scored.breakdown)
        proposal.topics = topics_json(scored)
        proposal.crossed = list(scored.crossed)
        proposal.locked = True
        proposal.seen_by_senior_at = None
        proposal.notified_at = None
        delta += proposal.score
    # Two updates in turn would collide on (run, mentor, mentee) only if a mentor
    # were in both pairs, which is refused above.
    Proposal.objects.bulk_update(
        [first, second],
        [
            "mentor",
            "mentee",
            "score",
            "breakdown",
            "topics",
            "crossed",
            "locked",
            "seen_by_senior_at",
            "notified_at",
        ],
    )
    for mentor, mentee in new_pairs:
        ReviewDecision.objects.update_or_create(
            program=run.program,
            mentor_id=mentor,
            mentee_id=mentee,
            defaults={"kind": ReviewDecision.Kind.LOCK, "by": _user(actor), "at": timezone.now()},
        )
    counts = dict(run.counts)
    counts["swaps"] = int(counts.get("swaps", 0)) + 1
    MatchRun.objects.filter(pk=run.pk).update(
        total=total_before + delta, counts=counts, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="review.swap",
        subject=run,
        before={"total": round(total_before, 4)},
        after={"total": round(total_before + delta, 4), "pairs": [list(p) for p in new_pairs]},
    )
    return SwapResult(total_before, total_before + delta, (first, second))


# --- preview and opt-out -------------------------------------------------------------


def preview_sides(program: Program) -> tuple[set[str], set[str]]:
    """(sides that see their proposal before publishing, sides that may opt out).

    The senior side previews (both sides when the program names none); when
    juniors may opt out they see theirs too, or they could not decide.
    """
    senior = program.senior_side
    seniors = {senior} if senior else set(Side.values)
    juniors = set(Side.values) - seniors if senior else set(Side.values)
    seeing = (seniors if program.senior_preview else set()) | (
        juniors if program.junior_opt_out else set()
    )
    return seeing, (juniors if program.junior_opt_out else set())


def program_has_preview(program: Program) -> bool:
    return program.senior_preview or program.junior_opt_out


@transaction.atomic
def match_run_share(*, actor: Any, run: MatchRun) -> MatchRun:
    """Share the run's proposals for preview: the people who may see theirs get an e-mail."""
    _require_manager(actor, run.program)
    if not program_has_preview(run.program):
        raise MatchingError("This program publishes without a preview.")
    _require_current(run)
    if run.shared_at is not None:
        return run
    MatchRun.objects.filter(pk=run.pk, shared_at__isnull=True).update(
        shared_at=timezone.now(), updated_at=timezone.now()
    )
    run.refresh_from_db()
    audit_record(actor=actor, action="match_run.share", subject=run)
    _enqueue_preview_notice(run.pk)
    return run


def _enqueue_preview_notice(run_id: int) -> None:
    from twoway.matching.tasks import notify_preview

    transaction.on_commit(lambda: notify_preview.enqueue(run_id))


def match_run_shared(program: Program) -> MatchRun | None:
    """The run participants preview: the latest run, once shared and until published."""
    run = match_run_latest(program)
    if run is None or run.shared_at is None or run.published_at is not None:
        return None
    return run


def proposal_side_of(proposal: Proposal, person: Person) -> str:
    return Side.MENTOR if proposal.mentor_id == person.pk else Side.MENTEE


@transaction.atomic
def proposal_mark_seen(*, actor: Any, proposal: Proposal) -> bool:
    """The senior of the pair has looked at their proposed partner."""
    person = user_person(actor)
    program = proposal.run.program
    if person is None or person.pk not in (proposal.mentor_id, proposal.mentee_id):
        raise PermissionDenied("This is not your proposal.")
    senior = program.senior_side
    if senior and proposal_side_of(proposal, person) != senior:
        return False
    updated = Proposal.objects.filter(pk=proposal.pk, seen_by_senior_at__isnull=True).update(
        seen_by_senior_at=timezone.now(), updated_at=timezone.now()
    )
    if updated:
        audit_record(actor=actor, action="proposal.seen", subject=proposal.run)
    return bool(updated)


@transaction.atomic
def proposal_opt_out(*, actor: Any, proposal: Proposal, reason: str = "") -> Proposal:
    """A junior declines their proposed partner before publishing.

    The pair is excluded for good, and matching runs again for the two people
    it frees (every other proposal locked). The reason is kept for the
    program's managers only; it never enters the audit log.
    """
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("run__program")
        .get(pk=proposal.pk)
    )
    run, program = proposal.run, proposal.run.program
    person = user_person(actor)
    if person is None or person.pk not in (proposal.mentor_id, proposal.mentee_id):
        raise PermissionDenied("This is not your proposal.")
    _, opt_out = preview_sides(program)
    if proposal_side_of(proposal, person) not in opt_out:
        raise MatchingError("In this program your side cannot opt out of a proposal.")
    shared = match_run_shared(program)
    if shared is None or shared.pk != run.pk:
        raise MatchingError(
            "This proposal has changed since you opened it. Look at your page again."
        )
    if proposal.is_opted_out:
        return proposal
    reason = " ".join((reason or "").split())[:500]
    proposal.opted_out_at = timezone.now()
    proposal.opted_out_by = person
    proposal.opt_out_reason = reason
    proposal.locked = False
    proposal.save(
        update_fields=["opted_out_at", "opted_out_by", "opt_out_reason", "locked", "updated_at"]
    )
    ReviewDecision.objects.update_or_create(
        program=program,
        mentor_id=proposal.mentor_id,
        mentee_id=proposal.mentee_id,
        defaults={"kind": ReviewDecision.Kind.EXCLUDE, "by": _user(actor), "at": timezone.now()},
    )
    audit_record(
        actor=actor, action="proposal.opt_out", subject=run, after={"reason_given": bool(reason)}
    )
    transaction.on_commit(lambda: match_run_rematch(actor=None, run=run))
    return proposal


@transaction.atomic
def match_run_rematch(*, actor: Any, run: MatchRun) -> MatchRun | None:
    """Match again the people freed by opt-outs in ``run``: every other proposal
    is locked, the opted-out pairs excluded. Nothing to do (None) when a run is
    already under way: a queued re-match reads the opt-outs when it starts, a
    running one carries late opt-outs over and asks for another."""
    program = Program.objects.select_for_update().get(pk=run.program_id)
    _require_manager(actor, program)
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
        requested_by=_user(actor),
        kind=MatchRun.Kind.REMATCH,
        rematch_of=run,
        settings={"weights": run.settings.get("weights", program.weights)},
    )
    audit_record(
        actor=actor,
        action="match_run.create",
        subject=rematch,
        after={"rematch_of": str(run.uuid)},
    )
    _enqueue_run(rematch.pk)
    return rematch


# --- publishing ------------------------------------------------------------------


def _publish_problems(run: MatchRun) -> list[str]:
    program = run.program
    problems = []
    if program.status != Program.Status.MATCHING:
        problems.append(
            f"The program is {program.get_status_display().lower()}; pairs are published "
            "from the matching stage."
        )
    if program_has_preview(program) and run.shared_at is None:
        problems.append("Share the proposals for preview first; publish after.")
    if MatchRun.objects.filter(program=program, status__in=LIVE_RUN).exists():
        problems.append("A newer run is still under way; publish when it has finished.")
    return problems


@transaction.atomic
def match_run_publish(*, actor: Any, run: MatchRun) -> int:
    """Turn the run's proposals (but the opted-out ones) into pairs, move the
    program to active and tell both sides of each pair who and why.

    Returns the number of pairs created: publishing twice creates nothing the
    second time (the run's ``published_at`` is set by a conditional update, so
    two simultaneous submits cannot both pass; unique constraints back it up).
    """
    _require_manager(actor, run.program)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if run.published_at is not None:
        return 0
    _require_current(run)
    problems = _publish_problems(run)
    if problems:
        raise MatchingError(problems)
    now = timezone.now()
    if not MatchRun.objects.filter(pk=run.pk, published_at__isnull=True).update(
        published_at=now, published_by=_user(actor), updated_at=now
    ):
        return 0
    program = run.program
    rows = list(
        run.proposals.filter(opted_out_at__isnull=True)
        .order_by("mentor_id", "-score", "mentee_id")
        .values("mentor_id", "mentee_id", "score", "breakdown", "topics", "crossed")
    )
    names = skill_names(set().union(*(topic_ids(r["topics"]) for r in rows)) if rows else ())
    taken = set(Pair.objects.filter(program=program).values_list("mentor_id", "mentee_id"))
    per_mentor, live_mentees = pair_live_counts(program=program)
    load: dict[int, int] = defaultdict(int, per_mentor)
    capacity = dict(Enrollment.objects.filter(program=program).values_list("person_id", "capacity"))
    pairs = []
    for row in rows:
        mentor, mentee = row["mentor_id"], row["mentee_id"]
        limit = mentor_capacity_limit(program, capacity.get(mentor))
        if (mentor, mentee) in taken or mentee in live_mentees or load[mentor] >= limit:
            continue  # the engine holds capacity; this guards pairs made meanwhile
        load[mentor] += 1
        live_mentees.add(mentee)
        pairs.append(
            Pair(
                program=program,
                mentor_id=mentor,
                mentee_id=mentee,
                origin=Pair.Origin.MATCHED,
                status=Pair.Status.NEW,
                published_at=now,
                score=row["score"],
                breakdown=row["breakdown"],
                reasons=reasons_from(row["topics"], row["crossed"], names),
                match_run=run,
            )
        )
    Pair.objects.bulk_create(pairs, batch_size=1000)
    agreements_create(program=program, pairs=pairs)
    program_transition(actor=actor, program=program, to=Program.Status.ACTIVE)
    audit_record(
        actor=actor,
        action="match_run.publish",
        subject=run,
        after={"pairs": len(pairs), "opted_out": run.proposals.count() - len(rows)},
    )
    from twoway.matching.tasks import notify_pairs

    transaction.on_commit(lambda: notify_pairs.enqueue(run.pk))
    return len(pairs)


# --- e-mail ------------------------------------------------------------------------


def _send_batch(messages: list[EmailMessage]) -> None:
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def pair_notify_published(*, run_id: int) -> int:
    """E-mail both sides of every not-yet-told pair of a published run: who their
    partner is and why. Safe to repeat: told pairs are marked."""
    sent = 0
    # The e-mail names the partner's department: load it with the pair.
    pairs = Pair.objects.filter(match_run_id=run_id, notified_at__isnull=True).select_related(
        "program", "mentor__department", "mentee__department"
    )
    while batch := list(pairs[:MAIL_BATCH]):
        messages = []
        for pair in batch:
            for me, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
                messages.append(_pair_message(pair, me, partner))
        _send_batch(messages)
        Pair.objects.filter(pk__in=[p.pk for p in batch]).update(notified_at=timezone.now())
        sent += len(messages)
    return sent


def _pair_message(pair: Pair, me: Person, partner: Person) -> EmailMessage:
    context = {
        "pair": pair,
        "me": me,
        "partner": partner,
        "role": "mentor" if me.pk == pair.mentor_id else "mentee",
        "reasons": pair_sentences(
            mentor=pair.mentor.name,
            mentee=pair.mentee.name,
            reasons=pair.reasons,
            audience="participant",
        ),
        "link": site_link("pairs:detail", uuid=pair.uuid),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("matching/email/pair_published.txt", context)
    subject = f"Your {pair.program.name} partner: {partner.name}"
    return EmailMessage(subject, body, None, [me.email])


def match_run_notify_preview(*, run_id: int) -> int:
    """E-mail the people who may preview (or opt out of) their proposal in a
    shared run, once each."""
    run = MatchRun.objects.select_related("program").filter(pk=run_id).first()
    if run is None or run.shared_at is None or run.published_at is not None:
        return 0
    seeing, opt_out = preview_sides(run.program)
    sent = 0
    proposals = run.proposals.filter(notified_at__isnull=True, opted_out_at__isnull=True)
    proposals = proposals.select_related("mentor", "mentee")
    while batch := list(proposals[:MAIL_BATCH]):
        messages = []
        for proposal in batch:
            for side, me, partner in (
                (Side.MENTOR, proposal.mentor, proposal.mentee),
                (Side.MENTEE, proposal.mentee, proposal.mentor),
            ):
                if side not in seeing:
                    continue
                context = {
                    "program": run.program,
                    "me": me,
                    "partner": partner,
                    "can_opt_out": side in opt_out,
                    "link": site_link("matching:preview", slug=run.program.slug),
                    "site_name": settings.SITE_NAME,
                }
                body = render_to_string("matching/email/preview_shared.txt", context)
                subject = f"{run.program.name}: meet your proposed partner"
                messages.append(EmailMessage(subject, body, None, [me.email]))
        _send_batch(messages)
        Proposal.objects.filter(pk__in=[p.pk for p in batch]).update(notified_at=timezone.now())
        sent += len(messages)
    return sent


# --- self-match ----------------------------------------------------------------------


SELF_MATCH_STATUSES = (Program.Status.MATCHING, Program.Status.ACTIVE)


def self_match_sides(*, program: Program, person: Person) -> list[str]:
    """The sides ``person`` is enrolled on in ``program`` (none: not enrolled)."""
    role = (
        Enrollment.objects.filter(program=program, person=person, status=Enrollment.Status.ENROLLED)
        .values_list("role", flat=True)
        .first()
    )
    if role == Enrollment.Role.BOTH:
        return [Side.MENTOR, Side.MENTEE]
    return [role] if role in Side.values else []


def _require_self_match(program: Program) -> None:
    if program.matching_style != Program.MatchingStyle.SELF:
        raise MatchingError("In this program the program manager matches the pairs.")
    if program.status not in SELF_MATCH_STATUSES:
        raise MatchingError(
            f"The program is {program.get_status_display().lower()}: partners can be "
            "chosen while it is matching or active."
        )


def _pair_problem(built: ProgramProblem, mentor: Person, mentee: Person) -> str:
    """Why the engine would never pair these two ("" when it would); ``built``
    is the problem around the two of them."""
    if not built.has_pair(mentor.pk, mentee.pk):
        return (
            f"{mentor.name} and {mentee.name} are not both enrolled in this program, "
            "on their sides."
        )
    broken = engine.check_pair(built.problem, mentor.pk, mentee.pk)
    return check_words(tuple(broken), mentor.name, mentee.name) if broken else ""


def pair_scored(program: Program, mentor: Person, mentee: Person) -> dict[str, Any]:
    """The engine's verdict on a pair people chose (self-match, re-match): its
    score, breakdown and reasons for ``pair_create``; ``PairError`` saying why
    when the program's rules forbid it or either is not enrolled."""
    built = problem_build(program, only_people={mentor.pk, mentee.pk})
    problem = _pair_problem(built, mentor, mentee)
    if problem:
        raise PairError(problem)
    scored = engine.score_pair(built.problem, mentor.pk, mentee.pk)
    names = skill_names(t.skill for t in (*scored.teaches, *scored.teaches_back))
    return {
        "score": float(scored.score),
        "breakdown": _breakdown_json(scored.breakdown),
        "reasons": reasons_from(topics_json(scored), scored.crossed, names),
    }


@transaction.atomic
def match_request_send(
    *, actor: Any, program: Program, to_person: Person, side: str, message: str = ""
) -> MatchRequest:
    """Ask ``to_person`` to pair up; ``side`` is the side the sender takes."""

    me = user_person(actor)
    if me is None:
        raise PermissionDenied("Only people in the directory take part in programs.")
    _require_self_match(program)
    other = Side.MENTEE if side == Side.MENTOR else Side.MENTOR
    if side not in Side.values or side not in self_match_sides(program=program, person=me):
        raise MatchingError(f"You are not enrolled as a {side} in this program.")
    if to_person.pk == me.pk:
        raise MatchingError("You cannot ask yourself.")
    if other not in self_match_sides(program=program, person=to_person):
        raise MatchingError(f"{to_person.name} is not enrolled as a {other} in this program.")
    pending = MatchRequest.objects.filter(program=program, status=MatchRequest.Status.PENDING)
    if pending.filter(from_person=me, to_person=to_person).exists():
        raise MatchingError(f"You have already asked {to_person.name}; wait for their answer.")
    if pending.filter(from_person=to_person, to_person=me).exists():
        raise MatchingError(
            f"{to_person.name} has already asked you: accept their request instead."
        )
    mentor, mentee = (me, to_person) if side == Side.MENTOR else (to_person, me)
    problem = pair_room_problem(program=program, mentor=mentor, mentee=mentee) or _pair_problem(
        problem_build(program, only_people={mentor.pk, mentee.pk}), mentor, mentee
    )
    if problem:
        raise MatchingError(problem)
    request = MatchRequest.objects.create(
        program=program,
        from_person=me,
        to_person=to_person,
        side=side,
        message=" ".join((message or "").split())[:500],
    )
    audit_record(
        actor=actor,
        action="match_request.send",
        subject=request,
        after={"to": str(to_person.uuid), "side": side},
    )
    mail_on_commit(
        template="matching/email/request_received.txt",
        subject=f"{me.name} would like to pair up in {program.name}",
        context={"request": request, "link": site_link("matching:requests", slug=program.slug)},
        to=to_person.email,
    )
    return request


def _request_for_update(
    actor: Any, request: MatchRequest, *, asked: bool, refusal: str
) -> tuple[Person, MatchRequest]:
    """The actor's person and the request, locked; only the person asked
    (``asked``) or the one who asked may act on it, anyone else is refused."""
    me = user_person(actor)
    request = (
        MatchRequest.objects.select_for_update(of=("self",))
        .select_related("program", "from_person", "to_person")
        .get(pk=request.pk)
    )
    party = request.to_person_id if asked else request.from_person_id
    if me is None or me.pk != party:
        raise PermissionDenied(refusal)
    return me, request


@transaction.atomic
def match_request_accept(*, actor: Any, match_request: MatchRequest) -> Pair:
    """The asked person accepts: the pair starts now, if both still have room.

    A double accept creates one pair: the pending -> accepted update is
    conditional, and the pair's unique constraints back it up.
    """

    me, request = _request_for_update(
        actor, match_request, asked=True, refusal="Only the person asked can accept."
    )
    program = request.program
    mentor = request.from_person if request.side == Side.MENTOR else request.to_person
    mentee = request.to_person if request.side == Side.MENTOR else request.from_person
    now = timezone.now()
    if not MatchRequest.objects.filter(pk=request.pk, status=MatchRequest.Status.PENDING).update(
        status=MatchRequest.Status.ACCEPTED, decided_at=now, updated_at=now
    ):
        existing = Pair.objects.filter(program=program, mentor=mentor, mentee=mentee).first()
        if request.status == MatchRequest.Status.ACCEPTED and existing is not None:
            return existing
        raise MatchingError(f"This request is already {request.get_status_display().lower()}.")
    _require_self_match(program)
    try:
        pair = pair_create(
            actor=actor,
            program=program,
            mentor=mentor,
            mentee=mentee,
            origin=Pair.Origin.SELF_MATCH,
            **pair_scored(program, mentor, mentee),
        )
    except PairError as exc:
        raise MatchingError(exc.messages) from None
    audit_record(actor=actor, action="match_request.accept", subject=request)
    link = site_link("pairs:detail", uuid=pair.uuid)
    for person, partner in ((request.from_person, request.to_person), (me, request.from_person)):
        mail_on_commit(
            template="matching/email/request_accepted.txt",
            subject=f"{program.name}: you and {partner.name} are a pair",
            context={"me": person, "partner": partner, "program": program, "link": link},
            to=person.email,
        )
    return pair


@transaction.atomic
def match_request_decline(*, actor: Any, match_request: MatchRequest) -> MatchRequest:
    _, request = _request_for_update(
        actor, match_request, asked=True, refusal="Only the person asked can decline."
    )
    return _request_close(actor, request, MatchRequest.Status.DECLINED, notify=True)


@transaction.atomic
def match_request_withdraw(*, actor: Any, match_request: MatchRequest) -> MatchRequest:
    _, request = _request_for_update(
        actor, match_request, asked=False, refusal="Only the person who asked can withdraw."
    )
    return _request_close(actor, request, MatchRequest.Status.WITHDRAWN, notify=False)


def _request_close(actor: Any, request: MatchRequest, status: str, *, notify: bool) -> MatchRequest:
    now = timezone.now()
    if not MatchRequest.objects.filter(pk=request.pk, status=MatchRequest.Status.PENDING).update(
        status=status, decided_at=now, updated_at=now
    ):
        if request.status == status:
            return request
        raise MatchingError(f"This request is already {request.get_status_display().lower()}.")
    request.refresh_from_db()
    audit_record(actor=actor, action=f"match_request.{status}", subject=request)
    if notify:
        mail_on_commit(
            template="matching/email/request_declined.txt",
            subject=f"{request.program.name}: {request.to_person.name} answered your request",
            context={
                "request": request,
                "link": site_link("matching:suggestions", slug=request.program.slug),
            },
            to=request.from_person.email,
        )
    return request

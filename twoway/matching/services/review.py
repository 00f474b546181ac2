"""Review of the current run before publishing: lock or exclude a pair (the
decision belongs to the program and reaches every later run), swap the
partners of two proposals."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from twoway import engine
from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.matching.adapters import breakdown_json, problem_build
from twoway.matching.models import MatchRun, Proposal, ReviewDecision
from twoway.matching.reasons import check_words, topics_json
from twoway.matching.services.guards import (
    MatchingError,
    require_current,
    require_manager,
)
from twoway.people.models import Person
from twoway.programs.capacity import mentor_capacity
from twoway.programs.models import Program

# The audit event of each kind of review decision.
REVIEW_ACTIONS = {
    ReviewDecision.Kind.LOCK: AuditAction.REVIEW_LOCK,
    ReviewDecision.Kind.EXCLUDE: AuditAction.REVIEW_EXCLUDE,
}


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
def review_decision_set(*, actor: Actor, proposal: Proposal, kind: str) -> ReviewDecision:
    """Lock or exclude the pair of ``proposal``; the decision reaches every later run."""
    run = proposal.run
    require_manager(actor, run.program)
    require_current(run)
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
        defaults={"kind": kind, "by": actor_user(actor), "at": timezone.now()},
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        locked=kind == ReviewDecision.Kind.LOCK, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=REVIEW_ACTIONS[ReviewDecision.Kind(kind)],
        subject=run.program,
        after={"mentor": str(proposal.mentor.uuid), "mentee": str(proposal.mentee.uuid)},
    )
    return decision


@transaction.atomic
def review_decision_clear(*, actor: Actor, proposal: Proposal) -> bool:
    """Take back a lock or an exclusion of the pair of ``proposal``."""
    run = proposal.run
    require_manager(actor, run.program)
    require_current(run)
    deleted, _ = ReviewDecision.objects.filter(
        program=run.program, mentor_id=proposal.mentor_id, mentee_id=proposal.mentee_id
    ).delete()
    Proposal.objects.filter(pk=proposal.pk).update(locked=False, updated_at=timezone.now())
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.REVIEW_CLEAR,
            subject=run.program,
            after={"mentor": str(proposal.mentor.uuid), "mentee": str(proposal.mentee.uuid)},
        )
    return bool(deleted)


@dataclass(frozen=True)
class SwapResult:
    total_before: float
    total_after: float
    proposals: tuple[Proposal, Proposal]


@transaction.atomic
def proposal_swap(*, actor: Actor, run: MatchRun, first: Proposal, second: Proposal) -> SwapResult:
    """Swap the partners of two proposals, if the engine allows both new pairs.

    Both new pairs become locks (so a re-run keeps them) and are re-scored.
    """
    require_manager(actor, run.program)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    require_current(run)
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
        proposal.breakdown = breakdown_json(scored.breakdown)
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
            defaults={
                "kind": ReviewDecision.Kind.LOCK,
                "by": actor_user(actor),
                "at": timezone.now(),
            },
        )
    counts = dict(run.counts)
    counts["swaps"] = int(counts.get("swaps", 0)) + 1
    MatchRun.objects.filter(pk=run.pk).update(
        total=total_before + delta, counts=counts, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.REVIEW_SWAP,
        subject=run,
        before={"total": round(total_before, 4)},
        after={"total": round(total_before + delta, 4), "pairs": [list(p) for p in new_pairs]},
    )
    return SwapResult(total_before, total_before + delta, (first, second))

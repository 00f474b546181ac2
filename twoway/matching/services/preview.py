"""Preview and opt-out: a run's proposals shared before publishing; the
senior of a pair looks at theirs, a junior may opt out of theirs (matching
then runs again for the two people it frees)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.matching.models import MatchRun, Proposal, ReviewDecision
from twoway.matching.rules import preview_sides, program_has_preview, proposal_side_of
from twoway.matching.selectors import match_run_shared
from twoway.matching.services.guards import (
    MatchingError,
    require_current,
    require_manager,
)
from twoway.matching.services.mail import notify_preview
from twoway.matching.services.runs import match_run_rematch
from twoway.people.access import user_person


@transaction.atomic
def match_run_share(*, actor: Actor, run: MatchRun) -> MatchRun:
    """Share the run's proposals for preview: the people who may see theirs get an e-mail."""
    require_manager(actor, run.program)
    if not program_has_preview(run.program):
        raise MatchingError("This program publishes without a preview.")
    require_current(run)
    if run.shared_at is not None:
        return run
    MatchRun.objects.filter(pk=run.pk, shared_at__isnull=True).update(
        shared_at=timezone.now(), updated_at=timezone.now()
    )
    run.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.MATCH_RUN_SHARE, subject=run)
    transaction.on_commit(lambda: notify_preview.enqueue(run.pk))
    return run


@transaction.atomic
def proposal_mark_seen(*, actor: Actor, proposal: Proposal) -> bool:
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
        audit_record(actor=actor, action=AuditAction.PROPOSAL_SEEN, subject=proposal.run)
    return bool(updated)


@transaction.atomic
def proposal_opt_out(*, actor: Actor, proposal: Proposal, reason: str = "") -> Proposal:
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
        defaults={
            "kind": ReviewDecision.Kind.EXCLUDE,
            "by": actor_user(actor),
            "at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.PROPOSAL_OPT_OUT,
        subject=run,
        after={"reason_given": bool(reason)},
    )
    transaction.on_commit(lambda: match_run_rematch(actor=None, run=run))
    return proposal

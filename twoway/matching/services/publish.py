"""Publishing a run: its proposals (but the opted-out ones) become pairs, the
program becomes active, and both sides of each pair are told (``notify_pairs``)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.matching.models import MatchRun
from twoway.matching.reasons import reasons_from, skill_names, topic_ids
from twoway.matching.rules import LIVE_RUN, program_has_preview
from twoway.matching.services.guards import (
    MatchingError,
    require_current,
    require_manager,
)
from twoway.matching.services.mail import notify_pairs
from twoway.pairs.models import Pair
from twoway.pairs.selectors import pair_live_counts
from twoway.pairs.services import agreements_create
from twoway.pairs.signals import pairs_published
from twoway.programs.capacity import mentor_capacity_limit
from twoway.programs.models import Enrollment, Program
from twoway.programs.services import program_transition


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
def match_run_publish(*, actor: Actor, run: MatchRun) -> int:
    """Turn the run's proposals (but the opted-out ones) into pairs, move the
    program to active and tell both sides of each pair who and why.

    Returns the number of pairs created: publishing twice creates nothing the
    second time (the run's ``published_at`` is set by a conditional update, so
    two simultaneous submits cannot both pass; unique constraints back it up).
    """
    require_manager(actor, run.program)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if run.published_at is not None:
        return 0
    require_current(run)
    problems = _publish_problems(run)
    if problems:
        raise MatchingError(problems)
    now = timezone.now()
    if not MatchRun.objects.filter(pk=run.pk, published_at__isnull=True).update(
        published_at=now, published_by=actor_user(actor), updated_at=now
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
    pairs_published.send(sender=Pair, pairs=pairs, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.MATCH_RUN_PUBLISH,
        subject=run,
        after={"pairs": len(pairs), "opted_out": run.proposals.count() - len(rows)},
    )
    transaction.on_commit(lambda: notify_pairs.enqueue(run.pk))
    return len(pairs)

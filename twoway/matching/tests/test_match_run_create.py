import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRun
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.publish import match_run_publish
from twoway.matching.services.runs import match_run_create
from twoway.programs.models import Program
from twoway.testing.factories import run_now


def test_queues_a_run_and_the_task_runs_it_after_commit(
    pilot, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = match_run_create(actor=cast.priya, program=pilot.program)

    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED
    assert run.requested_by == cast.priya
    assert run.proposals.count() == 2
    assert AuditEvent.objects.filter(action="match_run.create", actor=cast.priya).exists()


def test_refuses_someone_who_does_not_manage_the_program(pilot, cast, morgan):
    for user in (morgan, cast.juno, cast.otto):
        with pytest.raises(PermissionDenied):
            match_run_create(actor=user, program=pilot.program, inline=True)
    assert not MatchRun.objects.exists()


def test_needs_the_program_in_matching(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(status=Program.Status.ENROLLING)
    pilot.program.refresh_from_db()

    with pytest.raises(MatchingError, match="needs it to be matching"):
        match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    run = match_run_create(actor=cast.priya, program=pilot.program, dry_run=True, inline=True)
    assert run.is_dry_run


def test_refuses_a_self_match_program(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(matching_style="self")
    pilot.program.refresh_from_db()

    with pytest.raises(MatchingError, match="self-matching"):
        match_run_create(actor=cast.priya, program=pilot.program, inline=True)


def test_refuses_a_second_run_while_one_is_under_way(pilot, cast):
    match_run_create(actor=cast.priya, program=pilot.program, inline=True)

    with pytest.raises(MatchingError, match="already under way"):
        match_run_create(actor=cast.priya, program=pilot.program, inline=True)


def test_an_abandoned_run_does_not_block_a_new_one_forever(pilot, cast):
    stuck = match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    MatchRun.objects.filter(pk=stuck.pk).update(
        status="running", updated_at=timezone.now() - dt.timedelta(hours=2)
    )

    match_run_create(actor=cast.priya, program=pilot.program, inline=True)
    stuck.refresh_from_db()
    assert stuck.status == MatchRun.Status.FAILED and "worker" in stuck.error


def test_rejects_weights_that_are_not_numbers_in_range(pilot, cast):
    with pytest.raises(MatchingError, match="between 0 and 100"):
        match_run_create(
            actor=cast.priya, program=pilot.program, inline=True, weights={"teach": -1}
        )
    with pytest.raises(MatchingError, match="not a score component"):
        match_run_create(actor=cast.priya, program=pilot.program, inline=True, weights={"x": 1})
    assert not MatchRun.objects.exists()


def test_refuses_once_the_pairs_are_published(pilot, cast):
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    pilot.program.refresh_from_db()

    with pytest.raises(MatchingError):
        match_run_create(actor=cast.priya, program=pilot.program, inline=True)

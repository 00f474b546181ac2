import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRun, ReviewDecision
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.review import review_decision_clear, review_decision_set
from twoway.testing.factories import run_now


@pytest.fixture
def run(pilot, cast):
    return run_now(pilot.program, actor=cast.priya)


def proposal_of(run, mentor):
    return run.proposals.select_related("run__program", "mentor", "mentee").get(mentor=mentor)


def test_lock_becomes_a_decision_the_next_run_keeps(run, pilot, cast):
    proposal = proposal_of(run, pilot.juno)

    review_decision_set(actor=cast.priya, proposal=proposal, kind="lock")

    decision = ReviewDecision.objects.get()
    assert (decision.mentor, decision.mentee, decision.kind) == (pilot.juno, pilot.sterling, "lock")
    assert decision.by == cast.priya
    proposal.refresh_from_db()
    assert proposal.locked
    assert AuditEvent.objects.filter(action="review.lock", actor=cast.priya).exists()
    again = run_now(pilot.program, actor=cast.priya)
    assert again.proposals.get(mentor=pilot.juno).locked
    assert again.settings["constraints"]["locked"] == 1


def test_exclude_keeps_the_two_apart_in_the_next_run(run, pilot, cast):
    review_decision_set(actor=cast.priya, proposal=proposal_of(run, pilot.juno), kind="exclude")

    again = run_now(pilot.program, actor=cast.priya)
    assert not again.proposals.filter(mentor=pilot.juno, mentee=pilot.sterling).exists()
    assert again.unmatched.filter(person=pilot.juno).exists()
    assert AuditEvent.objects.filter(action="review.exclude").exists()


def test_undo_removes_the_decision(run, pilot, cast):
    proposal = proposal_of(run, pilot.juno)
    review_decision_set(actor=cast.priya, proposal=proposal, kind="lock")

    assert review_decision_clear(actor=cast.priya, proposal=proposal)
    assert not ReviewDecision.objects.exists()
    proposal.refresh_from_db()
    assert not proposal.locked


def test_a_proposal_from_a_stale_run_is_refused_clearly(run, pilot, cast):
    run_now(pilot.program, actor=cast.priya)

    with pytest.raises(MatchingError, match="out of date: a newer run has replaced it"):
        review_decision_set(actor=cast.priya, proposal=proposal_of(run, pilot.juno), kind="lock")
    assert not ReviewDecision.objects.exists()


def test_a_dry_run_cannot_be_reviewed(pilot, cast):
    dry = run_now(pilot.program, actor=cast.priya, dry_run=True)

    with pytest.raises(MatchingError, match="dry run"):
        review_decision_set(actor=cast.priya, proposal=proposal_of(dry, pilot.juno), kind="lock")


def test_a_second_lock_for_the_same_mentee_is_refused(run, pilot, cast):
    review_decision_set(actor=cast.priya, proposal=proposal_of(run, pilot.juno), kind="lock")
    ReviewDecision.objects.update(mentee=pilot.richard)  # as if locked with Richard earlier

    proposal = proposal_of(run, pilot.maya)
    with pytest.raises(MatchingError, match="Richard Hale is already locked with Juno Park"):
        review_decision_set(actor=cast.priya, proposal=proposal, kind="lock")


def test_only_managers_of_the_program_decide(run, pilot, cast, morgan):
    with pytest.raises(PermissionDenied):
        review_decision_set(actor=morgan, proposal=proposal_of(run, pilot.juno), kind="lock")


def test_the_page_action_locks_and_returns_to_the_filtered_list(client, run, pilot, cast):
    client.force_login(cast.priya)
    proposal = proposal_of(run, pilot.juno)
    url = reverse(
        "matching:decide",
        kwargs={"slug": "reverse-pilot", "uuid": run.uuid, "proposal": proposal.uuid},
    )

    response = client.post(url, {"action": "lock", "return_query": "q=juno&page=1"})

    assert response["Location"].endswith("?q=juno&page=1")
    assert ReviewDecision.objects.filter(kind="lock").count() == 1


def test_the_page_says_why_a_stale_run_was_refused(client, run, pilot, cast):
    run_now(pilot.program, actor=cast.priya)
    client.force_login(cast.priya)
    proposal = proposal_of(run, pilot.juno)
    url = reverse(
        "matching:decide",
        kwargs={"slug": "reverse-pilot", "uuid": run.uuid, "proposal": proposal.uuid},
    )

    response = client.post(url, {"action": "exclude"}, follow=True)

    assert "out of date" in response.content.decode()
    assert not ReviewDecision.objects.exists()
    assert MatchRun.objects.count() == 2

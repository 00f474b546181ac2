"""Matching runs through the API: only a program's managers start, follow,
review and publish them, with the same rules and audit as the matching pages."""

from __future__ import annotations

import pytest

from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.api.tests.helpers_more import api_post, read_queries
from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRun, ReviewDecision
from twoway.pairs.models import Pair
from twoway.programs.models import Enrollment, EnrollmentTopic, Program
from twoway.testing.factories import PersonFactory, enroll, run_now

RUNS = "/api/v1/programs/reverse-pilot/match-runs"


def _user(cast, morgan, who):
    return morgan if who == "morgan" else getattr(cast, who)


def test_a_manager_starts_a_run_that_runs_in_the_background(
    pilot, cast, client, django_capture_on_commit_callbacks
):
    secret = token_for(cast.priya, write=True)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = api_post(client, RUNS, {"weights": {"teach": 50}}, secret)
        assert response.status_code == 202, response.content
        body = response.json()
        assert body["status"] == "queued" and body["pairs"] is None
    assert len(queued) == 1  # the task, enqueued once the run is saved
    run = MatchRun.objects.get(uuid=body["uuid"])
    assert response["Location"].endswith(f"{RUNS}/{run.uuid}")
    assert run.settings["weights"]["teach"] == 50
    assert AuditEvent.objects.get(action="match_run.create").actor == cast.priya
    # The task has run it: the run now reads as finished, with its pairs.
    status = api_get(client, response["Location"], secret).json()
    assert status["status"] == "succeeded" and status["percent"] == 100
    assert status["pairs"] == 2


def test_a_refused_start_says_why_and_starts_nothing(pilot, cast, client):
    Program.objects.filter(pk=pilot.program.pk).update(status=Program.Status.DRAFT)
    body = assert_problem(api_post(client, RUNS, {}, token_for(cast.priya, write=True)), 422)
    assert "needs it to be matching" in body["detail"]
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("who", ["juno", "sol", "morgan", "otto"])
def test_only_managers_see_or_start_runs(pilot, morgan, cast, client, who):
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    run = run_now(pilot.program, actor=cast.priya)
    user = _user(cast, morgan, who)
    assert_problem(api_get(client, RUNS, token_for(user)), 404)
    assert_problem(api_get(client, f"{RUNS}/{run.uuid}", token_for(user)), 404)
    assert_problem(api_post(client, RUNS, {}, token_for(user, write=True)), 404)
    assert MatchRun.objects.count() == 1


def test_a_read_token_cannot_start_a_run(pilot, cast, client):
    assert_problem(api_post(client, RUNS, {}, token_for(cast.priya)), 403)
    assert not MatchRun.objects.exists()


def test_a_manager_locks_a_proposal_with_its_etag(pilot, cast, client):
    run = run_now(pilot.program, actor=cast.priya)
    secret = token_for(cast.priya, write=True)
    proposals = api_get(client, f"{RUNS}/{run.uuid}/proposals", secret).json()["items"]
    assert len(proposals) == 2
    url = f"{RUNS}/{run.uuid}/proposals/{proposals[0]['uuid']}"
    etag = api_get(client, url, secret)["ETag"]
    response = api_post(client, url + "/decision", {"action": "lock"}, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "lock"
    assert ReviewDecision.objects.get().kind == "lock"
    assert AuditEvent.objects.get(action="review.lock").actor == cast.priya
    # The same ETag again is stale: the lock moved the proposal on.
    stale = api_post(client, url + "/decision", {"action": "clear"}, secret, HTTP_IF_MATCH=etag)
    assert_problem(stale, 412)
    assert ReviewDecision.objects.get().kind == "lock"
    bad = assert_problem(api_post(client, url + "/decision", {"action": "maybe"}, secret), 422)
    assert bad["errors"][0]["message"] == "Choose lock, exclude or clear."


def test_a_manager_publishes_once(pilot, cast, client):
    run = run_now(pilot.program, actor=cast.priya)
    secret = token_for(cast.priya, write=True)
    url = f"{RUNS}/{run.uuid}"
    etag = api_get(client, url, secret)["ETag"]
    response = api_post(client, url + "/publish", None, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["pairs_created"] == 2
    assert Pair.objects.filter(program=pilot.program).count() == 2
    assert AuditEvent.objects.filter(action="match_run.publish").count() == 1
    # Published meanwhile: the old ETag is stale.
    assert_problem(api_post(client, url + "/publish", None, secret, HTTP_IF_MATCH=etag), 412)
    again = api_post(client, url + "/publish", None, secret)
    assert again.json()["pairs_created"] == 0


def test_a_manager_swaps_two_pairs_partners(pilot, cast, client):
    # Both mentees learn both topics, so either mentor can teach either.
    for who, skill in ((pilot.sterling, pilot.ai), (pilot.richard, pilot.video)):
        EnrollmentTopic.objects.create(
            enrollment=pilot.program.enrollments.get(person=who),
            skill=skill,
            direction="learn",
            level=3,
        )
    run = run_now(pilot.program, actor=cast.priya)
    secret = token_for(cast.priya, write=True)
    first, second = (str(run.proposals.get(mentor=who).uuid) for who in (pilot.juno, pilot.maya))
    url = f"{RUNS}/{run.uuid}"
    etag = api_get(client, url, secret)["ETag"]
    body = {"proposals": [first, second]}
    response = api_post(client, url + "/swap", body, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    pairs = {(p["mentor_name"], p["mentee_name"]) for p in response.json()["proposals"]}
    assert pairs == {("Juno Park", "Richard Hale"), ("Maya Chen", "Sterling Hayes")}
    assert {p["decision"] for p in response.json()["proposals"]} == {"lock"}
    assert AuditEvent.objects.filter(action="review.swap", actor=cast.priya).exists()
    # The run moved on: the ETag read before the swap is stale.
    assert_problem(api_post(client, url + "/swap", body, secret, HTTP_IF_MATCH=etag), 412)
    same = assert_problem(
        api_post(client, url + "/swap", {"proposals": [first, first]}, secret), 422
    )
    assert same["detail"] == "Choose two different pairs to swap."


def test_a_manager_shares_a_run_for_preview_before_publishing(pilot, cast, client):
    Program.objects.filter(pk=pilot.program.pk).update(senior_preview=True)
    run = run_now(pilot.program, actor=cast.priya)
    secret = token_for(cast.priya, write=True)
    url = f"{RUNS}/{run.uuid}"
    refused = assert_problem(api_post(client, url + "/publish", None, secret), 422)
    assert "Share the proposals for preview first" in refused["detail"]
    response = api_post(client, url + "/share", None, secret)
    assert response.status_code == 200, response.content
    assert response.json()["shared_at"] is not None
    assert AuditEvent.objects.filter(action="match_run.share", actor=cast.priya).exists()
    assert api_post(client, url + "/publish", None, secret).json()["pairs_created"] == 2


def test_a_participant_cannot_publish(pilot, cast, client):
    run = run_now(pilot.program, actor=cast.priya)
    url = f"{RUNS}/{run.uuid}/publish"
    assert_problem(api_post(client, url, None, token_for(cast.juno, write=True)), 404)
    assert not Pair.objects.exists()


def test_the_lists_make_no_query_per_row(pilot, cast, client):
    secret = token_for(cast.priya)
    first = run_now(pilot.program, actor=cast.priya, dry_run=True)
    few = read_queries(client, RUNS, secret)
    few_proposals = read_queries(client, f"{RUNS}/{first.uuid}/proposals", secret)
    for _ in range(3):
        enroll(pilot.program, PersonFactory(level=2), Enrollment.Role.MENTOR, teach=[(pilot.ai, 4)])
        enroll(pilot.program, PersonFactory(level=9), Enrollment.Role.MENTEE, learn=[(pilot.ai, 1)])
    last = run_now(pilot.program, actor=cast.priya, dry_run=True)
    assert len(api_get(client, RUNS, secret).json()["items"]) == 2
    assert len(api_get(client, f"{RUNS}/{last.uuid}/proposals", secret).json()["items"]) > 2
    assert read_queries(client, RUNS, secret) == few
    assert read_queries(client, f"{RUNS}/{last.uuid}/proposals", secret) == few_proposals

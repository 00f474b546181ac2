import re

import pytest
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.matching.models import ReviewDecision
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.review import proposal_swap
from twoway.programs.models import EnrollmentTopic
from twoway.testing.factories import run_now


def add_topic(program, who, skill, direction, level):
    EnrollmentTopic.objects.create(
        enrollment=program.enrollments.get(person=who),
        skill=skill,
        direction=direction,
        level=level,
    )


@pytest.fixture
def run(pilot, cast):
    # Both mentees would learn both topics, so either partner can teach either.
    add_topic(pilot.program, pilot.sterling, pilot.ai, "learn", 3)
    add_topic(pilot.program, pilot.richard, pilot.video, "learn", 3)
    return run_now(pilot.program, actor=cast.priya)


def proposals(run, pilot):
    return run.proposals.get(mentor=pilot.juno), run.proposals.get(mentor=pilot.maya)


def test_swaps_partners_rescores_and_locks_both(run, pilot, cast):
    first, second = proposals(run, pilot)
    before = run.total

    result = proposal_swap(actor=cast.priya, run=run, first=first, second=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.mentor, first.mentee) == (pilot.juno, pilot.richard)
    assert (second.mentor, second.mentee) == (pilot.maya, pilot.sterling)
    assert first.locked and second.locked
    assert first.topics["teaches"] == [[pilot.video.pk, 4, 3]]
    run.refresh_from_db()
    assert result.total_before == pytest.approx(before)
    assert run.total == pytest.approx(first.score + second.score)
    assert result.total_after == pytest.approx(run.total)
    assert run.total <= before + 1e-9  # the engine's answer was optimal
    locks = set(ReviewDecision.objects.values_list("mentor_id", "mentee_id", "kind"))
    assert locks == {
        (pilot.juno.pk, pilot.richard.pk, "lock"),
        (pilot.maya.pk, pilot.sterling.pk, "lock"),
    }
    assert AuditEvent.objects.filter(action="review.swap").exists()


def test_a_swap_that_breaks_a_rule_is_refused_with_the_reason(run, pilot, cast):
    pilot.maya.manager = pilot.sterling
    pilot.maya.save()
    first, second = proposals(run, pilot)

    with pytest.raises(
        MatchingError, match="Maya Chen and Sterling Hayes are in the same reporting line"
    ):
        proposal_swap(actor=cast.priya, run=run, first=first, second=second)
    first.refresh_from_db()
    assert first.mentee == pilot.sterling
    assert not ReviewDecision.objects.exists()


def test_a_swap_into_pairs_without_a_shared_topic_is_refused(pilot, cast):
    run = run_now(pilot.program, actor=cast.priya)
    first, second = proposals(run, pilot)

    with pytest.raises(MatchingError, match="Juno Park and Richard Hale share no topic"):
        proposal_swap(actor=cast.priya, run=run, first=first, second=second)


def test_the_same_pair_twice_is_refused(run, pilot, cast):
    first, _ = proposals(run, pilot)
    with pytest.raises(MatchingError, match="two different pairs"):
        proposal_swap(actor=cast.priya, run=run, first=first, second=first)


def test_a_stale_run_cannot_be_swapped(run, pilot, cast):
    run_now(pilot.program, actor=cast.priya)
    first, second = proposals(run, pilot)
    with pytest.raises(MatchingError, match="out of date"):
        proposal_swap(actor=cast.priya, run=run, first=first, second=second)


def test_the_page_needs_exactly_two_ticked_pairs_and_shows_the_new_total(client, run, pilot, cast):
    client.force_login(cast.priya)
    url = reverse("matching:swap", kwargs={"slug": "reverse-pilot", "uuid": run.uuid})
    first, second = proposals(run, pilot)

    page = client.post(url, {"swap": [str(first.uuid)]}, follow=True).content.decode()
    assert "Tick exactly two pairs" in page

    page = client.post(url, {"swap": [str(first.uuid), str(second.uuid)]}, follow=True)
    text = page.content.decode()
    assert "Swapped: Juno Park with Richard Hale, Maya Chen with Sterling Hayes" in text
    assert re.search(r"\(both locked\)\. Average fit \d+ → \d+\.", text)

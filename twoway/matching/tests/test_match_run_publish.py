import pytest
from django.core import mail
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.preview import match_run_share, proposal_opt_out
from twoway.matching.services.publish import match_run_publish
from twoway.pairs.models import Pair
from twoway.programs.models import Program
from twoway.testing.factories import run_now


@pytest.fixture
def run(pilot, cast):
    return run_now(pilot.program, actor=cast.priya)


def test_creates_the_pairs_moves_the_program_to_active_and_tells_both_sides(
    run, pilot, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = match_run_publish(actor=cast.priya, run=run)

    assert created == 2
    pair = Pair.objects.get(mentor=pilot.juno)
    assert pair.mentee == pilot.sterling
    assert (pair.status, pair.origin, pair.match_run) == ("new", "matched", run)
    assert pair.reasons["teaches"] == [
        {"skill": "Short-form video for business", "teacher_level": 4, "learner_level": 1}
    ]
    pilot.program.refresh_from_db()
    assert pilot.program.status == Program.Status.ACTIVE
    run.refresh_from_db()
    assert run.published_at is not None and run.published_by == cast.priya
    assert AuditEvent.objects.filter(action="match_run.publish").exists()
    assert AuditEvent.objects.filter(action="program.transition").exists()

    to_juno = [m for m in mail.outbox if m.to == ["juno@example.org"]]
    assert len(mail.outbox) == 4 and len(to_juno) == 1
    body = to_juno[0].body
    assert "Your partner in Reverse pilot is Sterling Hayes" in body
    assert "You can teach Sterling Short-form video for business" in body
    assert f"/pairs/{pair.uuid}/" in body
    assert Pair.objects.filter(notified_at__isnull=True).count() == 0


def test_publishing_twice_creates_nothing_twice(run, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert match_run_publish(actor=cast.priya, run=run) == 2
        assert match_run_publish(actor=cast.priya, run=run) == 0

    assert Pair.objects.count() == 2
    assert len(mail.outbox) == 4


def test_a_double_submit_from_the_page_publishes_once(client, run, cast):
    client.force_login(cast.priya)
    url = reverse("matching:publish", kwargs={"slug": "reverse-pilot", "uuid": run.uuid})

    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()

    assert "Published 2 pairs" in first
    assert "already published" in second
    assert Pair.objects.count() == 2


def test_opted_out_proposals_are_not_published(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(junior_opt_out=True)
    pilot.program.refresh_from_db()
    run = run_now(pilot.program, actor=cast.priya)
    match_run_share(actor=cast.priya, run=run)
    proposal_opt_out(actor=cast.juno, proposal=run.proposals.get(mentor=pilot.juno))

    assert match_run_publish(actor=cast.priya, run=run) == 1
    assert not Pair.objects.filter(mentor=pilot.juno).exists()


def test_a_program_with_preview_must_share_before_publishing(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(senior_preview=True)
    pilot.program.refresh_from_db()
    run = run_now(pilot.program, actor=cast.priya)

    with pytest.raises(MatchingError, match="Share the proposals for preview first"):
        match_run_publish(actor=cast.priya, run=run)
    assert not Pair.objects.exists()


def test_a_dry_run_or_a_stale_run_cannot_be_published(pilot, cast):
    old = run_now(pilot.program, actor=cast.priya)
    dry = run_now(pilot.program, actor=cast.priya, dry_run=True)
    run_now(pilot.program, actor=cast.priya)

    with pytest.raises(MatchingError, match="dry run"):
        match_run_publish(actor=cast.priya, run=dry)
    with pytest.raises(MatchingError, match="out of date"):
        match_run_publish(actor=cast.priya, run=old)
    assert not Pair.objects.exists()

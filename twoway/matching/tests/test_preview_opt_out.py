import pytest
from django.core import mail
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.matching.models import MatchRun, ReviewDecision
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.preview import match_run_share, proposal_opt_out
from twoway.matching.services.publish import match_run_publish
from twoway.pairs.models import Pair
from twoway.programs.models import Program
from twoway.testing.factories import enroll, person, run_now


@pytest.fixture
def shared(pilot, cast, django_capture_on_commit_callbacks):
    """Seniors preview, juniors may opt out; Ola is a spare mentor who also teaches video."""
    Program.objects.filter(pk=pilot.program.pk).update(senior_preview=True, junior_opt_out=True)
    pilot.program.refresh_from_db()
    ola = person("Ola Spare", login=True, level=2, department="Technology")
    enroll(pilot.program, ola, "mentor", teach=[(pilot.video, 3)])
    run = run_now(pilot.program, actor=cast.priya)
    with django_capture_on_commit_callbacks(execute=True):
        match_run_share(actor=cast.priya, run=run)
    pilot.ola = ola
    return run


def preview_url():
    return reverse("matching:preview", kwargs={"slug": "reverse-pilot"})


def test_sharing_e_mails_each_person_a_link_to_their_own_proposal(shared, pilot):
    assert sorted(m.to[0] for m in mail.outbox) == [
        "juno@example.org",
        "maya@example.org",
        "richard@example.org",
        "sterling@example.org",
    ]
    to_juno = next(m for m in mail.outbox if m.to == ["juno@example.org"])
    assert "Sterling Hayes" in to_juno.body and "opt out" in to_juno.body
    assert "/programs/reverse-pilot/my-match/" in to_juno.body
    to_sterling = next(m for m in mail.outbox if m.to == ["sterling@example.org"])
    assert "opt out" not in to_sterling.body
    assert AuditEvent.objects.filter(action="match_run.share").exists()


def test_a_participant_sees_only_their_own_proposal(client, shared, pilot, cast):
    client.force_login(cast.juno)
    page = client.get(preview_url()).content.decode()

    assert "Sterling Hayes" in page
    assert "You can teach Sterling Short-form video for business" in page
    assert "Richard Hale" not in page and "Maya Chen" not in page
    assert "Opt out of this proposal" in page


def test_a_participant_cannot_act_on_someone_elses_proposal(client, shared, pilot, cast):
    client.force_login(cast.juno)
    maya_proposal = shared.proposals.get(mentor=pilot.maya)
    url = reverse(
        "matching:opt_out", kwargs={"slug": "reverse-pilot", "proposal": maya_proposal.uuid}
    )

    assert client.post(url, {"reason": "no"}).status_code == 404
    maya_proposal.refresh_from_db()
    assert maya_proposal.opted_out_at is None


def test_an_outsider_cannot_open_the_preview(client, shared, cast):
    client.force_login(cast.otto)
    assert client.get(preview_url()).status_code in (403, 404)


def test_the_senior_looking_marks_the_proposal_seen(client, shared, pilot, cast):
    client.force_login(cast.juno)
    client.get(preview_url())
    assert not shared.proposals.filter(seen_by_senior_at__isnull=False).exists()

    client.force_login(cast.sterling)
    page = client.get(preview_url()).content.decode()
    assert "You would be mentored by" in page and "Juno Park" in page
    assert "Opt out of this proposal" not in page
    assert shared.proposals.get(mentee=pilot.sterling).seen_by_senior_at is not None


def test_the_senior_side_cannot_opt_out(shared, pilot, cast):
    with pytest.raises(MatchingError, match="cannot opt out"):
        proposal_opt_out(actor=cast.sterling, proposal=shared.proposals.get(mentee=pilot.sterling))


def test_opting_out_re_runs_matching_for_that_person_only(
    client, shared, pilot, cast, django_capture_on_commit_callbacks
):
    maya_pair = shared.proposals.get(mentor=pilot.maya)
    maya_pair.seen_by_senior_at = maya_pair.created_at
    maya_pair.save()
    mail.outbox.clear()
    client.force_login(cast.juno)
    proposal = shared.proposals.get(mentor=pilot.juno)
    url = reverse("matching:opt_out", kwargs={"slug": "reverse-pilot", "proposal": proposal.uuid})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "We already work together a lot"}, follow=True)

    assert "You have opted out" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.opted_out_at is not None and proposal.opted_out_by == pilot.juno
    assert proposal.opt_out_reason == "We already work together a lot"
    assert ReviewDecision.objects.filter(
        mentor=pilot.juno, mentee=pilot.sterling, kind="exclude"
    ).exists()
    event = AuditEvent.objects.get(action="proposal.opt_out")
    assert "together" not in str(event.after)

    rematch = MatchRun.objects.get(kind="rematch")
    assert rematch.status == "succeeded" and rematch.rematch_of == shared
    assert rematch.shared_at is not None
    pairs = set(rematch.proposals.values_list("mentor__name", "mentee__name", "locked"))
    assert pairs == {("Maya Chen", "Richard Hale", True), ("Ola Spare", "Sterling Hayes", False)}
    kept = rematch.proposals.get(mentor=pilot.maya)
    assert kept.seen_by_senior_at is not None  # what Richard did carries over
    # Only the newly proposed people hear about it.
    assert sorted(m.to[0] for m in mail.outbox) == ["ola@example.org", "sterling@example.org"]

    page = client.get(preview_url()).content.decode()
    assert "No partner proposed for you at the moment" in page


def test_the_manager_reads_the_private_reason_the_partner_does_not(
    client, shared, pilot, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_opt_out(
            actor=cast.juno,
            proposal=shared.proposals.get(mentor=pilot.juno),
            reason="Too close to my team",
        )
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": shared.uuid})
    assert "Too close to my team" in client.get(url, {"state": "opted_out"}).content.decode()
    client.force_login(cast.sterling)
    assert "Too close" not in client.get(preview_url()).content.decode()


def test_a_stale_proposal_cannot_be_opted_out(shared, pilot, cast):
    run_now(pilot.program, actor=cast.priya)  # a new full run replaces the shared one

    with pytest.raises(MatchingError, match="has changed since you opened it"):
        proposal_opt_out(actor=cast.juno, proposal=shared.proposals.get(mentor=pilot.juno))


def test_publishing_after_the_re_match_publishes_the_new_pairs(
    shared, pilot, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal_opt_out(actor=cast.juno, proposal=shared.proposals.get(mentor=pilot.juno))
    rematch = MatchRun.objects.get(kind="rematch")

    assert match_run_publish(actor=cast.priya, run=rematch) == 2
    assert set(Pair.objects.values_list("mentor__name", "mentee__name")) == {
        ("Maya Chen", "Richard Hale"),
        ("Ola Spare", "Sterling Hayes"),
    }


def test_after_publishing_the_preview_leads_to_the_pair(client, shared, pilot, cast):
    match_run_publish(actor=cast.priya, run=shared)
    client.force_login(cast.juno)

    response = client.get(preview_url())
    pair = Pair.objects.get(mentor=pilot.juno)
    assert response.status_code == 302
    assert response["Location"] == reverse("home:pair", kwargs={"uuid": pair.uuid})

"""In a reverse program the junior mentors the senior: the review flags a
proposed pair where the junior teaches the senior nothing."""

from django.urls import reverse

from twoway.matching.models import Proposal
from twoway.testing.factories import SkillFactory, enroll, matching_program, person, run_now

FLAG = (
    "Not reverse mentoring: Jay Junior has nothing here to teach Sam Senior; only "
    "Sam Senior teaches back."
)


def _program_where_only_the_senior_teaches(kind: str):
    program = matching_program(slug=f"only-back-{kind}", kind=kind)
    negotiation = SkillFactory(name="Negotiation")
    video = SkillFactory(name="Video")
    junior = person("Jay Junior", level=2, department="Marketing")
    senior = person("Sam Senior", level=8, department="Finance")
    # Jay wants negotiation and offers video, which Sam does not want.
    enroll(program, junior, "mentor", teach=[(video, 4)], learn=[(negotiation, 1)])
    enroll(program, senior, "mentee", teach=[(negotiation, 5)])
    return program


def _review(client, cast, run) -> str:
    client.force_login(cast.priya)
    url = reverse("matching:run", kwargs={"slug": run.program.slug, "uuid": run.uuid})
    return client.get(url).content.decode()


def test_a_reverse_pair_where_the_junior_teaches_nothing_is_flagged(client, cast):
    run = run_now(_program_where_only_the_senior_teaches("reverse"), actor=cast.priya)
    proposal = Proposal.objects.get(run=run)
    assert proposal.topics["teaches"] == [] and proposal.topics["teaches_back"]

    page = _review(client, cast, run)
    assert FLAG in page
    assert '<span class="badge badge-warn">not reverse</span>' in page


def test_a_reverse_pair_where_the_junior_teaches_is_not_flagged(client, pilot, cast):
    run = run_now(pilot.program, actor=cast.priya)
    assert all(p.topics["teaches"] for p in run.proposals.all())
    page = _review(client, cast, run)
    assert "Not reverse mentoring" not in page and "not reverse</span>" not in page


def test_a_mutual_program_does_not_flag_a_one_way_pair(client, cast):
    run = run_now(_program_where_only_the_senior_teaches("mutual"), actor=cast.priya)
    assert run.proposals.count() == 1
    assert "Not reverse mentoring" not in _review(client, cast, run)

import pytest
from django.urls import reverse

from twoway.matching.selectors import run_diff
from twoway.matching.services.review import review_decision_set
from twoway.testing.factories import enroll, person, run_now


def test_the_first_run_has_nothing_to_compare_with(pilot, cast):
    assert run_diff(run=run_now(pilot.program, actor=cast.priya)) is None


def test_a_re_run_reports_pairs_kept_changed_new_and_dropped(pilot, cast):
    first = run_now(pilot.program, actor=cast.priya)
    proposal = first.proposals.select_related("run__program", "mentor", "mentee").get(
        mentor=pilot.maya
    )
    review_decision_set(actor=cast.priya, proposal=proposal, kind="exclude")
    newcomer = person("Nia New", level=2, department="Technology")
    enroll(pilot.program, newcomer, "mentor", teach=[(pilot.ai, 5)])

    second = run_now(pilot.program, actor=cast.priya, weights={"teach_back": 0})
    diff = run_diff(run=second)

    assert diff is not None and diff.previous == first
    assert (diff.kept, diff.changed, diff.new, diff.dropped) == (1, 1, 0, 0)
    assert diff.total_before == pytest.approx(first.total)
    assert diff.total_after == pytest.approx(second.total)
    assert diff.rate_before == pytest.approx(1.0)
    assert diff.rate_after == pytest.approx(4 / 5)  # Maya is now left without a partner


def test_the_review_page_shows_the_difference(client, pilot, cast):
    run_now(pilot.program, actor=cast.priya)
    second = run_now(pilot.program, actor=cast.priya)
    client.force_login(cast.priya)

    page = client.get(
        reverse("matching:run", kwargs={"slug": "reverse-pilot", "uuid": second.uuid})
    ).content.decode()
    assert "Compared with the run before" in page
    assert "Pairs kept" in page

"""axe-core finds nothing on the pages the hardening and the layering changed, at
desk and phone width: the home page of a manager of one program, the rules with
their estimates, the invitation plan, the fairness report, the settings form, the
product's 404 page, the meeting page of an ended pair, and the pages that moved
(the pair's page, the profile, the program's page, the health board) or changed
(the audit log, with its sentences and "About these entries" open)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.steps import log_in
from tests.site.world import world_build
from twoway.core.models import Role
from twoway.matching.models import MatchRun
from twoway.outcomes.tests.viewers import COLLEAGUES_LEAVING, PARTICIPANTS_LEAVING
from twoway.outcomes.tests.world import cohort
from twoway.pairs.services import pair_end
from twoway.programs.models import Program
from twoway.testing.factories import (
    CAST_PASSWORD,
    SkillFactory,
    enroll,
    grant,
    matching_program,
    person,
    run_now,
)


def _crowded_run(cast) -> MatchRun:
    """A dry run with more mentors than mentee places (the unmatched page's advice)."""
    program = matching_program(Program.Status.ENROLLING, slug="crowded", name="Crowded")
    video = SkillFactory(name="Crowded video")
    for i in range(3):
        enroll(program, person(f"Crowded Mentor{i}", level=2), "mentor", teach=[(video, 4)])
    enroll(program, person("Crowded Mentee", level=8), "mentee", learn=[(video, 1)])
    return run_now(program, actor=cast.priya, dry_run=True)


def _violations(axe: Axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']}: {[node['html'][:120] for node in v['nodes']]}" for v in found]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_pages_the_hardening_and_the_layering_touched_pass_axe(page, phone_page, cast):
    world = world_build(cast)
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=world.enrolling)
    pilot = world.pilot.program.slug
    run = MatchRun.objects.get(program=world.pilot.program)
    pair_end(actor=cast.juno, pair=world.pair, person=cast.juno.person, reason="New role")
    past = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)
    past.program.sponsor = cast.sol  # the sponsor's own page and home at a glance
    past.program.save(update_fields=["sponsor"])
    pages = [
        ("sterling", "/"),
        ("priya", f"/programs/{world.enrolling.slug}/rules/"),
        ("priya", f"/programs/{world.enrolling.slug}/invite/?side=mentor"),
        ("priya", f"/programs/{pilot}/matching/runs/{run.uuid}/fairness/"),
        ("priya", f"/programs/{pilot}/matching/"),
        ("priya", f"/programs/{pilot}/matching/runs/{run.uuid}/"),
        ("priya", f"/programs/{pilot}/matching/runs/{run.uuid}/unmatched/"),
        ("priya", f"/programs/{world.enrolling.slug}/matching/"),
        ("priya", f"/programs/crowded/matching/runs/{_crowded_run(cast).uuid}/unmatched/"),
        ("priya", f"/programs/{pilot}/edit/"),
        ("priya", "/programs/new/"),  # a new program: the templates, then its steps
        ("priya", "/programs/new/women-mentor-senior-men/"),
        ("priya", f"/programs/{world.enrolling.slug}/setup/matching/"),
        ("priya", "/no-such-page/"),
        ("juno", f"/meetings/{world.upcoming.uuid}/"),
        ("juno", f"/pairs/{world.pair.uuid}/"),
        ("juno", f"/pairs/{world.pair.uuid}/agreement/"),
        ("juno", "/me/"),
        ("priya", f"/programs/{pilot}/"),
        ("priya", f"/programs/{pilot}/health/"),
        ("ada", "/audit/"),
        ("ada", "/roles/"),
        ("sol", "/"),
        ("sol", f"/programs/{past.program.slug}/"),
        ("sol", f"/programs/{past.program.slug}/outcomes/"),
        ("sol", "/outcomes/"),
    ]
    axe = Axe()
    found = {}
    for view, width in ((page, "1280"), (phone_page, "390")):
        signed_in = None
        for actor, url in pages:
            if signed_in != actor:
                view.context.clear_cookies()
                log_in(view, getattr(cast, actor).email, CAST_PASSWORD)
                signed_in = actor
            view.goto(url)
            for about in view.locator("details").all():
                about.evaluate("d => d.open = true")
            problems = _violations(axe, view)
            if problems:
                found[f"{url} at {width} px"] = problems
    assert found == {}

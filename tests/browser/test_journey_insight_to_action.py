"""What a junior teaches changes how the business works, visibly: Juno raises an
insight from a meeting with Sterling; Sol, the pilot's sponsor, groups it into an
action, gives it an owner and marks it done with what changed; Juno reads it on
"You said, we did"."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.matching.services.publish import match_run_publish
from twoway.meetings.tests.helpers import held, sign_both
from twoway.pairs.models import Pair
from twoway.programs.models import Program
from twoway.testing.cast import build_pilot
from twoway.testing.factories import CAST_PASSWORD, run_now


@pytest.fixture
def meeting(cast):
    pilot = build_pilot(cast)
    Program.objects.filter(pk=pilot.program.pk).update(sponsor=cast.sol)
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(mentor=pilot.juno)
    sign_both(pair)
    return held(pair, pilot.sterling)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_insight_becomes_an_action_everyone_reads(page, new_page, meeting, cast):
    # Juno, on the meeting's page, raises an insight.
    log_in(page, cast.juno.email, CAST_PASSWORD)
    page.goto(f"/meetings/{meeting.uuid}/")
    page.get_by_role("link", name="Raise an insight for the organisation").click()
    expect(
        page.get_by_role("heading", name="Raise an insight for the organisation")
    ).to_be_visible()
    page.get_by_label("Stop doing something").check()
    page.get_by_label("In a few words").fill("Stop printing the board pack")
    page.get_by_label("What you noticed, and why it matters").fill(
        "Forty pages a month that nobody opens: the figures are online."
    )
    page.get_by_label("You may show my name").check()
    page.get_by_role("button", name="Send the insight").click()
    page.wait_for_url(f"**/meetings/{meeting.uuid}/")
    expect(page.get_by_text("Thank you: your insight is with")).to_be_visible()

    # Sol, the sponsor, groups it into an action, gives it an owner, and marks it done.
    sol = new_page()
    log_in(sol, cast.sol.email, CAST_PASSWORD)
    sol.goto(f"/programs/{meeting.pair.program.slug}/insights/")
    sol.get_by_label(re.compile("Stop printing the board pack")).check()
    sol.get_by_label("Group the ticked insights into a new action").fill("Print less")
    sol.get_by_role("button", name="Group into an action").click()
    expect(sol.get_by_role("heading", name=re.compile("Print less"), level=1)).to_be_visible()
    sol.get_by_label("Owner's work e-mail").fill(cast.sterling.email)
    sol.get_by_label("Status").select_option(label="In progress")
    sol.get_by_role("button", name="Save the action").click()
    expect(sol.get_by_text("Action saved.")).to_be_visible()
    sol.get_by_label("Status").select_option(label="Done")
    sol.get_by_role("button", name="Save the action").click()
    expect(sol.get_by_text("Say what changed before marking it done")).to_be_visible()
    sol.get_by_label("What changed").fill("The board pack is an online dashboard now.")
    sol.get_by_role("button", name="Save the action").click()
    expect(sol.get_by_text("Action saved.")).to_be_visible()
    expect(sol.get_by_text("Owned by Sterling Hayes")).to_be_visible()

    # Juno reads what became of it.
    page.get_by_role("link", name="You said, we did").first.click()
    card = page.get_by_role("article", name="Print less")
    expect(card).to_contain_text("Done: The board pack is an online dashboard now.")
    expect(card).to_contain_text("Stop printing the board pack")
    expect(card).to_contain_text("— Juno Park")

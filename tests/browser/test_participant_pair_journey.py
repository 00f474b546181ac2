"""A participant follows what waits for them: home -> their pair -> the agreement,
read and signed -> the meeting held, logged from home. At desk and phone width
the same pages pass axe-core, and on a phone they never scroll sideways."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.matching.services.publish import match_run_publish
from twoway.meetings.tests.helpers import held
from twoway.pairs.models import Pair
from twoway.pairs.tests.agreements import edit, sign
from twoway.testing.cast import build_pilot
from twoway.testing.factories import CAST_PASSWORD, run_now


@pytest.fixture
def pair(cast):
    pilot = build_pilot(cast)
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(mentor=pilot.juno)
    agreement = edit(pair.agreement, pilot.sterling, 1, mentee_goals="Read a budget")
    sign(agreement, pilot.sterling, agreement.version)
    held(pair, pilot.sterling)
    return pair


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_participant_goes_from_home_to_the_agreement_to_a_logged_meeting(page, pair, cast):
    log_in(page, cast.juno.email, CAST_PASSWORD)

    # Home: the pair first, with what waits in order.
    card = page.get_by_role("region", name=re.compile("Your mentee: Sterling Hayes"))
    steps = card.get_by_role("listitem")
    expect(steps.nth(0)).to_contain_text("Sign version 2 of your agreement with Sterling")
    expect(steps.nth(1)).to_contain_text("Log your meeting of")
    card.get_by_role("link", name="Sterling Hayes").click()
    page.wait_for_url(f"**/pairs/{pair.uuid}/")
    expect(page.get_by_role("heading", name="You and Sterling Hayes", level=1)).to_be_visible()

    # The agreement: read it, see what is still to write, sign it.
    page.get_by_role("region", name="Your agreement").get_by_role(
        "link", name="Read the agreement"
    ).click()
    expect(page.get_by_role("heading", name="Your agreement with Sterling")).to_be_visible()
    expect(page.locator(".agreement-missing")).to_contain_text(
        "Still to write: what you want to learn"
    )
    expect(page.get_by_role("definition").filter(has_text="Read a budget")).to_be_visible()
    expect(page.get_by_text("✓ Sterling signed version 2, the current one")).to_be_visible()
    page.get_by_role("button", name="Sign version 2").click()
    expect(page.get_by_role("status")).to_contain_text("You have both signed")
    expect(page.get_by_role("heading", name="Your agreement with Sterling")).to_be_visible()
    pdf = page.get_by_role("link", name="Signed version 2 (PDF)")
    response = page.request.get(pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"

    # Home again: the signature no longer waits; the meeting is logged from there.
    page.goto("/")
    card = page.get_by_role("region", name=re.compile("Your mentee: Sterling Hayes"))
    expect(card).not_to_contain_text("Sign version")
    card.get_by_role("link", name=re.compile("Log your meeting of")).click()
    page.get_by_label("Topics covered").fill("Reading a budget line by line")
    page.get_by_label("What I learned").fill("Where the money goes")
    page.get_by_label("What I taught").fill("Captions that carry the message")
    page.get_by_role("radio", name="5").check()
    page.get_by_role("button", name="Save my log").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.goto("/")
    card = page.get_by_role("region", name=re.compile("Your mentee: Sterling Hayes"))
    expect(card).not_to_contain_text("Log your meeting")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_participant_pages_pass_axe_and_do_not_scroll_sideways_on_a_phone(
    page, phone_page, pair, cast
):
    urls = (
        "/",
        f"/pairs/{pair.uuid}/",
        f"/pairs/{pair.uuid}/agreement/",
        f"/pairs/{pair.uuid}/agreement/edit/",
        "/pairs/",
    )
    axe, found = Axe(), {}
    for view, width in ((page, 1280), (phone_page, 390)):
        log_in(view, cast.juno.email, CAST_PASSWORD)
        for url in urls:
            view.goto(url)
            for details in view.locator("details").all():
                details.evaluate("d => d.open = true")
            violations = axe.run(view).response["violations"]
            if violations:
                found[f"{url} at {width} px"] = [v["id"] for v in violations]
            overflow = view.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways at {width} px"
    assert found == {}

"""A sponsor opens Twoway: each program they sponsor at a glance on their home,
then the program's own page, with its outcomes a link away."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.outcomes.tests.viewers import COLLEAGUES_LEAVING, PARTICIPANTS_LEAVING
from twoway.outcomes.tests.world import cohort
from twoway.programs.models import Program
from twoway.testing.factories import CAST_PASSWORD

NAME = "Digital Fluency 2024"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sponsor_reads_a_program_at_a_glance_from_home(page, cast):
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)
    Program.objects.filter(pk=world.program.pk).update(name=NAME, sponsor=cast.sol)

    log_in(page, cast.sol.email, CAST_PASSWORD)
    mine = page.get_by_role("region", name="Programs you sponsor")
    card = mine.get_by_role("article", name=NAME)
    expect(card).to_contain_text("Pairs active")
    expect(card).to_contain_text("Meetings held")
    expect(card).to_contain_text("of participants still with us after 12 months")
    expect(card.get_by_role("img", name="Retention at 6, 12 and 24 months")).to_be_visible()

    card.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    expect(page.get_by_text("You sponsor this program.")).to_be_visible()
    page.get_by_role("link", name="Full outcomes →").click()
    expect(page.get_by_role("heading", name=f"Outcomes of {NAME}")).to_be_visible()

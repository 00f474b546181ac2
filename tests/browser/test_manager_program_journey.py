"""A program manager starts a program from a template and adjusts it in short
steps: the template, the name and dates, who may join each side, how pairs are
matched. (Running, reviewing and publishing the matching is the matching journey.)
Then the health board of a running program reads on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.programs.eligibility import Criteria, program_criteria
from twoway.programs.models import Program
from twoway.testing.factories import CAST_PASSWORD

NAME = "Women lead 2027"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_manager_starts_a_program_from_a_template_and_adjusts_it(page, cast):
    log_in(page, "priya@example.org", CAST_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Programs", exact=True
    ).click()
    page.get_by_role("link", name="New program").click()

    # 1. The templates, each saying what it sets.
    expect(page.get_by_role("heading", name="New program", level=1)).to_be_visible()
    template = page.locator("li.preset").filter(
        has_text="Senior men mentored by women in mid-senior roles"
    )
    expect(template).to_contain_text("Only people who chose to share their gender can join")
    template.get_by_role("link", name="Use this template").click()

    # 2. Name, purpose, sponsor, dates: the rhythm comes from the template.
    expect(page.get_by_role("heading", name="Name and dates", level=1)).to_be_visible()
    expect(page.get_by_label("Weeks apart")).to_have_value("4")
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Purpose").fill("Senior men learn how the organisation looks from here.")
    page.get_by_label("Executive sponsor").select_option(label="Sol Bernstein (sol@example.org)")
    page.get_by_label("Sessions").fill("8")
    page.get_by_role("button", name="Create the draft and go on").click()
    expect(page.get_by_role("status")).to_contain_text(f"Created “{NAME}” as a draft")
    program = Program.objects.get(name=NAME)
    assert (program.kind, program.planned_sessions, program.weeks_between_sessions) == (
        Program.Kind.REVERSE,
        8,
        4,
    )
    assert program.sponsor == cast.sol

    # 3. Who may join: both rules are already saved by the template; she widens one.
    expect(page.get_by_role("heading", name="Who may join", level=1)).to_be_visible()
    steps = page.get_by_role("navigation", name="Setting up a program")
    expect(steps.locator('[aria-current="step"]')).to_have_text("Who may join")
    mentor = page.get_by_role("region", name="Who may join as mentor")
    expect(mentor.get_by_text("saved", exact=True)).to_be_visible()
    expect(mentor.get_by_label("Genders")).to_have_value("woman")
    mentor.get_by_label("Level from").fill("3")
    mentor.get_by_role("button", name="Save the mentor rule").click()
    expect(page.get_by_role("status")).to_contain_text("Saved who may join as mentor.")
    assert program_criteria(program)["mentor"] == Criteria(
        min_level=3, max_level=6, genders=("woman",)
    )

    # 4. How pairs are matched: a short page; the rest under "All settings".
    page.get_by_role("link", name="Next: how pairs are matched").click()
    expect(page.get_by_role("heading", name="How pairs are matched", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="All settings").first).to_be_visible()
    page.get_by_label("Reporting lines").select_option("1")
    page.get_by_role("button", name="Save and see the program").click()
    expect(page.get_by_role("status")).to_contain_text("Saved how pairs are matched.")
    expect(page.get_by_role("heading", name="Next step")).to_be_visible()
    expect(page.locator(".next-step")).to_contain_text("Both rules are saved.")
    program.refresh_from_db()
    assert program.reporting_line_depth == 1 and program.status == Program.Status.DRAFT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_health_board_fits_a_phone(phone_page, published, cast):
    log_in(phone_page, "priya@example.org", CAST_PASSWORD)
    phone_page.goto(f"/programs/{published.program.slug}/health/")
    expect(phone_page.get_by_role("img", name="Pairs by status, week by week")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each pair is a card: the "Why" is shown whole, beside its label.
    why = phone_page.locator(".health-table td.health-why").first
    box = why.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390

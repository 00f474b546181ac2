"""A participant says what they can teach and want to learn, then finds a teacher."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in
from twoway.testing.factories import CAST_PASSWORD, PersonSkillFactory, SkillFactory


@pytest.fixture
def skills(cast):
    video = SkillFactory(
        name="Short-form video", category="social_media", synonyms="TikTok\nInstagram Reels"
    )
    negotiation = SkillFactory(
        name="Negotiation", category="tough_situations", synonyms="deal making"
    )
    # Sterling (a Finance Director) and Sol (the COO) can teach negotiation.
    PersonSkillFactory(
        person=cast.sterling.person,
        skill=negotiation,
        level=5,
        note="Twenty years of supplier contracts",
    )
    PersonSkillFactory(person=cast.sol.person, skill=negotiation, level=4)
    return video, negotiation


def _add_skill(page, section: str, typed: str, option: str, level: str) -> None:
    form = page.locator(f"#{section} form.skill-add")
    form.get_by_label("Skill or topic").press_sequentially(typed, delay=40)
    # The type-ahead fills the datalist from the server while typing (a round trip
    # after a pause in typing: allow for a busy machine).
    options = page.locator(f"#{section}-skill-options option[value='{option}']")
    expect(options).to_have_count(1, timeout=15_000)
    form.get_by_label("Skill or topic").fill(option)
    form.get_by_label(level).check()
    form.get_by_role("button").click()
    # The section is swapped in place and its status message takes the focus,
    # so a screen reader announces it.
    expect(page.locator(f"#{section} [role=status]")).to_be_focused()
    expect(page.locator(f"#{section} [role=status]")).to_have_text(f"Added “{option}”.")
    expect(page.locator(f"#{section} .skill-item-name", has_text=option)).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participant_adds_skills_and_finds_who_can_teach(page, cast, skills):
    log_in(page, "juno@example.org", CAST_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()

    _add_skill(page, "offer", "tikt", "Short-form video", "5 · expert")
    _add_skill(page, "learn", "deal", "Negotiation", "1 · new to it")
    expect(page.locator("#offer")).to_contain_text("5 · expert")

    # From the learning list straight to the directory.
    page.locator("#learn").get_by_role("link", name="Who can teach me this?").click()
    expect(page.get_by_role("heading", name="Negotiation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sterling Hayes")
    expect(page.locator("main")).to_contain_text("Sol Bernstein")
    # Strongest teacher first.
    expect(page.locator(".provider-name")).to_have_text(["Sterling Hayes", "Sol Bernstein"])

    # The same search typed by hand, by a synonym.
    page.goto("/directory/")
    page.get_by_label("Skill or topic").fill("deal making")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main")).to_contain_text("Sterling Hayes")
    expect(page.locator("main")).not_to_contain_text("Juno Park")

    # What Juno saved is really there after a reload.
    page.goto("/me/")
    expect(page.locator("#offer .skill-item-name")).to_have_text(["Short-form video"])
    expect(page.locator("#learn .skill-item-name")).to_have_text(["Negotiation"])

"""A sponsor reads a program's outcomes: the headline on home -> the program's
outcomes page -> another date -> the PDF, which names the program."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import log_in
from twoway.outcomes.tests.viewers import COLLEAGUES_LEAVING, PARTICIPANTS_LEAVING
from twoway.outcomes.tests.world import cohort
from twoway.testing.factories import CAST_PASSWORD

NAME = "Digital Fluency 2024"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sponsor_reads_the_outcomes_and_downloads_the_pdf(page, cast):
    world = cohort(participants_leaving=PARTICIPANTS_LEAVING, colleagues_leaving=COLLEAGUES_LEAVING)
    world.program.name = NAME
    world.program.save(update_fields=["name"])

    log_in(page, cast.sol.email, CAST_PASSWORD)
    outcomes = page.get_by_role("region", name="Outcomes")
    expect(outcomes).to_contain_text("of participants still with us after 12 months")
    outcomes.get_by_role("link", name=f"{NAME}: outcomes").click()

    expect(page.get_by_role("heading", name=f"Outcomes of {NAME}")).to_be_visible()
    expect(page.get_by_role("img", name="Staying with the organisation over time")).to_be_visible()

    page.get_by_label("Figures as of").fill("2025-09-30")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"as_of=2025-09-30"))
    expect(page.get_by_text("as of 30 September 2025")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-outcomes-report-2025-09-30.pdf")
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    text = " ".join(page_.extract_text() for page_ in reader.pages)
    assert NAME in text
    assert "As of 30 September 2025" in text

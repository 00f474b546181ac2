"""The people search that stops counting, and an erased record's page, read well and
pass axe-core at desk and phone width; the search's pages still turn."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.steps import log_in
from twoway.privacy.services import person_erase
from twoway.testing.factories import CAST_PASSWORD, PersonFactory


def _violations(axe: Axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']}: {[node['html'][:120] for node in v['nodes']]}" for v in found]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_search_and_an_erased_record_pass_axe(page, phone_page, cast, settings, monkeypatch):
    monkeypatch.setattr("twoway.people.views.SEARCH_COUNT_AT_MOST", 4)
    settings.PAGE_SIZE = 2
    for n in range(6):
        PersonFactory(name=f"Quillon Tester {n}", job_title="Analyst")
    erased = PersonFactory(name="Wendeline Gone")
    person_erase(actor=cast.ada, person=erased)
    pages = ["/people/?q=quillon", f"/people/{erased.uuid}/"]
    shots = os.environ.get("TWOWAY_SCREENSHOTS")  # a folder, to look at the pages
    axe = Axe()
    found = {}
    for view, width in ((page, "1280"), (phone_page, "390")):
        log_in(view, cast.ada.email, CAST_PASSWORD)
        for url in pages:
            view.goto(url)
            problems = _violations(axe, view)
            if problems:
                found[f"{url} at {width} px"] = problems
            if shots:
                name = url.strip("/").replace("/", "_").replace("?", "_")
                view.screenshot(path=str(Path(shots) / f"{name}-{width}.png"), full_page=True)
        view.goto("/people/?q=quillon")
        assert "the first 4 of more: add to your search" in view.content()
        view.get_by_role("link", name="Next →").click()
        assert "Quillon Tester 2" in view.content()
        view.goto(f"/people/{erased.uuid}/")
        assert view.get_by_text("erased", exact=True).is_visible()
        assert "Erased at their request" in view.content()
        assert view.get_by_role("button", name="sign-in").count() == 0
        assert view.get_by_role("button", name="Invite to sign in").count() == 0
    assert found == {}

"""The log-in page with single sign-on, and its refusal page, in Chromium: axe finds
nothing at desk and phone width, and in SSO-only mode the password form opens
only for the administrators who need it."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from twoway.testing.factories import CAST_PASSWORD


def _violations(axe: Axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [f"{v['id']}: {[node['html'][:120] for node in v['nodes']]}" for v in found]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sso_pages_pass_axe_at_desk_and_phone_width(page, phone_page, sso_only):
    axe = Axe()
    for view in (page, phone_page):
        view.goto("/accounts/login/")
        expect(view.get_by_role("link", name="Sign in with Contoso")).to_have_attribute(
            "href", "/accounts/sso/start/"
        )
        view.get_by_text("Administrator log-in with a password").click()
        assert _violations(axe, view) == []
        view.goto("/accounts/sso/callback/")
        expect(view.get_by_role("heading", name="You could not be signed in")).to_be_visible()
        assert _violations(axe, view) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_break_glass_administrator_logs_in_and_a_participant_is_told_to_use_sso(
    page, cast, sso_only
):
    page.goto("/accounts/login/")
    expect(page.get_by_label("Work e-mail")).to_be_hidden()
    page.get_by_text("Administrator log-in with a password").click()
    page.get_by_label("Work e-mail").fill("juno@example.org")
    page.get_by_label("Password").fill(CAST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Passwords are switched off here")
    page.get_by_label("Work e-mail").fill("ada@example.org")
    page.get_by_label("Password").fill(CAST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()

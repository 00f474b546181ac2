"""``tests/site/browser_form`` sends what Chromium sends, for every edit form.

The round-trip test of the edit forms builds each submission from the page's HTML
in Python. Here Chromium submits the same forms unchanged (htmx held back, so the
browser's own submission runs), the request is caught before it leaves, and its
body must equal what the Python reading of the same page produced.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import resolve
from playwright.sync_api import Error as PlaywrightError

from tests.browser.steps import log_in
from tests.site.browser_form import forms_parse
from tests.site.edit_forms import EDIT_FORMS
from tests.site.world import world_build
from twoway.testing.factories import CAST_PASSWORD


def _submit_unchanged(page, index: int) -> str:
    """Press the default button of the page's ``index``-th form; the body sent."""
    sent: list[str] = []

    def catch(route, request):
        if request.method == "POST":
            sent.append(request.post_data or "")
            route.abort()
        else:
            route.continue_()

    page.route("**/*", catch)
    page.evaluate(
        """index => {
            const form = document.forms[index];
            const button = [...form.elements].find(
                e => (e.type === "submit" || e.type === "image") && !e.disabled);
            button ? button.click() : form.submit();
        }""",
        index,
    )
    page.wait_for_timeout(50)
    for _ in range(100):
        if sent:
            break
        page.wait_for_timeout(50)
    page.unroute("**/*", catch)
    assert sent, "Chromium sent nothing"
    # The aborted request ends on the browser's error page; let it land. Waiting
    # may itself report the aborted navigation (net::ERR_FAILED) when it is
    # still under way: that is the abort above, expected.
    try:
        page.wait_for_url("chrome-error://**")
    except PlaywrightError as error:
        if "net::ERR_FAILED" not in str(error):
            raise
        page.wait_for_url("chrome-error://**")
    return sent[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_python_reading_of_every_edit_form_matches_chromium(page, cast):
    world = world_build(cast)
    # Without htmx, the browser submits each form itself.
    page.route("**/htmx-*.js", lambda route: route.abort())
    compared = 0
    signed_in = None
    for edit in EDIT_FORMS:
        if signed_in != edit.actor:
            page.context.clear_cookies()
            log_in(page, getattr(cast, edit.actor).email, CAST_PASSWORD)
            signed_in = edit.actor
        url = edit.page(world)
        html = page.goto(url).text()
        for index, form in enumerate(forms_parse(html)):
            action = urlsplit(form.action or url).path
            if form.method != "post" or resolve(action).view_name != edit.target:
                continue
            page.goto(url)
            body = _submit_unchanged(page, index)
            # The token is drawn afresh for each page, so compare it by presence.
            expected = [(k, v) for k, v in form.submission() if k != "csrfmiddlewaretoken"]
            chromium = [
                (k, v)
                for k, v in parse_qsl(body, keep_blank_values=True)
                if k != "csrfmiddlewaretoken"
            ]
            assert chromium == expected, (edit.target, index)
            assert "csrfmiddlewaretoken=" in body
            compared += 1
    assert compared >= len(EDIT_FORMS)

"""Every page each role reaches in the demo organisation: axe-core finds nothing
(WCAG 2.2 A and AA rules), and no page scrolls sideways on a phone.

Each demo login (administrator, program manager, sponsor, junior mentor, senior
mentee) starts at home and follows the links of the site it sees, breadth first,
visiting each kind of page (each URL name) once, with every "About this" section
opened. Downloads (PDF, CSV, Excel, calendar files), the admin and signing out are
not followed. Every kind of page each role reaches is checked at phone width
(axe and sideways scrolling); at desk width, each kind once (the first role to
reach it) and every role's home.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.browser.steps import log_in
from twoway.demo.builder import DEMO_USERS, demo_password, demo_seed

SEED = 42
PEOPLE = 300
# The most kinds of page one role is walked through (the demo has fewer).
MOST_PAGES = 120
# Pages of one kind opened for their links.
INSTANCES = 3
# The API answers JSON; its docs page is Swagger UI's, not one of ours.
NOT_FOLLOWED = ("/admin/", "/accounts/logout", "/static/", "/media/", "/api/")
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".ics", ".json")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _kind(path: str) -> str | None:
    """The URL name of a path of ours that a role may walk to, or None."""
    if path.startswith(NOT_FOLLOWED) or path.endswith(DOWNLOADS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" == origin and parts.path:
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _walk(page, origin: str) -> list[str]:
    """The first page of each kind one signed-in person reaches from home.

    Up to ``INSTANCES`` pages of a kind are opened for their links (the first
    program met may have no matching run, the next one does), so deeper kinds
    are reached; the first of each kind is the one checked.
    """
    opened: dict[str, int] = {}
    done: set[str] = set()
    queue: deque[str] = deque(["/"])
    first: list[str] = []
    while queue and len(opened) < MOST_PAGES:
        url = queue.popleft()
        kind = _kind(urlsplit(url).path)
        if kind is None or url in done or opened.get(kind, 0) >= INSTANCES:
            continue
        done.add(url)
        try:
            response = page.goto(url)
        except PlaywrightError:  # a download without a file name we know
            continue
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if kind not in opened:
            first.append(url)
        opened[kind] = opened.get(kind, 0) + 1
        queue.extend(_links(page, origin))
    return first


def _problems(axe: Axe, page) -> list[str]:
    for about in page.locator("details").all():
        about.evaluate("d => d.open = true")
    found = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    problems = [
        f"{v['id']}: {[node['target'] for node in v['nodes']][:3]}"
        for v in found.response["violations"]
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow} px")
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_every_role_passes_axe_and_fits_a_phone(
    page, phone_page, live_server, starter_catalogue
):
    demo_seed(people=PEOPLE, seed=SEED)
    axe = Axe()
    found: dict[str, list[str]] = {}
    at_desk: set[str] = set()
    walked = 0
    for user in DEMO_USERS:
        for view in (page, phone_page):
            view.context.clear_cookies()
            log_in(view, user.email, demo_password(SEED))
        urls = _walk(page, live_server.url)
        walked += len(urls)
        checks = [(phone_page, 390, url) for url in urls]
        checks += [
            (page, 1280, url)
            for url in urls
            if (_kind(urlsplit(url).path) or "") not in at_desk or url == "/"
        ]
        at_desk.update(_kind(urlsplit(url).path) or "" for url in urls)
        for view, width, url in checks:
            view.goto(url)
            problems = _problems(axe, view)
            if problems:
                found[f"{user.key} {url} at {width} px"] = problems
    assert walked >= 5 * len(DEMO_USERS), "each role reaches a handful of pages at least"
    assert found == {}

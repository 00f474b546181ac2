"""A person at a browser, played with requests: follows redirects, fills the
provider's log-in form and presses "Authorize" on its consent page."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from twoway.sso.tests.provider_process import PASSWORD


@dataclass
class Form:
    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)


class _FormReader(HTMLParser):
    """The first form of a page: its action and the values it would send."""

    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and self.form is None:
            self.form = Form(action=values.get("action", ""))
        elif (
            tag == "input"
            and self.form is not None
            and not self.done
            and values.get("name")
            and values.get("type") not in {"submit", "checkbox"}
        ):
            self.form.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.done = True


def form_of(response: requests.Response) -> Form:
    reader = _FormReader()
    reader.feed(response.text)
    assert reader.form is not None, f"no form at {response.url}: {response.text[:500]}"
    reader.form.action = urljoin(response.url, reader.form.action or response.url)
    return reader.form


def provider_log_in(browser: requests.Session, login_page: requests.Response, username: str):
    """Sign in at the provider's log-in page; returns its consent page."""
    form = form_of(login_page)
    form.fields.update(username=username, password=PASSWORD)
    return browser.post(form.action, data=form.fields, headers={"Referer": login_page.url})


def provider_consent(browser: requests.Session, consent_page: requests.Response, **changes: str):
    """Press "Authorize"; ``changes`` alter what the form sends (a tampered state)."""
    form = form_of(consent_page)
    form.fields.update(allow="Authorize", **changes)
    return browser.post(form.action, data=form.fields, headers={"Referer": consent_page.url})


def sso_sign_in_journey(browser: requests.Session, start_url: str, username: str):
    """From Twoway's "Sign in with" link to wherever Twoway sends the browser at the end."""
    login_page = browser.get(start_url)
    consent_page = provider_log_in(browser, login_page, username)
    return provider_consent(browser, consent_page)

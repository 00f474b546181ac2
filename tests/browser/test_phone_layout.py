"""On a phone, no page scrolls sideways: long names and e-mails wrap, tables scroll
inside their own frame."""

import pytest

from tests.browser.conftest import log_in
from twoway.core.testing import CAST_PASSWORD, PersonSkillFactory, SkillFactory

PAGES = {
    "juno": ["/", "/me/", "/directory/?skill=Negotiation", "/blind-spots/", "/skills/"],
    "ada": [
        "/",
        "/people/",
        "/import/people/",
        "/audit/",
        "/skills-map/",
        "/skills/new/",
        "/accounts/password/",
    ],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", sorted(PAGES))
def test_pages_fit_a_phone_screen(phone_page, cast, who):
    negotiation = SkillFactory(name="Negotiation", category="tough_situations", is_key=True)
    for name in ("juno", "sterling"):
        person = getattr(cast, name).person
        person.email = f"{name}.withaverylongaddressfortesting@example.org"
        person.save()
    person = cast.sterling.person
    PersonSkillFactory(
        person=person, skill=negotiation, level=5, note="A long note about supplier contracts " * 5
    )
    log_in(phone_page, f"{who}@example.org", CAST_PASSWORD)
    too_wide = {}
    for path in PAGES[who]:
        phone_page.goto(path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert too_wide == {}

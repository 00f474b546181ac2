"""Single sign-on end to end: Twoway's live server and a real OpenID Connect
provider in its own process, a browser played with requests in between."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from joserfc.jwk import RSAKey

from twoway.core.models import AuditEvent, User
from twoway.people.models import Person
from twoway.sso.flow import SESSION_KEY
from twoway.sso.provider import _cache_key, provider_metadata
from twoway.sso.tests.provider_browser import (
    form_of,
    provider_consent,
    provider_log_in,
    sso_sign_in_journey,
)
from twoway.testing.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser():
    with requests.Session() as session:
        yield session


def signed_in_user_id(browser: requests.Session) -> str | None:
    key = browser.cookies.get("sessionid")
    return SessionStore(session_key=key).get("_auth_user_id") if key else None


def start_url(live_server, next_url: str = "") -> str:
    return f"{live_server.url}/accounts/sso/start/" + (f"?next={next_url}" if next_url else "")


def test_signs_in_the_person_with_their_existing_login(sso_settings, live_server, browser, cast):
    landing = sso_sign_in_journey(browser, start_url(live_server, "/me/"), "juno")
    assert landing.status_code == 200
    assert urlsplit(landing.url).path == "/me/"
    assert signed_in_user_id(browser) == str(cast.juno.pk)
    event = AuditEvent.objects.get(action="sso.sign_in")
    assert event.actor_id == cast.juno.pk
    assert event.subject_id == str(cast.juno.person.uuid)
    assert event.after == {"provider": "Contoso", "account_created": False, "linked": False}


def test_in_sso_only_mode_a_single_sign_on_session_stays_open(
    sso_settings, live_server, browser, cast
):
    sso_settings.OIDC_SSO_ONLY = True
    sso_sign_in_journey(browser, start_url(live_server), "juno")
    # Sessions opened with a password end in this mode (sso.middleware); this one
    # was opened through the provider.
    page = browser.get(f"{live_server.url}/me/", allow_redirects=False)
    assert page.status_code == 200
    assert signed_in_user_id(browser) == str(cast.juno.pk)


def test_fetches_the_keys_again_when_the_token_names_a_key_not_cached(
    sso_settings, live_server, browser, cast
):
    """The provider rotated its keys since Twoway cached them."""
    metadata = provider_metadata()
    retired = RSAKey.generate_key(2048, parameters={"kid": "retired"}, private=False)
    cache.set(_cache_key("jwks", metadata.jwks_uri), {"keys": [retired.as_dict()]}, 3600)
    sso_sign_in_journey(browser, start_url(live_server), "juno")
    assert signed_in_user_id(browser) == str(cast.juno.pk)
    cached = cache.get(_cache_key("jwks", metadata.jwks_uri))
    assert [key["kid"] for key in cached["keys"]] != ["retired"]


def test_sends_pkce_s256_a_state_and_a_nonce(sso_settings, live_server, browser, cast):
    to_provider = browser.get(start_url(live_server), allow_redirects=False)
    query = parse_qs(urlsplit(to_provider.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["scope"] == ["openid email profile"]


def test_gives_a_person_without_a_login_one_linked_to_their_record(
    sso_settings, live_server, browser, db
):
    mira = PersonFactory(name="Mira Lund", email="mira.lund@example.org")
    landing = sso_sign_in_journey(browser, start_url(live_server), "mira")
    assert urlsplit(landing.url).path == "/"
    mira.refresh_from_db()
    assert mira.user is not None and mira.user.email == "mira.lund@example.org"
    assert not mira.user.has_usable_password()
    assert signed_in_user_id(browser) == str(mira.user.pk)
    after = AuditEvent.objects.get(action="sso.sign_in").after
    assert after == {"provider": "Contoso", "account_created": True, "linked": True}


@pytest.mark.parametrize(
    ("username", "reason", "words"),
    [
        ("unverified", "email_unverified", "has not confirmed that your e-mail address is yours"),
        ("absent", "email_unverified", "has not confirmed that your e-mail address is yours"),
        ("stranger", "no_person", "No one in the HR records has your e-mail address"),
        ("leaver", "left", "say you have left the organisation"),
        ("switched_off", "inactive", "Your account here is switched off"),
    ],
)
def test_refuses_and_creates_nobody(
    sso_settings, live_server, browser, db, username, reason, words
):
    PersonFactory(name="Uma Unverified", email="uma@example.org")
    PersonFactory(name="Abe Absent", email="abe@example.org")
    PersonFactory(name="Lee Leaver", email="lee@example.org", leave_date=dt.date(2025, 1, 31))
    PersonFactory(
        name="Sam Off",
        email="sam@example.org",
        user=UserFactory(email="sam@example.org", is_active=False),
    )
    users, people = User.objects.count(), Person.objects.count()
    refused = sso_sign_in_journey(browser, start_url(live_server), username)
    assert refused.status_code == 403
    assert "You could not be signed in" in refused.text and words in refused.text
    assert signed_in_user_id(browser) is None
    assert (User.objects.count(), Person.objects.count()) == (users, people)
    assert Person.objects.filter(user__isnull=False, user__is_active=True).count() == 0
    event = AuditEvent.objects.get(action="sso.refuse")
    assert event.actor_id is None and event.after == {"reason": reason, "provider": "Contoso"}


def test_refuses_an_answer_with_another_state(sso_settings, live_server, browser, cast):
    login_page = browser.get(start_url(live_server))
    consent = provider_log_in(browser, login_page, "juno")
    refused = provider_consent(browser, consent, state="a-state-this-browser-never-sent")
    assert refused.status_code == 403
    assert "does not belong to the sign-in you started" in refused.text
    assert signed_in_user_id(browser) is None


def test_refuses_an_id_token_with_another_nonce(sso_settings, live_server, browser, cast):
    login_page = browser.get(start_url(live_server))
    session = SessionStore(session_key=browser.cookies["sessionid"])
    flow = session[SESSION_KEY]
    session[SESSION_KEY] = {**flow, "nonce": "not-the-nonce-that-was-sent"}
    session.save()
    consent = provider_log_in(browser, login_page, "juno")
    refused = provider_consent(browser, consent)
    assert refused.status_code == 403
    assert "could not be verified" in refused.text and "token_invalid" in refused.text
    assert signed_in_user_id(browser) is None


def test_refuses_the_same_answer_twice(sso_settings, live_server, browser, cast):
    landing = sso_sign_in_journey(browser, start_url(live_server), "juno")
    callback = next(r for r in landing.history if "/accounts/sso/callback/" in r.url)
    with requests.Session() as other:
        other.cookies.update({"sessionid": browser.cookies["sessionid"]})
        again = other.get(callback.url)
    assert again.status_code == 403 and "flow_missing" in again.text


def test_refuses_when_the_person_cancels_at_the_provider(sso_settings, live_server, browser, cast):
    login_page = browser.get(start_url(live_server))
    consent = provider_log_in(browser, login_page, "juno")
    form = form_of(consent)  # sent without "allow": the person pressed Cancel
    refused = browser.post(form.action, data=form.fields, headers={"Referer": consent.url})
    assert refused.status_code == 403
    assert "Contoso did not sign you in" in refused.text
    assert signed_in_user_id(browser) is None

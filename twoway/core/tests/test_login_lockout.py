"""The login lockout: one budget per account and client, whatever the page or spelling."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.urls import reverse

from twoway.testing.factories import CAST_PASSWORD

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PROXY = "10.0.0.1"


def _post(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def _fail(client, url, usernames, times, **extra):
    for attempt in range(times):
        _post(client, url, usernames[attempt % len(usernames)], "not-the-password", **extra)


def _signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fail_on", "typed", "then_on", "then_typed"),
    [
        (SITE_LOGIN, "ada@example.org", ADMIN_LOGIN, "ADA@Example.org"),
        (ADMIN_LOGIN, "ADA@EXAMPLE.ORG", SITE_LOGIN, " ada@example.org "),
        (ADMIN_LOGIN, " Ada@Example.Org ", ADMIN_LOGIN, "aDa@example.org"),
    ],
)
def test_failures_on_one_login_page_lock_every_spelling_on_every_login_page(
    cast, settings, fail_on, typed, then_on, then_typed
):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    _fail(attacker, fail_on, [typed], settings.AXES_FAILURE_LIMIT)

    response = _post(attacker, then_on, then_typed, CAST_PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not _signed_in_as(attacker, cast.ada)
    assert attacker.get("/admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("then_on", [SITE_LOGIN, ADMIN_LOGIN])
def test_the_rightful_user_from_another_address_still_logs_in(cast, settings, then_on):
    _fail(Client(REMOTE_ADDR="198.51.100.7"), ADMIN_LOGIN, ["ADA@example.org"], 20)

    rightful = Client(REMOTE_ADDR="203.0.113.5")
    response = _post(rightful, then_on, "Ada@Example.org", CAST_PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(rightful, cast.ada)


@pytest.mark.django_db
def test_changing_the_case_of_the_address_gives_no_fresh_budget(cast, settings):
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    variants = ["ADA@EXAMPLE.ORG", "Ada@example.org", "ada@EXAMPLE.org", "aDA@example.ORG"]
    _fail(attacker, ADMIN_LOGIN, variants, settings.AXES_FAILURE_LIMIT)

    response = _post(attacker, ADMIN_LOGIN, "ADA@example.ORG", CAST_PASSWORD)

    assert response.status_code == 429
    assert not _signed_in_as(attacker, cast.ada)


@pytest.mark.django_db
def test_authenticate_called_directly_honours_the_lockout_in_any_case(cast, settings):
    _fail(Client(REMOTE_ADDR="198.51.100.7"), SITE_LOGIN, ["ada@example.org"], 20)
    request = RequestFactory().post("/elsewhere/", REMOTE_ADDR="198.51.100.7")

    assert authenticate(request, username="ADA@EXAMPLE.ORG", password=CAST_PASSWORD) is None
    elsewhere = RequestFactory().post("/elsewhere/", REMOTE_ADDR="203.0.113.5")
    assert authenticate(elsewhere, username="ADA@EXAMPLE.ORG", password=CAST_PASSWORD) == cast.ada


@pytest.mark.django_db
def test_a_successful_login_in_another_case_clears_the_earlier_failures(cast, settings):
    client = Client(REMOTE_ADDR="198.51.100.7")
    _fail(client, SITE_LOGIN, ["JUNO@example.org"], settings.AXES_FAILURE_LIMIT - 1)
    assert _post(client, SITE_LOGIN, "Juno@Example.org", CAST_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    _fail(client, SITE_LOGIN, ["juno@example.org"], settings.AXES_FAILURE_LIMIT - 1)

    assert _post(client, SITE_LOGIN, "juno@example.org", CAST_PASSWORD).status_code == 302


def _via_proxy(client_address: str, spoofed: str = "") -> dict[str, str]:
    """What one proxy forwards: whatever the client sent, then the address it saw."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.django_db
def test_behind_one_proxy_wrong_passwords_lock_out_only_the_client_that_sent_them(cast, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post(
            attacker,
            SITE_LOGIN,
            "juno@example.org",
            "not-the-password",
            **_via_proxy("198.51.100.7", spoofed=f"192.0.2.{attempt}"),
        )

    locked = _post(
        attacker,
        SITE_LOGIN,
        "juno@example.org",
        CAST_PASSWORD,
        **_via_proxy("198.51.100.7", spoofed="192.0.2.200"),
    )
    assert locked.status_code == 429
    assert not _signed_in_as(attacker, cast.juno)

    colleague = Client()
    response = _post(
        colleague, SITE_LOGIN, "juno@example.org", CAST_PASSWORD, **_via_proxy("203.0.113.5")
    )
    assert response.status_code == 302
    assert _signed_in_as(colleague, cast.juno)


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(cast, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post(
            attacker,
            SITE_LOGIN,
            "juno@example.org",
            "not-the-password",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    locked = _post(
        attacker,
        SITE_LOGIN,
        "juno@example.org",
        CAST_PASSWORD,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert locked.status_code == 429

    rightful = Client(REMOTE_ADDR="203.0.113.5")
    assert _post(rightful, SITE_LOGIN, "juno@example.org", CAST_PASSWORD).status_code == 302

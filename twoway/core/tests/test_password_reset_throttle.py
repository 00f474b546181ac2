"""Password-reset e-mails are limited per address and per client, silently."""

import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from twoway.core.models import AuditEvent, RateLimitCounter
from twoway.core.throttle import rate_limit_hit

RESET = "/accounts/password/reset/"


def _ask(email: str, client_address: str = "198.51.100.7"):
    return Client(REMOTE_ADDR=client_address).post(RESET, {"email": email})


@pytest.mark.django_db
def test_eight_requests_for_one_address_send_only_the_allowed_e_mails(cast, settings):
    spellings = ["juno@example.org", "JUNO@example.org", " Juno@Example.org "]
    responses = [_ask(spellings[i % 3], client_address=f"198.51.100.{i}") for i in range(8)]

    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS == 3
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, reverse("password_reset_done"))
    }


@pytest.mark.django_db
def test_one_client_asking_for_many_addresses_is_held_to_its_own_limit(cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 3
    for who in ["ada", "priya", "sol", "sterling", "juno"]:
        response = _ask(f"{who}@example.org", client_address="198.51.100.7")
        assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [
        ["ada@example.org"],
        ["priya@example.org"],
        ["sol@example.org"],
    ]

    _ask("juno@example.org", client_address="203.0.113.5")
    assert mail.outbox[-1].to == ["juno@example.org"]


@pytest.mark.django_db
def test_a_refused_request_answers_exactly_like_an_accepted_one(cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    accepted = Client(REMOTE_ADDR="198.51.100.1").post(
        RESET, {"email": "juno@example.org"}, follow=True
    )
    refused = Client(REMOTE_ADDR="198.51.100.2").post(
        RESET, {"email": "juno@example.org"}, follow=True
    )
    unknown = Client(REMOTE_ADDR="198.51.100.3").post(
        RESET, {"email": "nobody@example.org"}, follow=True
    )

    assert len(mail.outbox) == 1
    pages = [accepted, refused, unknown]
    assert {(p.status_code, p.redirect_chain[-1]) for p in pages} == {
        (200, (reverse("password_reset_done"), 302))
    }
    assert {p.templates[0].name for p in pages} == {"registration/password_reset_done.html"}


@pytest.mark.django_db
def test_hitting_a_limit_logs_one_line_without_the_address(cast, settings, caplog):
    with caplog.at_level(logging.INFO, logger="twoway.core.throttle"):
        for _ in range(8):
            _ask("juno@example.org")

    lines = [r.getMessage() for r in caplog.records if r.name == "twoway.core.throttle"]
    assert len(lines) == 1
    assert "password reset" in lines[0] and "per address" in lines[0]
    assert "juno" not in caplog.text
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_the_counters_hold_no_address_in_clear(cast):
    _ask("juno@example.org", client_address="198.51.100.7")

    keys = list(RateLimitCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not [k for k in keys if "juno" in k or "198.51.100.7" in k]


@pytest.mark.django_db
def test_the_limit_lifts_when_its_hour_is_over(cast, settings):
    for i in range(5):
        _ask("juno@example.org", client_address=f"198.51.100.{i}")
    assert len(mail.outbox) == 3

    RateLimitCounter.objects.update(expires_at=timezone.now())
    _ask("juno@example.org", client_address="198.51.100.9")

    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_rate_limit_hit_counts_every_hit_in_the_database_and_restarts_after_the_window():
    hits = [rate_limit_hit(scope="test", subject="s", seconds=60) for _ in range(4)]

    assert hits == [1, 2, 3, 4]
    assert RateLimitCounter.objects.get().hits == 4
    assert rate_limit_hit(scope="test", subject="other", seconds=60) == 1
    assert rate_limit_hit(scope="other test", subject="s", seconds=60) == 1

    RateLimitCounter.objects.update(expires_at=timezone.now())
    assert rate_limit_hit(scope="test", subject="s", seconds=60) == 1

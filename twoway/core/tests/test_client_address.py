from typing import Any

import pytest
from django.test import RequestFactory

from twoway.core.client_address import client_address


def _request(remote: str = "10.0.0.1", forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_connecting_address_counts_and_the_header_is_ignored(
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("198.51.100.7", forwarded="203.0.113.5")) == "198.51.100.7"


def test_behind_one_proxy_the_right_most_forwarded_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded="192.0.2.1, 192.0.2.2 ,198.51.100.7")
    assert client_address(request) == "198.51.100.7"


def test_behind_two_proxies_the_address_two_hops_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(forwarded="192.0.2.1, 198.51.100.7, 10.0.0.9")
    assert client_address(request) == "198.51.100.7"


def test_ipv6_addresses_are_kept_as_they_are(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(forwarded="2001:db8::7")) == "2001:db8::7"


@pytest.mark.parametrize(
    "forwarded",
    [None, "", "   ", "not-an-address", "192.0.2.1, <script>", "198.51.100.7, "],
)
def test_a_missing_or_unreadable_header_falls_back_to_the_connecting_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("10.0.0.1", forwarded=forwarded)) == "10.0.0.1"


def test_fewer_forwarded_entries_than_proxies_falls_back_to_the_connecting_address(settings):
    # The request did not come through every proxy, so the header is not theirs.
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("10.0.0.1", forwarded="198.51.100.7")) == "10.0.0.1"

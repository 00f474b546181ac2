"""Twoway's own `check --deploy` checks."""

import pytest
from cryptography.fernet import Fernet
from django.core.checks import Error, Tags, Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from twoway.core.checks import encryption_keys_check, proxy_count_check, sso_break_glass_check


@pytest.mark.parametrize(
    "keys",
    [["change-me"], ["x" * 44], [], [Fernet.generate_key().decode(), "not-a-key"]],
)
def test_check_deploy_refuses_encryption_keys_that_are_not_fernet_keys(settings, keys):
    settings.FIELD_ENCRYPTION_KEYS = keys

    with pytest.raises(SystemCheckError, match=r"twoway\.E001") as raised:
        call_command("check", "--deploy", "--tag", Tags.security)

    assert "Fernet.generate_key()" in str(raised.value)


def test_check_deploy_accepts_real_encryption_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode() for _ in range(2)]

    assert encryption_keys_check(None) == []
    call_command("check", "--deploy", "--tag", Tags.security)


def test_the_encryption_check_never_repeats_a_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["secret-but-broken-value"]

    [error] = encryption_keys_check(None)

    assert isinstance(error, Error)
    assert "secret-but-broken-value" not in f"{error.msg} {error.hint}"


def test_behind_a_tls_proxy_without_a_proxy_count_check_deploy_warns(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0

    [warning] = proxy_count_check(None)

    assert isinstance(warning, Warning) and warning.id == "twoway.W001"
    assert "TRUSTED_PROXY_COUNT" in (warning.hint or "")


def test_behind_a_tls_proxy_with_a_proxy_count_check_deploy_is_quiet(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 1

    assert proxy_count_check(None) == []


def test_sso_only_without_a_break_glass_address_check_deploy_warns(settings):
    settings.OIDC_SSO_ONLY = True
    settings.OIDC_BREAK_GLASS_EMAILS = []

    [warning] = sso_break_glass_check(None)

    assert isinstance(warning, Warning) and warning.id == "twoway.W002"
    assert "OIDC_BREAK_GLASS_EMAILS" in (warning.hint or "")


def test_sso_only_with_a_break_glass_address_or_passwords_on_check_deploy_is_quiet(settings):
    settings.OIDC_SSO_ONLY = True
    settings.OIDC_BREAK_GLASS_EMAILS = ["ada@example.org"]
    assert sso_break_glass_check(None) == []
    settings.OIDC_SSO_ONLY = False
    settings.OIDC_BREAK_GLASS_EMAILS = []
    assert sso_break_glass_check(None) == []

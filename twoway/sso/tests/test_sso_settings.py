"""The single sign-on settings are checked at start-up, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BASE = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 50,
    "FIELD_ENCRYPTION_KEYS": "c3RhcnQtdXAtdGVzdHMtb25seS1rZXktMDAwMDAwMDA=",
    "EMAIL_URL": "console:",
}
GOOD = {
    "OIDC_DISCOVERY_URL": "https://login.example.org/.well-known/openid-configuration",
    "OIDC_CLIENT_ID": "twoway",
    "OIDC_CLIENT_SECRET": "s3cret",
}
PRINT = (
    "from django.conf import settings as s; import django; django.setup(); "
    "print(s.OIDC_SSO_ONLY, s.OIDC_BREAK_GLASS_EMAILS, s.OIDC_PROVIDER_NAME)"
)


def load(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    clean = {k: v for k, v in clean.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", *BASE}}
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={
            **clean,
            **BASE,
            **env,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "twoway.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_starts_with_all_three_and_reads_the_break_glass_addresses_in_lower_case():
    result = load(
        **GOOD, OIDC_SSO_ONLY="true", OIDC_BREAK_GLASS_EMAILS=" Ada@Example.org ,it@example.org"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("True ['ada@example.org', 'it@example.org'] your work account")


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_refuses_to_start_with_only_some_of_the_three(missing):
    result = load(**{name: value for name, value in GOOD.items() if name != missing})
    assert result.returncode != 0
    assert f"Single sign-on needs {missing} too" in result.stderr


def test_refuses_a_discovery_url_that_is_not_https():
    result = load(**{**GOOD, "OIDC_DISCOVERY_URL": "http://login.example.org/.well-known/x"})
    assert result.returncode != 0
    assert "OIDC_DISCOVERY_URL must be an https:// URL" in result.stderr


def test_refuses_sso_only_mode_without_a_provider():
    result = load(OIDC_SSO_ONLY="true")
    assert result.returncode != 0
    assert "OIDC_SSO_ONLY=true needs OIDC_DISCOVERY_URL" in result.stderr

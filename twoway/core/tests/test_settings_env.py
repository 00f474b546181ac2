import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from twoway.settings import email_settings, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]
# A real Fernet key, for these start-up tests only.
KEY = "c3RhcnQtdXAtdGVzdHMtb25seS1rZXktMDAwMDAwMDA="


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("TW_FLAG", "Yes")
    assert env_bool("TW_FLAG", False) is True
    monkeypatch.setenv("TW_FLAG", "off")
    assert env_bool("TW_FLAG", True) is False
    monkeypatch.delenv("TW_FLAG")
    assert env_bool("TW_FLAG", True) is True


def test_env_bool_refuses_a_typo_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("TW_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="TW_FLAG"):
        env_bool("TW_FLAG", False)


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("TW_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="TW_N must be a whole number"):
        env_int("TW_N", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("TW_HOSTS", " a.example , b.example,,")
    assert env_list("TW_HOSTS") == ["a.example", "b.example"]


def test_email_url_smtp_gives_host_port_credentials_and_starttls():
    conf = email_settings("smtp://mailer:s%40cret@mail.example.org:2525")
    assert conf["EMAIL_HOST"] == "mail.example.org"
    assert conf["EMAIL_PORT"] == 2525
    assert conf["EMAIL_HOST_USER"] == "mailer"
    assert conf["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert conf["EMAIL_USE_TLS"] is True and conf["EMAIL_USE_SSL"] is False


def test_email_url_smtps_uses_implicit_tls_on_465():
    conf = email_settings("smtps://u:p@mail.example.org")
    assert conf["EMAIL_PORT"] == 465 and conf["EMAIL_USE_SSL"] is True


def test_email_url_console_and_file_backends():
    assert str(email_settings("console:")["EMAIL_BACKEND"]).endswith("console.EmailBackend")
    assert str(email_settings("file:var/mail")["EMAIL_FILE_PATH"]).endswith("var/mail")


def test_email_url_with_unknown_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme 'pigeon'"):
        email_settings("pigeon://coop")


# Left out of the child's environment, so that only the values a test gives count
# (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy refuses).
UNSET = {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _load_settings(*command: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    clean.update(env)
    # Run from a folder without a .env so only the variables given here count.
    return subprocess.run(
        [sys.executable, *(command or ("-c", "import twoway.settings"))],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_placeholder_secret():
    result = _load_settings(
        DEBUG="false", SECRET_KEY="change-me", FIELD_ENCRYPTION_KEYS=KEY, EMAIL_URL="console:"
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the placeholder" in result.stderr


def test_production_starts_with_a_real_secret():
    result = _load_settings(
        DEBUG="false", SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEYS=KEY, EMAIL_URL="console:"
    )
    assert result.returncode == 0, result.stderr


def test_missing_encryption_keys_fail_at_start_up():
    result = _load_settings(DEBUG="true", SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEYS="")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set" in result.stderr


@pytest.mark.parametrize("keys", ["change-me", "x" * 44, f"{KEY},change-me", f"{KEY}, ,not-a-key"])
@pytest.mark.parametrize("debug", ["false", "true"])
def test_encryption_keys_that_are_not_fernet_keys_fail_at_start_up(keys, debug):
    result = _load_settings(
        DEBUG=debug, SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEYS=keys, EMAIL_URL="console:"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: FIELD_ENCRYPTION_KEYS" in result.stderr
    assert "Fernet.generate_key()" in result.stderr


def test_the_refusal_names_the_bad_key_by_position_without_repeating_it():
    result = _load_settings(
        DEBUG="false",
        SECRET_KEY="k" * 50,
        FIELD_ENCRYPTION_KEYS=f"{KEY},secret-but-broken-value",
        EMAIL_URL="console:",
    )
    assert "key 2 of 2" in result.stderr
    assert "secret-but-broken-value" not in result.stderr


def test_check_deploy_refuses_the_placeholder_encryption_key():
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "k" * 50,
        "EMAIL_URL": "console:",
        "ALLOWED_HOSTS": "twoway.example.org",
    }
    refused = _load_settings(
        "-m", "twoway", "check", "--deploy", FIELD_ENCRYPTION_KEYS="change-me", **production
    )
    assert refused.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in refused.stderr and "placeholder" in refused.stderr

    accepted = _load_settings(
        "-m", "twoway", "check", "--deploy", FIELD_ENCRYPTION_KEYS=KEY, **production
    )
    assert accepted.returncode == 0, accepted.stderr

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from twoway.settings import email_settings, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]


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
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings("file:var/mail")["EMAIL_FILE_PATH"].endswith("var/mail")


def test_email_url_with_unknown_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme 'pigeon'"):
        email_settings("pigeon://coop")


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "EMAIL_URL"}
    }
    clean.update(env)
    # Run from a folder without a .env so only the variables given here count.
    return subprocess.run(
        [sys.executable, "-c", "import twoway.settings"],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_placeholder_secret():
    result = _load_settings(
        DEBUG="false", SECRET_KEY="change-me", FIELD_ENCRYPTION_KEYS="x" * 44, EMAIL_URL="console:"
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the placeholder" in result.stderr


def test_production_starts_with_a_real_secret():
    result = _load_settings(
        DEBUG="false", SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEYS="x" * 44, EMAIL_URL="console:"
    )
    assert result.returncode == 0, result.stderr


def test_missing_encryption_keys_fail_at_start_up():
    result = _load_settings(DEBUG="true", SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEYS="")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set" in result.stderr

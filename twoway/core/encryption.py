"""Encrypted model fields for data that only its owner may read.

Values are encrypted with the keys in ``FIELD_ENCRYPTION_KEYS`` (Fernet:
AES-128-CBC with HMAC-SHA256). The first key encrypts; every key decrypts, so a
new key can be put first and ``twoway reencrypt_fields`` run to rotate. A value
that no key can open raises ``DecryptionError``: it never comes back as garbage
or as an empty string.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


class DecryptionError(Exception):
    pass


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes)"
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt_text(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("stored value is not encrypted")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise DecryptionError("no configured key opens this value") from None


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. It cannot be filtered or indexed."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt_text(str(value))

"""Is a value a usable Fernet key? Shared by the settings and ``check --deploy``.

It imports nothing from Django, so the settings module can use it while it loads.
"""

from __future__ import annotations

from cryptography.fernet import Fernet

PLACEHOLDER = "change-me"
HOW_TO_MAKE_ONE = (
    "generate one with "
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


def fernet_keys_problem(keys: list[str]) -> str | None:
    """What is wrong with ``keys`` (in words that never repeat a key), or None.

    >>> fernet_keys_problem([Fernet.generate_key().decode()]) is None
    True
    >>> fernet_keys_problem(["change-me"])
    'FIELD_ENCRYPTION_KEYS holds the placeholder change-me (key 1 of 1)'
    """
    if not keys:
        return "FIELD_ENCRYPTION_KEYS must be set"
    for position, key in enumerate(keys, start=1):
        where = f"key {position} of {len(keys)}"
        if key == PLACEHOLDER:
            return f"FIELD_ENCRYPTION_KEYS holds the placeholder {PLACEHOLDER} ({where})"
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            return (
                f"FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key ({where}): "
                "a key is 32 random bytes, url-safe base64-encoded (44 characters)"
            )
    return None

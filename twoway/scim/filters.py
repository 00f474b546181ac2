"""The ``filter`` of a Users search: the one form identity providers send.

Entra ID and Okta look a person up with ``userName eq "..."`` or
``externalId eq "..."`` before they create them. Anything else is refused with
``invalidFilter`` rather than answered wrongly.

>>> user_filter_parse('userName eq "ada@example.org"')
('username', 'ada@example.org')
>>> user_filter_parse('externalId EQ "a\\\\"b"')
('externalid', 'a"b')
"""

from __future__ import annotations

import json
import re

from twoway.scim.errors import ScimError
from twoway.scim.urns import CORE_USER

FILTERABLE = ("username", "externalid", "id")
_FILTER = re.compile(
    r"^\s*(?:" + re.escape(CORE_USER) + r':)?([A-Za-z]+)\s+eq\s+("(?:[^"\\]|\\.)*")\s*$',
    re.IGNORECASE,
)
SUPPORTED = 'Twoway takes only userName eq "...", externalId eq "..." or id eq "...".'


def user_filter_parse(text: str) -> tuple[str, str]:
    """(attribute in lower case, value) of a supported filter; ``ScimError`` 400 otherwise."""
    match = _FILTER.match(text)
    if match is None or match.group(1).lower() not in FILTERABLE:
        raise ScimError(
            400, f"The filter {text[:200]!r} is not supported. {SUPPORTED}", "invalidFilter"
        )
    try:
        value = json.loads(match.group(2))
    except ValueError:
        raise ScimError(
            400, f"The filter {text[:200]!r} has a bad string.", "invalidFilter"
        ) from None
    return match.group(1).lower(), value

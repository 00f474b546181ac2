"""What people type, made plain at the edge: one kind of line break, no hidden
direction overrides, no NUL characters.

Browsers send every line break of a form as CR LF (the HTML standard's
urlencoded and multipart encodings), while what Twoway writes itself uses LF. Left
alone, a text sent back unchanged would differ from the one saved: an agreement
would become a new version and the audit log would record changes nobody made.

Unicode's explicit direction controls (embeddings, overrides, isolates: U+202A–202E,
U+2066–2069) are invisible and change the order in which *surrounding* text is
shown: a name ending in a right-to-left override reverses the rest of the line on
every page that shows it. Right-to-left names and words need none of them (the
browser orders them by itself), so they are removed; the direction *marks*
(U+200E, U+200F), which reorder nothing beyond themselves, stay.

A NUL character (U+0000) is never text anyone typed, and PostgreSQL refuses it in a
text column: left in a search term, it turned a page into a server error.

``TypedTextMiddleware`` applies ``typed_text_clean`` to every value of a posted
form and of the query string, once, so that no form, search or service has to
remember it; the HR import applies it to every cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NEEDS_CLEANING = re.compile("[\x00\r\u202a-\u202e\u2066-\u2069]")


def typed_text_clean(text: str) -> str:
    r"""Line breaks as LF, direction controls and NUL characters removed.

    >>> typed_text_clean("one\r\ntwo\rthree")
    'one\ntwo\nthree'
    >>> typed_text_clean("Juno\u202eParker")
    'JunoParker'
    >>> typed_text_clean("AI\x00 tools")
    'AI tools'
    """
    if not _NEEDS_CLEANING.search(text):
        return text
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return DIRECTION_CONTROLS.sub("", text)


class TypedTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            cleaned = _cleaned(request.POST)
            if cleaned is not None:
                # The stubs type POST as an immutable QueryDict, a class that exists
                # only in the stubs; ``cleaned`` is made immutable by ``_cleaned``.
                request.POST = cleaned  # type: ignore[assignment]
        cleaned = _cleaned(request.GET)
        if cleaned is not None:
            request.GET = cleaned  # type: ignore[assignment]
        return self.get_response(request)


def _cleaned(values: QueryDict) -> QueryDict | None:
    """``values`` with every value cleaned, or None when none needs it."""
    if not any(_NEEDS_CLEANING.search(v) for _, vs in values.lists() for v in vs):
        return None
    clean = QueryDict(mutable=True, encoding=values.encoding)
    for key, vs in values.lists():
        clean.setlist(key, [typed_text_clean(v) for v in vs])
    clean._mutable = False
    return clean

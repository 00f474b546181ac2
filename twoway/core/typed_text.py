"""What people type, made plain at the edge: one kind of line break, no hidden
direction overrides.

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

``TypedTextMiddleware`` applies ``typed_text_clean`` to every value of a posted
form, once, so that no form or service has to remember it; the HR import applies it
to every cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NEEDS_CLEANING = re.compile("[\r\u202a-\u202e\u2066-\u2069]")


def typed_text_clean(text: str) -> str:
    r"""Line breaks as LF, direction controls removed.

    >>> typed_text_clean("one\r\ntwo\rthree")
    'one\ntwo\nthree'
    >>> typed_text_clean("Juno\u202eParker")
    'JunoParker'
    """
    if not _NEEDS_CLEANING.search(text):
        return text
    return DIRECTION_CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class TypedTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            posted = request.POST
            if any(
                _NEEDS_CLEANING.search(value) for _, values in posted.lists() for value in values
            ):
                clean = QueryDict(mutable=True, encoding=posted.encoding)
                for key, values in posted.lists():
                    clean.setlist(key, [typed_text_clean(value) for value in values])
                clean._mutable = False
                # The stubs type POST as an immutable QueryDict, a class that exists
                # only in the stubs; ``clean`` is made immutable just above.
                request.POST = clean  # type: ignore[assignment]
        return self.get_response(request)

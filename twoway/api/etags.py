"""ETags and ``If-Match``: changing a resource only as last read.

A resource's ETag is a hash of its key and ``updated_at``, which every save
moves. A client sends the ETag it read back in ``If-Match``; if the resource
changed meanwhile, the change is refused with 412 and nothing is saved. A
request without ``If-Match`` changes the resource as it stands.
"""

from __future__ import annotations

import hashlib

from django.db.models import Model
from django.http import HttpRequest

from twoway.api.problems import PreconditionFailed

STALE = "This resource changed since you read it: read it again (a new ETag), then retry."


def etag_for(obj: Model) -> str:
    """A strong ETag (quoted) for ``obj``, from its key and ``updated_at``."""
    stamp = getattr(obj, "updated_at", None)
    raw = f"{obj._meta.label_lower}:{obj.pk}:{stamp.isoformat() if stamp else ''}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def if_match_check(request: HttpRequest, obj: Model) -> None:
    """Raise ``PreconditionFailed`` when ``If-Match`` is sent and names none of
    ``obj``'s current ETag (weak ETags never match: RFC 9110 compares strongly)."""
    header = request.headers.get("If-Match")
    if header is None:
        return
    wanted = [part.strip() for part in header.split(",") if part.strip()]
    if "*" in wanted or etag_for(obj) in wanted:
        return
    raise PreconditionFailed(STALE)

"""SCIM errors (RFC 7644 section 3.12): one JSON object with the status, a ``scimType``
where the RFC names one, and a ``detail`` sentence for the person who reads the logs."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse

from twoway.scim.urns import ERROR

SCIM_JSON = "application/scim+json"


class ScimError(Exception):
    """A request refused: its status, the RFC's ``scimType`` (or ""), and why."""

    def __init__(
        self, status: int, detail: str, scim_type: str = "", headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type
        self.headers = headers or {}


def scim_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=SCIM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def scim_error_response(error: ScimError) -> HttpResponse:
    body: dict[str, Any] = {
        "schemas": [ERROR],
        "status": str(error.status),
        "detail": error.detail,
    }
    if error.scim_type:
        body["scimType"] = error.scim_type
    return scim_response(body, error.status, error.headers)

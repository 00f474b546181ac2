"""Writing through the API in tests: POST and DELETE, with a token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from twoway.api.tests.helpers import bearer
from twoway.testing.queries import queries_in


def api_post(
    client: Client, url: str, body: dict[str, Any] | None, secret: str | None = None, **extra: Any
) -> Any:
    return client.post(
        url,
        data=json.dumps(body or {}),
        content_type="application/json",
        headers=bearer(secret),
        **extra,
    )


def api_delete(client: Client, url: str, secret: str | None = None, **extra: Any) -> Any:
    return client.delete(url, headers=bearer(secret), **extra)


def read_queries(client: Client, url: str, secret: str) -> int:
    """The queries one GET of ``url`` with a token makes (``queries_in``); it must answer 200."""

    def read() -> None:
        response = client.get(url, headers=bearer(secret))
        assert response.status_code == 200, response.content

    return queries_in(read)

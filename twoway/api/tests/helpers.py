"""Calling the API in tests: with a token, or a signed-in client."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from twoway.api.services import api_token_create
from twoway.core.models import User

PROBLEM = "application/problem+json"


def token_for(user: User, *, write: bool = False, **fields: Any) -> str:
    """A new token's secret for ``user``, created by the user themself."""
    _, secret = api_token_create(actor=user, user=user, name="Tests", write=write, **fields)
    return secret


def bearer(secret: str | None) -> dict[str, str]:
    """The request headers that send ``secret`` (none for no secret)."""
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def api_get(client: Client, url: str, secret: str | None = None, **extra: Any) -> Any:
    return client.get(url, headers=bearer(secret), **extra)


def api_patch(
    client: Client, url: str, body: dict[str, Any], secret: str | None = None, **extra: Any
) -> Any:
    return client.patch(
        url,
        data=json.dumps(body),
        content_type="application/json",
        headers=bearer(secret),
        **extra,
    )


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """``response`` is a problem+json of ``status``; its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body

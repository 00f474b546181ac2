"""Calling the SCIM endpoints in tests: a SCIM token, requests, and what answers look like."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from twoway.api.services import api_token_create
from twoway.core.models import User
from twoway.scim.urns import CORE_USER, ENTERPRISE_USER, ERROR, PATCH_OP

SCIM_JSON = "application/scim+json"
USERS = "/scim/v2/Users"


def scim_token_for(admin: User, user: User, *, write: bool = True, scim: bool = True) -> str:
    """A new SCIM token's secret for ``user`` (an integration's account), made by ``admin``."""
    _, secret = api_token_create(
        actor=admin, user=user, name="Identity provider", write=write, scim=scim
    )
    return secret


def call(client: Client, method: str, url: str, secret: str | None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type=SCIM_JSON, headers=headers)


def assert_scim_error(response: Any, status: int, scim_type: str | None = None) -> dict[str, Any]:
    """``response`` is a SCIM error of ``status`` (and ``scimType``); its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == SCIM_JSON
    body = response.json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body["detail"]
    if scim_type is not None:
        assert body["scimType"] == scim_type
    return body


def new_user(
    email: str = "lena.berg@example.org",
    *,
    external_id: str | None = "lena-ext",
    employee_number: str | None = "E900",
    **more: Any,
) -> dict[str, Any]:
    """A User as Entra ID sends it on create."""
    user: dict[str, Any] = {
        "schemas": [CORE_USER, ENTERPRISE_USER],
        "userName": email,
        "active": True,
        "displayName": "Lena Berg",
        "name": {"givenName": "Lena", "familyName": "Berg"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "title": "Analyst",
        ENTERPRISE_USER: {"department": "Finance/Planning"},
    }
    if external_id is not None:
        user["externalId"] = external_id
    if employee_number is not None:
        user[ENTERPRISE_USER]["employeeNumber"] = employee_number
    user.update(more)
    return user


def patch_body(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}

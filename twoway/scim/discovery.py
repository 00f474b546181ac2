"""What the server tells a SCIM client about itself (RFC 7643 sections 5 to 7):
ServiceProviderConfig, ResourceTypes and Schemas. Users only: Twoway takes no
Groups, and says so by listing none."""

from __future__ import annotations

from typing import Any

from twoway.scim.selectors import MAX_COUNT
from twoway.scim.urns import (
    CORE_USER,
    ENTERPRISE_USER,
    RESOURCE_TYPE,
    SCHEMA,
    SERVICE_PROVIDER_CONFIG,
)


def _attribute(
    name: str,
    description: str,
    *,
    type: str = "string",
    multi: bool = False,
    required: bool = False,
    case_exact: bool = False,
    mutability: str = "readWrite",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
    canonical: list[str] | None = None,
    reference_types: list[str] | None = None,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": type,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    if canonical is not None:
        attribute["canonicalValues"] = canonical
    if reference_types is not None:
        attribute["referenceTypes"] = reference_types
    return attribute


USER_ATTRIBUTES = [
    _attribute("userName", "The person's work e-mail address.", required=True, uniqueness="server"),
    _attribute(
        "name",
        "The person's name; Twoway keeps it whole.",
        type="complex",
        sub=[
            _attribute("givenName", "The first name."),
            _attribute("familyName", "The family name."),
        ],
    ),
    _attribute(
        "displayName",
        "The name shown in Twoway (or send name.givenName and name.familyName).",
        required=True,
    ),
    _attribute("title", "The job title."),
    _attribute("timezone", "An IANA time zone, e.g. Europe/London."),
    _attribute(
        "active", "False makes the person a leaver and switches their login off.", type="boolean"
    ),
    _attribute(
        "emails",
        "The work e-mail address: userName, shown again (a changed work e-mail changes it).",
        type="complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attribute("value", "The address.", mutability="readOnly"),
            _attribute("type", "work", canonical=["work"], mutability="readOnly"),
            _attribute("primary", "Always true.", type="boolean", mutability="readOnly"),
        ],
    ),
]

ENTERPRISE_ATTRIBUTES = [
    _attribute("employeeNumber", "The employee id the HR import matches people on."),
    _attribute("department", "The department, e.g. Marketing or Marketing/Digital."),
    _attribute(
        "manager",
        "The line manager.",
        type="complex",
        sub=[
            _attribute("value", "The manager's SCIM id."),
            _attribute(
                "$ref",
                "The manager's User (its address ends with the SCIM id).",
                type="reference",
                reference_types=["User"],
            ),
        ],
    ),
]


def _meta(base: str, resource_type: str, path: str) -> dict[str, str]:
    return {"resourceType": resource_type, "location": f"{base}/{path}"}


def service_provider_config(base: str) -> dict[str, Any]:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A Twoway SCIM token, in Authorization: Bearer <token>.",
                "primary": True,
            }
        ],
        "meta": _meta(base, "ServiceProviderConfig", "ServiceProviderConfig"),
    }


def resource_types(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "A person in the directory. Twoway takes no Groups.",
            "schema": CORE_USER,
            "schemaExtensions": [{"schema": ENTERPRISE_USER, "required": False}],
            "meta": _meta(base, "ResourceType", "ResourceTypes/User"),
        }
    ]


def schemas(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [SCHEMA],
            "id": CORE_USER,
            "name": "User",
            "description": "A person in the directory.",
            "attributes": USER_ATTRIBUTES,
            "meta": _meta(base, "Schema", f"Schemas/{CORE_USER}"),
        },
        {
            "schemas": [SCHEMA],
            "id": ENTERPRISE_USER,
            "name": "EnterpriseUser",
            "description": "The employee number, department and line manager.",
            "attributes": ENTERPRISE_ATTRIBUTES,
            "meta": _meta(base, "Schema", f"Schemas/{ENTERPRISE_USER}"),
        },
    ]

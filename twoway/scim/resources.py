"""A person as a SCIM User (RFC 7643 section 4.1, with the enterprise extension), and
the fields a User document sets.

============================  ==============================================
SCIM attribute                Twoway
============================  ==============================================
id                            the person's uuid
externalId                    the identity provider's key (``ScimLink``)
userName, emails (work)       the person's e-mail
displayName, name             the person's name
title                         job title
timezone                      time zone
active                        has not left (a leave date, or none yet)
enterprise employeeNumber     employee id
enterprise department         department (a path such as Marketing/Digital)
enterprise manager.value      the manager's SCIM id
============================  ==============================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from twoway.people.models import Person
from twoway.scim.errors import ScimError
from twoway.scim.patch import attr_key
from twoway.scim.urns import CORE_USER, ENTERPRISE_USER


def _link_external_id(person: Person) -> str | None:
    try:
        return person.scim_link.external_id
    except ObjectDoesNotExist:
        return None


def user_resource(person: Person, location: str) -> dict[str, Any]:
    """The SCIM User of ``person`` (department, manager and link selected with it).
    ``location`` is the absolute address of this User."""
    given, _, family = person.name.partition(" ")
    enterprise: dict[str, Any] = {"employeeNumber": person.employee_id}
    if person.department is not None:
        enterprise["department"] = person.department.path
    if person.manager is not None:
        enterprise["manager"] = {
            "value": str(person.manager.uuid),
            "$ref": location.rsplit("/", 1)[0] + f"/{person.manager.uuid}",
        }
    resource: dict[str, Any] = {
        "schemas": [CORE_USER, ENTERPRISE_USER],
        "id": str(person.uuid),
        "userName": person.email,
        "name": {"givenName": given, "familyName": family} if family else {"givenName": given},
        "displayName": person.name,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "active": not person.has_left,
        ENTERPRISE_USER: enterprise,
        "meta": {
            "resourceType": "User",
            "created": person.created_at.isoformat(),
            "lastModified": person.updated_at.isoformat(),
            "location": location,
        },
    }
    external_id = _link_external_id(person)
    if external_id is not None:
        resource["externalId"] = external_id
    if person.job_title:
        resource["title"] = person.job_title
    if person.time_zone:
        resource["timezone"] = person.time_zone
    return resource


@dataclass
class UserFields:
    """What a User document asks of the person; None: not given (cleared on save)."""

    user_name: str
    name: str
    external_id: str | None
    employee_number: str | None
    job_title: str | None
    department: str | None
    manager: str | None  # the manager's SCIM id
    time_zone: str | None
    active: bool


def _get(doc: dict[str, Any], name: str) -> Any:
    return doc.get(attr_key(doc, name))


def _text(value: Any, attribute: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ScimError(400, f"{attribute} must be a string.", "invalidValue")
    return str(value).strip() or None


def _active(value: Any) -> bool:
    """A boolean, or the string "True" or "False" (Entra ID sends strings)."""
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ScimError(400, f"active must be true or false, not {value!r}.", "invalidValue")


def _name(doc: dict[str, Any]) -> str | None:
    shown = _text(_get(doc, "displayName"), "displayName")
    parts = _get(doc, "name")
    if shown or not isinstance(parts, dict):
        return shown
    formatted = _text(_get(parts, "formatted"), "name.formatted")
    if formatted:
        return formatted
    given = _text(_get(parts, "givenName"), "name.givenName")
    family = _text(_get(parts, "familyName"), "name.familyName")
    return " ".join(part for part in (given, family) if part) or None


def _manager(value: Any) -> str | None:
    """Entra ID sends the manager's id alone in a PATCH; a User holds ``{"value": id}``."""
    if isinstance(value, dict):
        ref = _get(value, "$ref")
        value = _get(value, "value") or (
            ref.rstrip("/").rsplit("/", 1)[-1] if isinstance(ref, str) else None
        )
    return _text(value, "manager")


def user_fields(doc: Any) -> UserFields:
    """The fields of a User document; ``ScimError`` 400 for one Twoway cannot take."""
    if not isinstance(doc, dict):
        raise ScimError(400, "Send a User as a JSON object.", "invalidSyntax")
    user_name = _text(_get(doc, "userName"), "userName")
    if not user_name:
        raise ScimError(
            400, "userName is required: the person's work e-mail address.", "invalidValue"
        )
    name = _name(doc)
    if not name:
        raise ScimError(
            400,
            "Send the person's name: displayName, or name.givenName and name.familyName.",
            "invalidValue",
        )
    enterprise = _get(doc, ENTERPRISE_USER)
    enterprise = enterprise if isinstance(enterprise, dict) else {}
    return UserFields(
        user_name=user_name,
        name=name,
        external_id=_text(_get(doc, "externalId"), "externalId"),
        employee_number=_text(_get(enterprise, "employeeNumber"), "employeeNumber"),
        job_title=_text(_get(doc, "title"), "title"),
        department=_text(_get(enterprise, "department"), "department"),
        manager=_manager(_get(enterprise, "manager")),
        time_zone=_text(_get(doc, "timezone"), "timezone"),
        active=_active(_get(doc, "active")),
    )


def _attribute_parts(name: str) -> tuple[str, str, str]:
    """(the extension's URN or "" for the core, attribute, sub-attribute), lower case;
    the whole extension is (URN, "", "")."""
    lower = name.strip().lower()
    if lower == ENTERPRISE_USER.lower():
        return ENTERPRISE_USER, "", ""
    container = ""
    for urn in (ENTERPRISE_USER, CORE_USER):
        if lower.startswith(urn.lower() + ":"):
            container = "" if urn == CORE_USER else ENTERPRISE_USER
            lower = lower[len(urn) + 1 :]
    top, _, sub = lower.partition(".")
    return container, top, sub


def resource_project(
    resource: dict[str, Any], attributes: list[str], excluded: list[str]
) -> dict[str, Any]:
    """``resource`` with only ``attributes`` or without ``excluded`` (RFC 7644 section
    3.4.2.5); ``id`` and ``schemas`` always stay. A name may carry its schema's URN
    and a sub-attribute (``name.givenName``, which keeps or drops that part)."""
    core = {key.lower(): key for key in resource}
    extension = resource.get(ENTERPRISE_USER) or {}
    inner = {key.lower(): key for key in extension}
    if attributes:
        kept: dict[str, Any] = {"schemas": resource["schemas"], "id": resource["id"]}
        for container, top, sub in map(_attribute_parts, attributes):
            if container and not top:
                kept[ENTERPRISE_USER] = dict(extension)
            elif container and top in inner:
                kept.setdefault(ENTERPRISE_USER, {})[inner[top]] = extension[inner[top]]
            elif not container and top in core:
                value = resource[core[top]]
                if sub and isinstance(value, dict):
                    part = {k: v for k, v in value.items() if k.lower() == sub}
                    value = {**kept.get(core[top], {}), **part}
                kept[core[top]] = value
        return kept
    projected = dict(resource)
    projected[ENTERPRISE_USER] = dict(extension)
    for container, top, sub in map(_attribute_parts, excluded):
        if container and not top:
            projected.pop(ENTERPRISE_USER, None)
        elif container and top in inner:
            projected.get(ENTERPRISE_USER, {}).pop(inner[top], None)
        elif not container and top in core and core[top] not in ("id", "schemas"):
            value = projected.get(core[top])
            if sub and isinstance(value, dict):
                projected[core[top]] = {k: v for k, v in value.items() if k.lower() != sub}
            else:
                projected.pop(core[top], None)
    if not projected.get(ENTERPRISE_USER):
        projected.pop(ENTERPRISE_USER, None)
    return projected

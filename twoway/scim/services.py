"""Writes of the SCIM endpoints: a User created, replaced, patched or deleted.

Each write goes through the HR import, the same rules and the same code: the
User becomes one row of an import file (``employee_id``, ``name``, ``email``,
``job_title``, ``department``, ``manager_id``, ``time_zone``, ``leave_date``),
read and cleaned by ``people.importing.read``, checked and saved by
``people.importing.apply`` under the import's lock, so that a SCIM write and an
HR import queue behind each other. People are matched on their employee id: the
enterprise ``employeeNumber`` when sent, else the ``externalId``, else a new one.

Deactivating (``active`` false, or DELETE) makes the person a leaver, as the
import's "mark leavers" does (a leave date of today, or of the hire date when
that is later), and switches their login off; nothing is deleted. The actor of
every audit event is the SCIM token's account; the import's event names the
token, and ``SCIM_USER_PROVISION`` records what the provider asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from twoway.api.models import ApiToken
from twoway.core.audit import AuditAction, audit_record
from twoway.people.importing.apply import import_run
from twoway.people.importing.clean import EMPLOYEE_ID_MAX
from twoway.people.importing.read import file_read
from twoway.people.importing.report import ImportReport
from twoway.people.importing.service import import_lock
from twoway.people.models import Person
from twoway.scim.errors import ScimError
from twoway.scim.models import ScimLink
from twoway.scim.patch import attr_key, user_patch
from twoway.scim.resources import UserFields, user_fields, user_resource

IMPORT_COLUMNS = (
    "employee_id",
    "name",
    "email",
    "job_title",
    "department",
    "manager_id",
    "time_zone",
    "leave_date",
)
# The import's column -> the SCIM attribute a refusal names.
ATTRIBUTES = {
    "employee_id": "employeeNumber",
    "name": "displayName",
    "email": "userName",
    "job_title": "title",
    "department": "department",
    "manager_id": "manager",
    "time_zone": "timezone",
    "leave_date": "active",
}


def _row_save(*, token: ApiToken, row: dict[str, str], today: dt.date) -> None:
    """Save one import row as the HR import does; ``ScimError`` 400 with the import's
    own words for a row it refuses (nothing is saved)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORT_COLUMNS)
    writer.writerow([row[name].replace("\x00", "") for name in IMPORT_COLUMNS])
    report = ImportReport(filename=f"SCIM token {token.prefix}", source="scim")
    parsed = file_read(buffer.getvalue().encode(), "scim.csv", None, report)
    if parsed is not None:
        import_run(parsed, report, token.user, today, save=True)
    if report.errors:
        detail = "; ".join(
            f"{ATTRIBUTES.get(error.column, error.column)}: {error.message}"
            for error in report.errors
        )
        raise ScimError(400, detail, "invalidValue")


def _leave_date(person: Person | None, active: bool, today: dt.date) -> dt.date | None:
    """The leave date after the save: a leaver stays one while inactive (their date
    kept) and comes back when active; deactivating someone current gives today, or
    their hire date when that is later, as the import's leavers get."""
    left = person.leave_date if person else None
    has_left = left is not None and left <= today
    if active:
        return None if has_left else left
    if has_left:
        return left
    hired = person.hire_date if person else None
    return max(today, hired) if hired else today


def _employee_id(*, token: ApiToken, person: Person | None, fields: UserFields) -> str:
    """The employee id to save under, moving the person's when a new one is sent."""
    wanted = fields.employee_number
    if person is None:
        if wanted is None and fields.external_id and len(fields.external_id) <= EMPLOYEE_ID_MAX:
            wanted = fields.external_id
        wanted = wanted or f"scim-{uuid.uuid4().hex}"
    elif wanted is None or wanted == person.employee_id:
        return person.employee_id
    if len(wanted) > EMPLOYEE_ID_MAX:
        raise ScimError(
            400,
            f"employeeNumber is {len(wanted)} characters long; the limit is {EMPLOYEE_ID_MAX}.",
            "invalidValue",
        )
    if Person.objects.filter(employee_id=wanted).exists():
        raise ScimError(409, f"The employee number {wanted} is someone else's.", "uniqueness")
    if person is not None:
        Person.objects.filter(pk=person.pk).update(employee_id=wanted, updated_at=timezone.now())
        audit_record(
            actor=token.user,
            action=AuditAction.PERSON_UPDATE,
            subject=person,
            before={"employee_id": person.employee_id},
            after={"employee_id": wanted},
        )
    return wanted


def _manager_employee_id(scim_id: str | None) -> str:
    if not scim_id:
        return ""
    try:
        found = Person.objects.filter(uuid=UUID(scim_id)).values_list("employee_id", flat=True)
        employee_id = found.first()
    except ValueError:
        employee_id = None
    if employee_id is None:
        raise ScimError(400, f"manager: no User has the id {scim_id[:100]!r}.", "invalidValue")
    return str(employee_id)


def _uniqueness_check(person: Person | None, fields: UserFields) -> None:
    others = Person.objects.exclude(pk=person.pk) if person else Person.objects.all()
    if others.filter(email__iexact=fields.user_name).exists():
        raise ScimError(409, f"userName {fields.user_name} is someone else's e-mail.", "uniqueness")
    links = ScimLink.objects.exclude(person=person) if person else ScimLink.objects.all()
    if fields.external_id and links.filter(external_id=fields.external_id).exists():
        raise ScimError(409, f"externalId {fields.external_id} is someone else's.", "uniqueness")


def _login_switch(*, token: ApiToken, person: Person, active: bool, was_left: bool) -> str:
    """Switch the person's login off when they are deactivated, on again when a
    leaver comes back; "" when nothing changes."""
    user = person.user
    if user is None or user.is_active == active or (active and not was_left):
        return ""
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=token.user,
        action=AuditAction.SCIM_LOGIN_SWITCH,
        subject=person,
        before={"login_active": not active},
        after={"login_active": active},
    )
    return "on" if active else "off"


def _person_locked(person: Person) -> Person:
    """``person`` read again under the import's lock and a row lock, so that a PATCH
    applies its operations to the User as it stands, not as another request left it."""
    import_lock()
    return (
        Person.objects.select_for_update(of=("self",))
        .select_related("department", "manager", "scim_link", "user")
        .get(pk=person.pk)
    )


def _user_save(
    *, token: ApiToken, person: Person | None, fields: UserFields, operation: str
) -> Person:
    today = timezone.localdate()
    if person is None:
        import_lock()
    else:
        person = _person_locked(person)
    _uniqueness_check(person, fields)
    employee_id = _employee_id(token=token, person=person, fields=fields)
    leave = _leave_date(person, fields.active, today)
    _row_save(
        token=token,
        today=today,
        row={
            "employee_id": employee_id,
            "name": fields.name,
            "email": fields.user_name,
            "job_title": fields.job_title or "",
            "department": fields.department or "",
            "manager_id": _manager_employee_id(fields.manager),
            "time_zone": fields.time_zone or "",
            "leave_date": leave.isoformat() if leave else "",
        },
    )
    saved = Person.objects.select_related("user").get(employee_id=employee_id)
    ScimLink.objects.update_or_create(
        person=saved, defaults={"external_id": fields.external_id, "deleted_at": None}
    )
    was_left = person is not None and person.has_left
    login = _login_switch(token=token, person=saved, active=fields.active, was_left=was_left)
    audit_record(
        actor=token.user,
        action=AuditAction.SCIM_USER_PROVISION,
        subject=saved,
        after={
            "operation": operation,
            "token": token.prefix,
            "external_id": fields.external_id,
            "active": fields.active,
            "login": login or "unchanged",
        },
    )
    return saved


@transaction.atomic
def scim_user_create(*, token: ApiToken, doc: Any) -> Person:
    """A new person from a User (POST). The userName of a User the provider deleted
    brings that person back; anyone else's is a 409."""
    fields = user_fields(doc)
    deleted = Person.objects.filter(
        email__iexact=fields.user_name, scim_link__deleted_at__isnull=False
    ).first()
    return _user_save(token=token, person=deleted, fields=fields, operation="create")


@transaction.atomic
def scim_user_replace(*, token: ApiToken, person: Person, doc: Any) -> Person:
    """The person as the User sent (PUT): what it leaves out is cleared."""
    return _user_save(token=token, person=person, fields=user_fields(doc), operation="replace")


@transaction.atomic
def scim_user_patch(*, token: ApiToken, person: Person, location: str, body: Any) -> Person:
    """The person changed by PATCH operations, applied to the User as it stands."""
    if not isinstance(body, dict):
        raise ScimError(400, "Send a PatchOp object with its Operations.", "invalidSyntax")
    doc = user_resource(_person_locked(person), location)
    touched = user_patch(doc, body.get(attr_key(body, "Operations")))
    # The name is written three ways; the one the provider changed wins.
    parts = doc.get(attr_key(doc, "name"))
    if (
        "displayname" not in touched
        and touched & {"name", "name.givenname", "name.familyname", "name.formatted"}
        and isinstance(parts, dict)
        and any(isinstance(part, str) and part.strip() for part in parts.values())
    ):
        doc.pop(attr_key(doc, "displayName"), None)
    # userName is the work e-mail: a changed work e-mail changes it.
    if "emails" in touched and "username" not in touched:
        emails = [item for item in doc.get("emails") or [] if isinstance(item, dict)]
        work = [item for item in emails if str(item.get("type", "")).lower() == "work"]
        new = [item for item in work if item.get("value") != doc.get("userName")]
        chosen = new or work or [item for item in emails if item.get("primary")]
        if chosen and isinstance(chosen[-1].get("value"), str):
            doc["userName"] = chosen[-1]["value"]
    return _user_save(token=token, person=person, fields=user_fields(doc), operation="patch")


@transaction.atomic
def scim_user_delete(*, token: ApiToken, person: Person, location: str) -> None:
    """DELETE: the person becomes a leaver with their login off, and SCIM no longer
    finds them; nothing is deleted."""
    doc = user_resource(_person_locked(person), location)
    doc["active"] = False
    saved = _user_save(token=token, person=person, fields=user_fields(doc), operation="delete")
    ScimLink.objects.filter(person=saved).update(deleted_at=timezone.now())

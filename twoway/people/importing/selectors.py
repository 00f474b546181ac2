"""Reads of the HR import, not scoped to a user: the services calling them check the actor.

``directory_load`` is the directory as the import's checks see it: every
person's values under the import's column names (the department as a path,
the manager as an employee id), the departments and the level labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from twoway.people.models import ImportUpload, LevelLabel, OrgUnit, Person


@dataclass(slots=True)
class ExistingPerson:
    """A person already in the directory, as the import compares them."""

    id: int
    uuid: UUID
    values: dict[str, Any]  # import column -> value (department path, manager employee id)


@dataclass
class Directory:
    """The directory before the import, keyed the way a file names things."""

    people: dict[str, ExistingPerson]
    email_owner: dict[str, str]  # lower-case e-mail -> employee id
    units: dict[str, int]  # path -> id
    labels: dict[int, tuple[int, str]]  # level -> (id, label)


def directory_load() -> Directory:
    """The whole directory in one query per table, however many people."""
    units = dict(OrgUnit.objects.values_list("path", "id"))
    unit_paths = {pk: path for path, pk in units.items()}
    rows = list(
        Person.objects.order_by().values_list(
            "id",
            "uuid",
            "employee_id",
            "name",
            "email",
            "job_title",
            "level",
            "department_id",
            "manager_id",
            "location",
            "time_zone",
            "hire_date",
            "leave_date",
        )
    )
    employee_ids = {row[0]: row[2] for row in rows}
    people: dict[str, ExistingPerson] = {}
    email_owner: dict[str, str] = {}
    for pk, uuid, eid, name, email, title, level, unit, manager, place, zone, hired, left in rows:
        people[eid] = ExistingPerson(
            pk,
            uuid,
            {
                "name": name,
                "email": email,
                "job_title": title,
                "level": level,
                "department": unit_paths.get(unit),
                "manager_id": employee_ids.get(manager),
                "location": place,
                "time_zone": zone,
                "hire_date": hired,
                "leave_date": left,
            },
        )
        email_owner[email.lower()] = eid
    labels = {
        level: (pk, label)
        for pk, level, label in LevelLabel.objects.values_list("id", "level", "label")
    }
    return Directory(people, email_owner, units, labels)


def import_upload_content_pending(*, upload: ImportUpload) -> bytes | None:
    """The file of an upload still waiting for review; None once applied or discarded."""
    content = (
        ImportUpload.objects.filter(pk=upload.pk, status=ImportUpload.Status.PENDING)
        .values_list("content", flat=True)
        .first()
    )
    return None if content is None else bytes(content)


def import_upload_content(*, upload: ImportUpload) -> bytes:
    """The file of an upload, whatever its status (its caller has just claimed it)."""
    return bytes(ImportUpload.objects.filter(pk=upload.pk).values_list("content", flat=True)[0])

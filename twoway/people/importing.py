"""The HR people import: check a whole file, then upsert it in one transaction.

``person_import`` is the one entry point for the command line and the upload
pages. It works in three stages:

1. **read** the file (``twoway.integrations.hr_csv``), match its headers to
   the documented columns and clean every value of every row on its own;
2. **check** the rows against each other and against the directory as it
   will be after the import (unique ids and e-mails, managers that exist, no
   loops in the reporting lines) and classify each person as created,
   updated or unchanged;
3. **save** it with a handful of bulk queries, however long the file, with
   an audit event per changed person, all inside one transaction.

Every problem is reported as ``row <n>: <column>: <message>``. By default one
bad row means nothing is saved; ``partial=True`` saves the good rows.

Saving takes a PostgreSQL advisory lock first, so that two imports at once
(a nightly run and an administrator, say) queue instead of colliding on the
unique e-mails and employee ids; the second plans inside the lock, against
the directory the first has just saved. The upload pages' services
(``ImportUpload``: upload, review, apply, purge) live in ``import_uploads``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils import timezone

from twoway.core.audit import audit_event
from twoway.core.models import AuditEvent, Role
from twoway.core.roles import user_has_role
from twoway.core.typed_text import typed_text_clean
from twoway.integrations.hr_csv import ReadError, Row, Table, columns_resolve, table_read
from twoway.integrations.hr_csv.columns import COLUMN_NAMES, REQUIRED
from twoway.people.models import (
    PATH_SEPARATOR,
    LevelLabel,
    OrgUnit,
    Person,
    time_zone_lookup,
)

# Import columns that are person fields, in the order the audit log lists them.
PERSON_COLUMNS = (
    "name",
    "email",
    "job_title",
    "level",
    "department",
    "manager_id",
    "location",
    "time_zone",
    "hire_date",
    "leave_date",
)
# Model field names; the audit log uses them too ("manager", shown by employee id).
MODEL_FIELDS = {name: name for name in PERSON_COLUMNS} | {"manager_id": "manager"}
MAX_LEVEL = 99


def _max_length(model: type, field: str) -> int:
    return model._meta.get_field(field).max_length


# The limits are the models' own, so a file can never hold a value the
# database would refuse.
EMPLOYEE_ID_MAX = _max_length(Person, "employee_id")
MAX_SEGMENT = _max_length(OrgUnit, "name")
PATH_MAX = _max_length(OrgUnit, "path")
BATCH = 1000
# Keys per "WHERE id IN (...)": under SQLite's 999-parameter floor with room to spare.
STAMP_BATCH = 900
# Reporting-tree levels inserted one after the other (see _people_create).
LINKED_LEVELS = 25
PREVIEW_ROWS = 10
# Characters of a preview value kept for the review page (it shows 60).
PREVIEW_CHARS = 200
RESULT_MAX_ERRORS = 1000
# Error lines kept for the review page and its download.
REVIEW_MAX_ERRORS = 10_000
# Headers named in "required column is missing; the file's columns are ...".
HEADERS_NAMED = 20
# The key of the advisory lock that queues imports on PostgreSQL (any number
# no other lock of this database uses; "Twoway" in ASCII).
IMPORT_LOCK_KEY = 0x54776F776179


# --- the report ---------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem, at one row (None: the file as a whole) and one column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}"
        return f"row {self.row}: {self.column}: {self.message}"


@dataclass(frozen=True)
class PreviewRow:
    """One of the first rows of the file, as the mapping reads it."""

    row: int
    status: str  # "new", "update", "unchanged" or "error"
    values: list[str]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a file with errors, would do)."""

    filename: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    leavers: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    rows: int = 0
    new_departments: list[str] = field(default_factory=list)
    labels_changed: int = 0
    preview: list[PreviewRow] = field(default_factory=list)
    dry_run: bool = False
    partial: bool = False
    mark_leavers: bool = False
    applied: bool = False
    # The file could not be read as a table at all (the one error says why).
    unreadable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def people(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary_line(self) -> str:
        line = (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} errors={len(self.errors)}"
        )
        return f"{line} leavers={self.leavers}" if self.mark_leavers else line

    def _figures(self) -> dict[str, Any]:
        """What both stored forms of a report say."""
        return {
            "summary": self.summary_line(),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "leavers": self.leavers,
            "error_count": len(self.errors),
            "new_departments": len(self.new_departments),
            "ignored_columns": self.ignored_columns,
            "mapping": self.mapping,
        }

    def as_dict(self, max_errors: int = RESULT_MAX_ERRORS) -> dict[str, Any]:
        """A JSON-safe summary for ``ImportUpload.result``, the error list capped."""
        lines = [str(error) for error in self.errors[:max_errors]]
        more = len(self.errors) - len(lines)
        if more > 0:
            lines.append(f"and {more} more")
        return {**self._figures(), "errors": lines, "applied": self.applied}

    def as_review(self) -> dict[str, Any]:
        """What the review page shows, JSON-safe, so that it never reads the file again.

        Everything is bounded: at most ``MAX_COLUMNS`` headers of limited
        length, ``REVIEW_MAX_ERRORS`` error lines, ``PREVIEW_ROWS`` short rows.
        """
        return {
            **self._figures(),
            "people": self.people,
            "rows": self.rows,
            "errors": [str(error) for error in self.errors[:REVIEW_MAX_ERRORS]],
            "headers": self.headers,
            "mark_leavers": self.mark_leavers,
            "preview": [
                {
                    "row": line.row,
                    "status": line.status,
                    "values": [value[:PREVIEW_CHARS] for value in line.values],
                }
                for line in self.preview
            ],
        }


# --- cleaning one value ---------------------------------------------------------


class _Invalid(ValueError):
    pass


def _shown(raw: str) -> str:
    return f'"{raw}"' if len(raw) <= 60 else f'"{raw[:57]}..."'


def _too_long(raw: str, limit: int) -> _Invalid:
    return _Invalid(f"is {len(raw)} characters long; the limit is {limit}")


def _required_text(limit: int) -> Callable[[str], str]:
    def clean(raw: str) -> str:
        value = " ".join(raw.split())
        if not value:
            raise _Invalid("is empty; every person needs one")
        if len(value) > limit:
            raise _too_long(value, limit)
        return value

    return clean


def _optional_text(limit: int) -> Callable[[str], str]:
    def clean(raw: str) -> str:
        value = " ".join(raw.split())
        if len(value) > limit:
            raise _too_long(value, limit)
        return value

    return clean


def _clean_employee_id(raw: str) -> str:
    if not raw:
        raise _Invalid("is empty; every person needs one")
    if len(raw) > EMPLOYEE_ID_MAX:
        raise _too_long(raw, EMPLOYEE_ID_MAX)
    return raw


_email_validator = EmailValidator()


def _clean_email(raw: str) -> str:
    if not raw:
        raise _Invalid("is empty; every person needs one")
    value = raw.lower()
    if len(value) > _max_length(Person, "email"):
        raise _too_long(value, _max_length(Person, "email"))
    try:
        _email_validator(value)
    except ValidationError:
        raise _Invalid(f"{_shown(raw)} is not a valid e-mail address") from None
    return value


def _clean_level(raw: str) -> int | None:
    if not raw:
        return None
    try:
        number = float(raw) if "." in raw else int(raw)
    except ValueError:
        number = -1
    if number != int(number) or not 0 <= number <= MAX_LEVEL:
        raise _Invalid(f"{_shown(raw)} is not a whole number from 0 to {MAX_LEVEL}")
    return int(number)


def _clean_department(raw: str) -> str | None:
    if not raw:
        return None
    parts = [part.strip() for part in raw.split(PATH_SEPARATOR)]
    if not all(parts):
        raise _Invalid(
            f"{_shown(raw)} has an empty part; write a path like Marketing/Digital, "
            "with one / between departments"
        )
    if any(len(part) > MAX_SEGMENT for part in parts):
        raise _Invalid(f"each department in the path can be at most {MAX_SEGMENT} characters")
    path = PATH_SEPARATOR.join(parts)
    if len(path) > PATH_MAX:
        raise _too_long(path, PATH_MAX)
    return path


def _clean_manager(raw: str) -> str | None:
    if not raw:
        return None
    if len(raw) > EMPLOYEE_ID_MAX:
        raise _Invalid(
            f"{_shown(raw)} is longer than an employee_id can be ({EMPLOYEE_ID_MAX} characters)"
        )
    return raw


def _clean_time_zone(raw: str) -> str:
    if not raw:
        return ""
    name = time_zone_lookup(raw)
    if name is None:
        raise _Invalid(f"{_shown(raw)} is not a time zone; use an IANA name such as Europe/London")
    return name


def _clean_date(raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return dt.date.fromisoformat(raw)
        return dt.datetime.fromisoformat(raw).date()
    except ValueError:
        raise _Invalid(f"{_shown(raw)} is not a date; use YYYY-MM-DD, e.g. 2024-01-31") from None


def _clean_level_label(raw: str) -> str | None:
    value = " ".join(raw.split())
    limit = _max_length(LevelLabel, "label")
    if len(value) > limit:
        raise _too_long(value, limit)
    return value or None


_CLEANERS: dict[str, Callable[[str], Any]] = {
    "employee_id": _clean_employee_id,
    "name": _required_text(_max_length(Person, "name")),
    "email": _clean_email,
    "job_title": _optional_text(_max_length(Person, "job_title")),
    "level": _clean_level,
    "level_label": _clean_level_label,
    "department": _clean_department,
    "manager_id": _clean_manager,
    "location": _optional_text(_max_length(Person, "location")),
    "time_zone": _clean_time_zone,
    "hire_date": _clean_date,
    "leave_date": _clean_date,
}


# --- stage 1: read and clean ------------------------------------------------------


@dataclass(slots=True)
class _Row:
    number: int
    # Only the values that cleaned well: a column that failed on this row is
    # missing here, so later checks never build on a value already reported.
    values: dict[str, Any]
    bad: bool = False
    duplicate: bool = False

    @property
    def employee_id(self) -> str | None:
        return self.values.get("employee_id")


@dataclass
class _File:
    table: Table
    columns: dict[str, int]  # import column -> index in the row
    rows: list[_Row]


def _file_read(
    content: bytes, filename: str, mapping: Mapping[str, str] | None, report: ImportReport
) -> _File | None:
    try:
        table = table_read(content, filename)
    except ReadError as exc:
        report.errors.append(RowError(exc.row, exc.where, exc.message))
        report.unreadable = True
        return None
    report.headers = list(table.headers)
    report.rows = len(table.rows)
    chosen, problems = columns_resolve(table.headers, mapping)
    report.mapping = chosen
    report.ignored_columns = [header for header in table.headers if header not in chosen.values()]
    header_row = table.header_row
    for name, message in problems:
        report.errors.append(RowError(header_row, name, message))
    faulty = {name for name, _ in problems}
    named = ", ".join(f'"{header}"' for header in table.headers[:HEADERS_NAMED])
    if len(table.headers) > HEADERS_NAMED:
        named += f" and {len(table.headers) - HEADERS_NAMED:,} more"
    for name in REQUIRED:
        if name not in chosen and name not in faulty:
            report.errors.append(
                RowError(
                    header_row,
                    name,
                    f"required column is missing; the file's columns are {named}",
                )
            )
    if "level_label" in chosen and "level" not in chosen:
        report.errors.append(
            RowError(
                header_row, "level_label", "labels name levels, so the file needs a level column"
            )
        )
    if report.errors:
        return None
    if not table.rows:
        report.errors.append(RowError(None, "file", "the file has a header but no people"))
        return None
    index = {header: position for position, header in enumerate(table.headers)}
    columns = {name: index[header] for name, header in chosen.items()}
    rows = [_row_clean(row, columns, report.errors) for row in table.rows]
    return _File(table, columns, rows)


def _row_clean(line: Row, columns: dict[str, int], errors: list[RowError]) -> _Row:
    number = line.number
    values: dict[str, Any] = {}
    bad = False
    for name, position in columns.items():
        try:
            # Direction overrides in a name would reorder every page that shows it.
            values[name] = _CLEANERS[name](typed_text_clean(line.cell(position)))
        except _Invalid as exc:
            errors.append(RowError(number, name, str(exc)))
            bad = True
    manager = values.get("manager_id")
    if manager is not None and manager == values.get("employee_id"):
        errors.append(RowError(number, "manager_id", "a person cannot be their own manager"))
        del values["manager_id"]
        bad = True
    return _Row(number, values, bad)


# --- stage 2: check against each other and the directory ----------------------------


@dataclass(slots=True)
class _Existing:
    id: int
    uuid: UUID
    values: dict[str, Any]  # import column -> value (department path, manager employee id)


@dataclass
class _Directory:
    people: dict[str, _Existing]
    email_owner: dict[str, str]  # lower-case e-mail -> employee id
    units: dict[str, int]  # path -> id
    labels: dict[int, tuple[int, str]]  # level -> (id, label)


def _directory_load() -> _Directory:
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
    people: dict[str, _Existing] = {}
    email_owner: dict[str, str] = {}
    for pk, uuid, eid, name, email, title, level, unit, manager, place, zone, hired, left in rows:
        people[eid] = _Existing(
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
    return _Directory(people, email_owner, units, labels)


@dataclass
class _Update:
    row: _Row
    existing: _Existing
    changes: dict[str, Any]


@dataclass
class _Plan:
    creates: list[_Row] = field(default_factory=list)
    updates: list[_Update] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[tuple[_Existing, dt.date]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # level -> label to write
    statuses: dict[int, str] = field(default_factory=dict)  # row number -> preview status


def _rows_check(
    rows: list[_Row], present: set[str], directory: _Directory, partial: bool
) -> list[RowError]:
    """Every check that looks beyond one row; marks the rows it faults."""
    errors: list[RowError] = []

    def fault(row: _Row, column: str, message: str) -> None:
        errors.append(RowError(row.number, column, message))
        row.bad = True

    first: dict[str, _Row] = {}
    first_email: dict[str, _Row] = {}
    first_label: dict[int, tuple[str, _Row]] = {}
    for row in rows:
        eid = row.employee_id
        if eid is not None:
            if eid in first:
                fault(row, "employee_id", f"duplicate employee_id: also on row {first[eid].number}")
                row.duplicate = True
            else:
                first[eid] = row
        email = row.values.get("email")
        if email is not None:
            if email in first_email:
                fault(row, "email", f"duplicate email: also on row {first_email[email].number}")
            else:
                first_email[email] = row
        label, level = row.values.get("level_label"), row.values.get("level")
        if label and level is not None:
            seen = first_label.setdefault(level, (label, row))
            if seen[0] != label:
                fault(
                    row,
                    "level_label",
                    f'level {level} is labelled "{seen[0]}" on row {seen[1].number}',
                )
    for row in rows:
        if not row.duplicate:
            _dates_check(row, present, directory, fault)

    # Whether a row counts towards the final state depends, in partial mode,
    # on the other rows: skipping one can orphan its reports, or leave its old
    # e-mail or manager in place. Repeat until no more rows fall out.
    while True:
        considered = [row for row in rows if not row.duplicate and not (partial and row.bad)]
        before = len(errors)
        _references_check(considered, first, directory, partial, fault)
        _cycles_check(considered, present, directory, fault)
        if not partial or len(errors) == before:
            return errors


def _dates_check(row: _Row, present: set[str], directory: _Directory, fault: Any) -> None:
    if any(name in present and name not in row.values for name in ("hire_date", "leave_date")):
        return  # a date that did not clean is already reported
    existing = directory.people.get(row.employee_id or "")
    on_record = existing.values if existing else {}
    hired = row.values["hire_date"] if "hire_date" in present else on_record.get("hire_date")
    left = row.values["leave_date"] if "leave_date" in present else on_record.get("leave_date")
    if hired and left and left < hired:
        if "hire_date" in present:
            message = f"{left.isoformat()} is before hire_date {hired.isoformat()}"
        else:
            message = f"{left.isoformat()} is before the hire date on record, {hired.isoformat()}"
        fault(row, "leave_date", message)


def _references_check(
    considered: list[_Row],
    first: dict[str, _Row],
    directory: _Directory,
    partial: bool,
    fault: Any,
) -> None:
    in_file = {row.employee_id for row in considered}
    for row in considered:
        eid = row.employee_id
        if eid is None:
            continue
        manager = row.values.get("manager_id")
        if manager is not None and manager not in first and manager not in directory.people:
            fault(
                row,
                "manager_id",
                f"no person with employee id {manager} in the file or the directory",
            )
        email = row.values.get("email")
        owner = directory.email_owner.get(email) if email else None
        if owner is not None and owner != eid and owner not in in_file:
            why = "whose row has errors" if owner in first else "who is not in this file"
            fault(row, "email", f"{email} is already the e-mail of {owner}, {why}")
    if partial:
        _bad_managers_propagate(considered, first, fault)


def _bad_managers_propagate(considered: list[_Row], first: dict[str, _Row], fault: Any) -> None:
    """Skip everyone below a skipped row, whatever the depth, in one pass."""
    reports: dict[str, list[_Row]] = defaultdict(list)
    for row in considered:
        manager = row.values.get("manager_id")
        if manager is not None and not row.bad:
            reports[manager].append(row)
    queue = [eid for eid, row in first.items() if row.bad]
    while queue:
        manager = queue.pop()
        for row in reports.pop(manager, ()):
            if not row.bad:
                fault(row, "manager_id", f"manager {manager} is on a row with errors")
                queue.append(row.employee_id)


def _cycles_check(
    considered: list[_Row], present: set[str], directory: _Directory, fault: Any
) -> None:
    if "manager_id" not in present:
        return  # the file changes no reporting line, so it cannot close a loop
    managers = {eid: person.values["manager_id"] for eid, person in directory.people.items()}
    by_id: dict[str, _Row] = {}
    for row in considered:
        eid = row.employee_id
        if eid is None:
            continue
        by_id[eid] = row
        if "manager_id" in row.values:
            managers[eid] = row.values["manager_id"]
        else:
            managers.setdefault(eid, None)
    for eid, (loop, at) in _cycle_members(managers).items():
        row = by_id.get(eid)
        if row is not None:
            shown = [loop[(at + step) % len(loop)] for step in range(min(len(loop), 8))]
            more = ["…"] if len(loop) > 8 else []
            chain = " → ".join([*shown, *more, eid])
            fault(row, "manager_id", f"the reporting line loops back to this person: {chain}")


def _cycle_members(managers: Mapping[str, str | None]) -> dict[str, tuple[list[str], int]]:
    """The nodes that lie on a loop, each with its loop and its place in it, in O(n).

    Every node has at most one manager, so a walk up from any node either
    ends or enters exactly one loop.

    >>> _cycle_members({"a": "b", "b": "a", "c": "a", "d": None})
    {'a': (['a', 'b'], 0), 'b': (['a', 'b'], 1)}
    """
    walked_by: dict[str, str] = {}
    members: dict[str, tuple[list[str], int]] = {}
    for start in managers:
        if start in walked_by:
            continue
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in walked_by:
            walked_by[node] = start
            path.append(node)
            node = managers.get(node)
        if node is not None and walked_by[node] == start:
            loop = path[path.index(node) :]
            for at, member in enumerate(loop):
                members[member] = (loop, at)
    return members


def _plan_make(
    rows: list[_Row],
    present: set[str],
    directory: _Directory,
    mark_leavers: bool,
    today: dt.date,
) -> _Plan:
    plan = _Plan()
    person_columns = [name for name in PERSON_COLUMNS if name in present]
    new_units: set[str] = set()
    for row in rows:
        if row.bad:
            plan.statuses[row.number] = "error"
            continue
        eid = row.employee_id
        existing = directory.people.get(eid or "")
        if existing is None:
            plan.creates.append(row)
            plan.statuses[row.number] = "new"
        else:
            changes = {
                name: row.values[name]
                for name in person_columns
                if row.values[name] != existing.values[name]
            }
            if changes:
                plan.updates.append(_Update(row, existing, changes))
                plan.statuses[row.number] = "update"
            else:
                plan.unchanged += 1
                plan.statuses[row.number] = "unchanged"
        path = row.values.get("department")
        while path and path not in directory.units and path not in new_units:
            new_units.add(path)
            path = path.rpartition(PATH_SEPARATOR)[0]
        label, level = row.values.get("level_label"), row.values.get("level")
        if label and level is not None and directory.labels.get(level, (0, ""))[1] != label:
            plan.labels[level] = label
    plan.new_units = sorted(new_units, key=lambda path: (path.count(PATH_SEPARATOR), path))
    if mark_leavers:
        in_file = {row.employee_id for row in rows}
        for eid, person in directory.people.items():
            left = person.values["leave_date"]
            if eid in in_file or (left is not None and left <= today):
                continue
            # A hire date in the future must not put the leave date before it.
            hired = person.values["hire_date"]
            plan.leavers.append((person, max(today, hired) if hired else today))
    return plan


# --- stage 3: save ------------------------------------------------------------------


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _person_event(
    actor: Any, action: str, uuid: UUID, label: str, before: Any, after: Any
) -> AuditEvent:
    return audit_event(
        actor=actor,
        action=action,
        subject_type=Person._meta.label_lower,
        subject_id=str(uuid),
        subject_label=label,
        before=before,
        after=after,
    )


def _plan_apply(plan: _Plan, directory: _Directory, actor: Any, report: ImportReport) -> None:
    now = timezone.now()
    events: list[AuditEvent] = []
    units = _units_create(plan.new_units, directory.units, actor, events)

    def model_values(values: Mapping[str, Any]) -> dict[str, Any]:
        result = {}
        for name, value in values.items():
            if name == "department":
                result["department_id"] = units[value] if value else None
            elif name in PERSON_COLUMNS and name != "manager_id":
                result[name] = value
        return result

    # An e-mail can move from one person to another in the same file, and the
    # unique index is checked row by row: park the movers' addresses first.
    movers = [update.existing.id for update in plan.updates if "email" in update.changes]
    if movers:
        parked = [Person(pk=pk, email=f"import-{pk}@moving.invalid") for pk in movers]
        Person.objects.bulk_update(parked, ["email"], batch_size=BATCH)

    ids = {eid: person.id for eid, person in directory.people.items()}
    created = _people_create(plan.creates, ids, model_values)
    for person, row in created:
        after = {"employee_id": person.employee_id}
        for name in PERSON_COLUMNS:
            if row.values.get(name) not in (None, ""):
                after[MODEL_FIELDS[name]] = _audit_value(row.values[name])
        events.append(_person_event(actor, "person.create", person.uuid, person.name, None, after))

    # One bulk_update per set of changed fields keeps each UPDATE narrow.
    groups: dict[tuple[str, ...], list[Person]] = defaultdict(list)
    for update in plan.updates:
        person = Person(pk=update.existing.id, **model_values(update.changes))
        if "manager_id" in update.changes:
            manager = update.changes["manager_id"]
            person.manager_id = ids[manager] if manager else None
        fields = tuple(MODEL_FIELDS[name] for name in update.changes)  # model field names
        groups[fields].append(person)
        before = {
            MODEL_FIELDS[name]: _audit_value(update.existing.values[name])
            for name in update.changes
        }
        after = {MODEL_FIELDS[name]: _audit_value(value) for name, value in update.changes.items()}
        label = update.changes.get("name") or update.existing.values["name"]
        events.append(
            _person_event(actor, "person.update", update.existing.uuid, label, before, after)
        )
    for fields, people in groups.items():
        Person.objects.bulk_update(people, fields, batch_size=BATCH)
    # The same value for every row: plain UPDATEs, cheaper than bulk_update's CASE.
    _people_stamp([update.existing.id for update in plan.updates], updated_at=now)
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for person, day in plan.leavers:
        by_day[day].append(person.id)
    for day, pks in by_day.items():
        _people_stamp(pks, leave_date=day, updated_at=now)
    for person, day in plan.leavers:
        events.append(
            _person_event(
                actor,
                "person.update",
                person.uuid,
                person.values["name"],
                {"leave_date": _audit_value(person.values["leave_date"])},
                {"leave_date": day.isoformat()},
            )
        )
    _labels_save(plan.labels, directory.labels, actor, events)
    events.append(
        audit_event(
            actor=actor,
            action="people.import",
            subject_type="people.import",
            subject_label=report.filename,
            after={
                "filename": report.filename,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "leavers": report.leavers,
                "errors": len(report.errors),
                "new_departments": len(plan.new_units),
                "partial": report.partial,
                "mark_leavers": report.mark_leavers,
                "mapping": report.mapping,
            },
        )
    )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


def _people_stamp(pks: list[int], **values: Any) -> None:
    """Set the same values on many people, a batch of keys at a time."""
    for start in range(0, len(pks), STAMP_BATCH):
        Person.objects.filter(pk__in=pks[start : start + STAMP_BATCH]).update(**values)


def _people_create(
    rows: list[_Row], ids: dict[str, int], model_values: Callable[[Mapping[str, Any]], dict]
) -> list[tuple[Person, _Row]]:
    """Insert new people, managers before their reports, and link the managers.

    Inserting the reporting tree one level at a time gives each report its
    manager's key at insert time, which saves an UPDATE of every new person
    (the slowest part of a large first import). Levels below ``LINKED_LEVELS``
    (a deep chain), and every level on a database that cannot return keys
    from a bulk insert, are inserted without a manager and linked afterwards
    with one bulk update. ``ids`` (employee id -> key) is completed in place.
    """
    new = {row.employee_id: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain: list[str] = []
        eid: str | None = row.employee_id
        while eid in new and eid not in depth:
            if len(chain) > len(new):  # pragma: no cover - validation rules loops out
                raise RuntimeError("a reporting loop passed validation")
            chain.append(eid)
            eid = new[eid].values.get("manager_id")
        level = depth.get(eid, -1) if eid is not None else -1
        for member in reversed(chain):
            level += 1
            depth[member] = level
    cap = LINKED_LEVELS if connection.features.can_return_rows_from_bulk_insert else 0
    by_level: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        by_level[min(depth[row.employee_id], cap)].append(row)
    created: list[tuple[Person, _Row]] = []
    unlinked: list[tuple[Person, str]] = []
    for level in sorted(by_level):
        batch = []
        for row in by_level[level]:
            person = Person(employee_id=row.employee_id, **model_values(row.values))
            manager = row.values.get("manager_id")
            if manager in ids:
                person.manager_id = ids[manager]
            elif manager:
                unlinked.append((person, manager))
            batch.append(person)
            created.append((person, row))
        Person.objects.bulk_create(batch, batch_size=BATCH)
        if level < cap:
            ids.update((person.employee_id, person.pk) for person in batch)
    if any(person.pk is None for person, _ in created):
        ids.update(Person.objects.values_list("employee_id", "id"))
        for person, _ in created:
            person.pk = ids[person.employee_id]
    else:
        ids.update((person.employee_id, person.pk) for person, _ in created)
    linked = [Person(pk=person.pk, manager_id=ids[manager]) for person, manager in unlinked]
    Person.objects.bulk_update(linked, ["manager"], batch_size=BATCH)
    return created


def _units_create(
    paths: list[str], units: dict[str, int], actor: Any, events: list[AuditEvent]
) -> dict[str, int]:
    """Create the missing departments, parents first (``paths`` is sorted by depth)."""
    units = dict(units)
    by_depth: dict[int, list[str]] = defaultdict(list)
    for path in paths:
        by_depth[path.count(PATH_SEPARATOR)].append(path)
    for depth in sorted(by_depth):
        batch = []
        for path in by_depth[depth]:
            parent, _, name = path.rpartition(PATH_SEPARATOR)
            batch.append(OrgUnit(name=name, path=path, parent_id=units.get(parent)))
        OrgUnit.objects.bulk_create(batch, batch_size=BATCH)
        created = OrgUnit.objects.filter(path__in=by_depth[depth]).values_list("path", "id", "uuid")
        for path, pk, uuid in created:
            units[path] = pk
            events.append(
                audit_event(
                    actor=actor,
                    action="org_unit.create",
                    subject_type=OrgUnit._meta.label_lower,
                    subject_id=str(uuid),
                    subject_label=path,
                    after={"path": path},
                )
            )
    return units


def _labels_save(
    labels: dict[int, str],
    existing: dict[int, tuple[int, str]],
    actor: Any,
    events: list[AuditEvent],
) -> None:
    new = [
        LevelLabel(level=level, label=label)
        for level, label in labels.items()
        if level not in existing
    ]
    changed = [
        LevelLabel(pk=existing[level][0], level=level, label=label)
        for level, label in labels.items()
        if level in existing
    ]
    LevelLabel.objects.bulk_create(new)
    LevelLabel.objects.bulk_update(changed, ["label"])
    for level, label in sorted(labels.items()):
        before = {"label": existing[level][1]} if level in existing else None
        events.append(
            audit_event(
                actor=actor,
                action="level_label.update" if before else "level_label.create",
                subject_type=LevelLabel._meta.label_lower,
                subject_id=str(level),
                subject_label=f"{level} · {label}",
                before=before,
                after={"level": level, "label": label},
            )
        )


# --- the service ----------------------------------------------------------------------


def import_permission_check(actor: Any) -> None:
    """Only administrators import people (the command line passes no actor)."""
    if not user_has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators can import people.")


def person_import(
    *,
    actor: Any,
    content: bytes,
    filename: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    mark_leavers: bool = False,
    partial: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """Create and update people from an HR export (``.csv`` or ``.xlsx``).

    People are matched on ``employee_id``. A column absent from the file
    leaves that field alone; a column present with a blank value clears it.
    Nobody is deleted; ``mark_leavers`` gives current people who are missing
    from the file a leave date of ``today``.

    Parameters
    ----------
    actor
        An administrator, or None for the command line ("system").
    mapping
        Canonical column → file header, overriding the automatic match
        (``""`` leaves a column out).
    dry_run
        Run every check and count, save nothing.
    partial
        Save the good rows even when others have errors (rows whose manager
        is on a bad row are skipped too). By default one error saves nothing.

    Returns
    -------
    ImportReport
        Counts, every error as ``row <n>: <column>: <message>``, the mapping.

    Examples
    --------
    >>> report = person_import(actor=None, content=b"employee_id,name,email\\n"
    ...     b"E1,Ada Okafor,ada@example.org\\n", filename="hr.csv")  # doctest: +SKIP
    >>> report.summary_line()  # doctest: +SKIP
    'created=1 updated=0 unchanged=0 errors=0'
    """
    if actor is not None:  # None is the command line
        import_permission_check(actor)
    report = ImportReport(
        filename=filename, dry_run=dry_run, partial=partial, mark_leavers=mark_leavers
    )
    today = today or timezone.localdate()
    parsed = _file_read(content, filename, mapping, report)
    if parsed is None:
        return _report_finish(report)
    if dry_run:
        _import_run(parsed, report, actor, today, save=False)
    else:
        with transaction.atomic():
            _import_lock()
            _import_run(parsed, report, actor, today, save=True)
    return _report_finish(report)


def _import_lock() -> None:
    """Queue behind any other import saving now, until this transaction ends.

    Two imports that plan against the same directory would both insert the
    same new people and fail on the unique constraints. On PostgreSQL the
    second waits here for the first to commit, then plans against what it
    saved (READ COMMITTED reads the latest rows in each statement), so it
    reports those people as unchanged. SQLite needs no lock: its writing
    transactions start IMMEDIATE, one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _import_run(
    parsed: _File, report: ImportReport, actor: Any, today: dt.date, save: bool
) -> None:
    present = set(parsed.columns)
    directory = _directory_load()
    report.errors.extend(_rows_check(parsed.rows, present, directory, report.partial))
    plan = _plan_make(parsed.rows, present, directory, report.mark_leavers, today)
    positions = list(parsed.columns.values())
    report.preview = [
        PreviewRow(
            line.number,
            plan.statuses.get(line.number, "error"),
            [line.cell(position) for position in positions],
        )
        for line in parsed.table.rows[:PREVIEW_ROWS]
    ]
    if report.errors and not report.partial:
        return
    report.created, report.updated, report.unchanged = (
        len(plan.creates),
        len(plan.updates),
        plan.unchanged,
    )
    report.leavers = len(plan.leavers)
    report.new_departments = plan.new_units
    report.labels_changed = len(plan.labels)
    if save:
        _plan_apply(plan, directory, actor, report)
        report.applied = True


def _report_finish(report: ImportReport) -> ImportReport:
    order = {name: position for position, name in enumerate(COLUMN_NAMES)}
    report.errors.sort(key=lambda error: (error.row or 0, order.get(error.column, -1)))
    return report


def import_errors_text(errors: Iterable[RowError | str]) -> str:
    return "".join(f"{error}\n" for error in errors)

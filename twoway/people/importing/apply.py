"""Stage 3 of the import: save the plan with a handful of bulk queries, audited.

However long the file: new departments parents first, new people level by
level of the reporting tree (most of them inserted with their manager's key),
one ``bulk_update`` per set of changed fields, plain UPDATEs for what every
row shares, the level labels, then every change of level, job title and
department (``PersonChange``) and every audit event, each in one bulk insert.
``import_run`` takes a file already read through stages 2 and 3; when it
saves, its caller holds the transaction and the import lock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from django.db import connection
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_event
from twoway.core.figures import DIRECTORY, figures_changed
from twoway.core.models import AuditEvent
from twoway.people.importing.check import Plan, plan_make, rows_check
from twoway.people.importing.clean import PERSON_COLUMNS, CleanRow
from twoway.people.importing.read import ParsedFile
from twoway.people.importing.report import PREVIEW_ROWS, ImportReport, PreviewRow
from twoway.people.importing.selectors import Directory, directory_load
from twoway.people.models import (
    PATH_SEPARATOR,
    ImportUpload,
    LevelLabel,
    OrgUnit,
    Person,
    PersonChange,
)

# Model field names; the audit log uses them too ("manager", shown by employee id).
MODEL_FIELDS = {name: name for name in PERSON_COLUMNS} | {"manager_id": "manager"}
BATCH = 1000
# Keys per "WHERE id IN (...)": under SQLite's 999-parameter floor with room to spare.
STAMP_BATCH = 900
# Reporting-tree levels inserted one after the other (see _people_create).
LINKED_LEVELS = 25
# The import columns whose changes the person's history records.
HISTORY_COLUMNS = {
    "level": PersonChange.Field.LEVEL,
    "job_title": PersonChange.Field.JOB_TITLE,
    "department": PersonChange.Field.DEPARTMENT,
}


def import_run(
    parsed: ParsedFile,
    report: ImportReport,
    actor: Actor,
    today: dt.date,
    save: bool,
    upload: ImportUpload | None = None,
) -> None:
    """Check a file already read, plan, fill in ``report``, and save the plan if ``save``.

    The directory is read here, so that a saving run, inside its caller's
    lock, plans against what an import before it has just saved. ``upload``
    is the upload being applied, if any: the history rows name it.
    """
    present = set(parsed.columns)
    directory = directory_load()
    report.errors.extend(rows_check(parsed.rows, present, directory, report.partial, today))
    plan = plan_make(parsed.rows, present, directory, report.mark_leavers, today)
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
        _plan_apply(plan, directory, actor, report, today, upload)
        # Who is current, and in which department, feeds the directory's figures.
        figures_changed(DIRECTORY)
        report.applied = True


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _person_event(
    actor: Actor,
    action: AuditAction,
    uuid: UUID,
    label: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
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


def _plan_apply(
    plan: Plan,
    directory: Directory,
    actor: Actor,
    report: ImportReport,
    today: dt.date,
    upload: ImportUpload | None,
) -> None:
    now = timezone.now()
    events: list[AuditEvent] = []
    history = _History(today, now, upload)
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
        events.append(
            _person_event(actor, AuditAction.PERSON_CREATE, person.uuid, person.name, None, after)
        )
        for name in HISTORY_COLUMNS:
            if row.values.get(name) not in (None, ""):
                history.add(person.pk, row, name, None, row.values[name])

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
        for name in HISTORY_COLUMNS.keys() & update.changes.keys():
            history.add(
                update.existing.id,
                update.row,
                name,
                update.existing.values[name],
                update.changes[name],
            )
        label = update.changes.get("name") or update.existing.values["name"]
        events.append(
            _person_event(
                actor, AuditAction.PERSON_UPDATE, update.existing.uuid, label, before, after
            )
        )
    for fields, people in groups.items():
        Person.objects.bulk_update(people, fields, batch_size=BATCH)
    # The same value for every row: plain UPDATEs, cheaper than bulk_update's CASE.
    _people_stamp([update.existing.id for update in plan.updates], updated_at=now)
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for leaver, day in plan.leavers:
        by_day[day].append(leaver.id)
    for day, pks in by_day.items():
        _people_stamp(pks, leave_date=day, updated_at=now)
    for leaver, day in plan.leavers:
        events.append(
            _person_event(
                actor,
                AuditAction.PERSON_UPDATE,
                leaver.uuid,
                leaver.values["name"],
                {"leave_date": _audit_value(leaver.values["leave_date"])},
                {"leave_date": day.isoformat()},
            )
        )
    _labels_save(plan.labels, directory.labels, actor, events)
    events.append(
        audit_event(
            actor=actor,
            action=AuditAction.PEOPLE_IMPORT,
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
                **({"source": report.source} if report.source != "file" else {}),
            },
        )
    )
    PersonChange.objects.bulk_create(history.changes, batch_size=BATCH)
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


class _History:
    """The ``PersonChange`` rows of one import, gathered to be inserted in bulk.

    A change takes effect on the import's day, except a change of level on a
    row with a ``level_since`` date, which takes effect on that date.
    """

    def __init__(self, today: dt.date, now: dt.datetime, upload: ImportUpload | None) -> None:
        self.today, self.now, self.upload = today, now, upload
        self.changes: list[PersonChange] = []

    def add(self, person_id: int, row: CleanRow, name: str, old: Any, new: Any) -> None:
        field = HISTORY_COLUMNS[name]
        change = PersonChange(
            person_id=person_id,
            field=field,
            effective_on=self.today,
            recorded_at=self.now,
            upload=self.upload,
        )
        if field == PersonChange.Field.LEVEL:
            change.old_level, change.new_level = old, new
            change.effective_on = row.values.get("level_since") or self.today
        else:
            change.old_value, change.new_value = old or "", new or ""
        self.changes.append(change)


def _people_stamp(pks: list[int], **values: Any) -> None:
    """Set the same values on many people, a batch of keys at a time."""
    for start in range(0, len(pks), STAMP_BATCH):
        Person.objects.filter(pk__in=pks[start : start + STAMP_BATCH]).update(**values)


def _employee_id(row: CleanRow) -> str:
    """The employee id of a row to create: the checks fault every row without one."""
    eid = row.employee_id
    if eid is None:  # pragma: no cover - the checks mark such a row bad
        raise RuntimeError(f"row {row.number} has no employee id but passed the checks")
    return eid


def _people_create(
    rows: list[CleanRow], ids: dict[str, int], model_values: Callable[[Mapping[str, Any]], dict]
) -> list[tuple[Person, CleanRow]]:
    """Insert new people, managers before their reports, and link the managers.

    Inserting the reporting tree one level at a time gives each report its
    manager's key at insert time, which saves an UPDATE of every new person
    (the slowest part of a large first import). Levels below ``LINKED_LEVELS``
    (a deep chain), and every level on a database that cannot return keys
    from a bulk insert, are inserted without a manager and linked afterwards
    with one bulk update. ``ids`` (employee id -> key) is completed in place.
    """
    new = {_employee_id(row): row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain: list[str] = []
        eid: str | None = row.employee_id
        while eid is not None and eid in new and eid not in depth:
            if len(chain) > len(new):  # pragma: no cover - validation rules loops out
                raise RuntimeError("a reporting loop passed validation")
            chain.append(eid)
            eid = new[eid].values.get("manager_id")
        level = depth.get(eid, -1) if eid is not None else -1
        for member in reversed(chain):
            level += 1
            depth[member] = level
    cap = LINKED_LEVELS if connection.features.can_return_rows_from_bulk_insert else 0
    by_level: dict[int, list[CleanRow]] = defaultdict(list)
    for row in rows:
        by_level[min(depth[_employee_id(row)], cap)].append(row)
    created: list[tuple[Person, CleanRow]] = []
    unlinked: list[tuple[Person, str]] = []
    for level in sorted(by_level):
        batch = []
        for row in by_level[level]:
            person = Person(employee_id=_employee_id(row), **model_values(row.values))
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
    paths: list[str], units: dict[str, int], actor: Actor, events: list[AuditEvent]
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
                    action=AuditAction.ORG_UNIT_CREATE,
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
    actor: Actor,
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
                action=AuditAction.LEVEL_LABEL_UPDATE if before else AuditAction.LEVEL_LABEL_CREATE,
                subject_type=LevelLabel._meta.label_lower,
                subject_id=str(level),
                subject_label=f"{level} · {label}",
                before=before,
                after={"level": level, "label": label},
            )
        )

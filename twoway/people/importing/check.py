"""Stage 2 of the import: check the rows against each other and the directory, then plan.

The checks look beyond one row: unique employee ids and e-mails, one label per
level, leave dates after hire dates, level_since dates between the hire date
and today, managers that exist, e-mails nobody
outside the file holds, no loops in the reporting lines, all against the
directory as it will be after the import. ``plan_make`` then sorts the rows
into people created, updated and unchanged, with the new departments, labels
and leavers. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from twoway.people.importing.clean import PERSON_COLUMNS, CleanRow
from twoway.people.importing.report import RowError
from twoway.people.importing.selectors import Directory, ExistingPerson
from twoway.people.models import PATH_SEPARATOR

# Reports a problem with a row (column, message) and marks the row bad.
Fault = Callable[[CleanRow, str, str], None]


@dataclass
class PersonUpdate:
    """A person the import changes: the row, the person on record, the new values."""

    row: CleanRow
    existing: ExistingPerson
    changes: dict[str, Any]


@dataclass
class Plan:
    """What saving the file would write; ``plan_make`` fills it, ``apply`` saves it."""

    creates: list[CleanRow] = field(default_factory=list)
    updates: list[PersonUpdate] = field(default_factory=list)
    unchanged: int = 0
    leavers: list[tuple[ExistingPerson, dt.date]] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # level -> label to write
    statuses: dict[int, str] = field(default_factory=dict)  # row number -> preview status


def rows_check(
    rows: list[CleanRow], present: set[str], directory: Directory, partial: bool, today: dt.date
) -> list[RowError]:
    """Every check that looks beyond one row; marks the rows it faults."""
    errors: list[RowError] = []

    def fault(row: CleanRow, column: str, message: str) -> None:
        errors.append(RowError(row.number, column, message))
        row.bad = True

    first: dict[str, CleanRow] = {}
    first_email: dict[str, CleanRow] = {}
    first_label: dict[int, tuple[str, CleanRow]] = {}
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
            _dates_check(row, present, directory, today, fault)

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


def _dates_check(
    row: CleanRow, present: set[str], directory: Directory, today: dt.date, fault: Fault
) -> None:
    if any(name in present and name not in row.values for name in ("hire_date", "leave_date")):
        return  # a date that did not clean is already reported
    existing = directory.people.get(row.employee_id or "")
    on_record = existing.values if existing else {}
    hired = row.values["hire_date"] if "hire_date" in present else on_record.get("hire_date")
    left = row.values["leave_date"] if "leave_date" in present else on_record.get("leave_date")
    if hired and left and left < hired:
        fault(row, "leave_date", _before_hire(left, hired, "hire_date" in present))
    since = row.values.get("level_since")
    if since is None:
        return
    if since > today:
        fault(
            row,
            "level_since",
            f"{since.isoformat()} is after today, {today.isoformat()}; "
            "give the day the current level took effect",
        )
    elif hired and since < hired:
        fault(row, "level_since", _before_hire(since, hired, "hire_date" in present))


def _before_hire(day: dt.date, hired: dt.date, in_file: bool) -> str:
    if in_file:
        return f"{day.isoformat()} is before hire_date {hired.isoformat()}"
    return f"{day.isoformat()} is before the hire date on record, {hired.isoformat()}"


def _references_check(
    considered: list[CleanRow],
    first: dict[str, CleanRow],
    directory: Directory,
    partial: bool,
    fault: Fault,
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


def _bad_managers_propagate(
    considered: list[CleanRow], first: dict[str, CleanRow], fault: Fault
) -> None:
    """Skip everyone below a skipped row, whatever the depth, in one pass."""
    reports: dict[str, list[CleanRow]] = defaultdict(list)
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
                if row.employee_id is not None:
                    queue.append(row.employee_id)


def _cycles_check(
    considered: list[CleanRow], present: set[str], directory: Directory, fault: Fault
) -> None:
    if "manager_id" not in present:
        return  # the file changes no reporting line, so it cannot close a loop
    managers = {eid: person.values["manager_id"] for eid, person in directory.people.items()}
    by_id: dict[str, CleanRow] = {}
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
        on_loop = by_id.get(eid)
        if on_loop is not None:
            shown = [loop[(at + step) % len(loop)] for step in range(min(len(loop), 8))]
            more = ["…"] if len(loop) > 8 else []
            chain = " → ".join([*shown, *more, eid])
            fault(on_loop, "manager_id", f"the reporting line loops back to this person: {chain}")


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


def plan_make(
    rows: list[CleanRow],
    present: set[str],
    directory: Directory,
    mark_leavers: bool,
    today: dt.date,
) -> Plan:
    """Sort the good rows into creates, updates and unchanged; list what else changes.

    What else: the new departments (parents first), the level labels and,
    with ``mark_leavers``, the people missing from the file.
    """
    plan = Plan()
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
                plan.updates.append(PersonUpdate(row, existing, changes))
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

"""Cleaning one row: every value on its own, by the rules of its column.

A cleaner takes a cell's text and returns the value to save, or raises
``_Invalid`` with what the report says after ``row <n>: <column>:``. Nothing
here looks at the other rows, the directory or the file as a whole: that is
``check``, and matching the headers is ``read``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from twoway.core.models import text_max_length
from twoway.core.typed_text import typed_text_clean
from twoway.integrations.hr_csv import Row
from twoway.people.importing.report import RowError
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
MAX_LEVEL = 99


# The limits are the models' own, so a file can never hold a value the
# database would refuse.
EMPLOYEE_ID_MAX = text_max_length(Person, "employee_id")
MAX_SEGMENT = text_max_length(OrgUnit, "name")
PATH_MAX = text_max_length(OrgUnit, "path")


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
    if len(value) > text_max_length(Person, "email"):
        raise _too_long(value, text_max_length(Person, "email"))
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


def date_clean(raw: str) -> dt.date | None:
    """A date as the imports accept it (``YYYY-MM-DD``, or an ISO date and time);
    None for "". Raises a ``ValueError`` saying what is wrong with ``raw``. The
    past-cohort import (``pairs.cohort_import``) reads its dates with it too."""
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
    limit = text_max_length(LevelLabel, "label")
    if len(value) > limit:
        raise _too_long(value, limit)
    return value or None


_CLEANERS: dict[str, Callable[[str], Any]] = {
    "employee_id": _clean_employee_id,
    "name": _required_text(text_max_length(Person, "name")),
    "email": _clean_email,
    "job_title": _optional_text(text_max_length(Person, "job_title")),
    "level": _clean_level,
    "level_label": _clean_level_label,
    "department": _clean_department,
    "manager_id": _clean_manager,
    "location": _optional_text(text_max_length(Person, "location")),
    "time_zone": _clean_time_zone,
    "hire_date": date_clean,
    "leave_date": date_clean,
    "level_since": date_clean,
}


@dataclass(slots=True)
class CleanRow:
    """One row of the file, its values cleaned; the checks mark it bad or duplicate."""

    number: int
    # Only the values that cleaned well: a column that failed on this row is
    # missing here, so later checks never build on a value already reported.
    values: dict[str, Any]
    bad: bool = False
    duplicate: bool = False

    @property
    def employee_id(self) -> str | None:
        return self.values.get("employee_id")


def row_clean(line: Row, columns: dict[str, int], errors: list[RowError]) -> CleanRow:
    """Clean every value of one row on its own, adding each problem to ``errors``."""
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
    return CleanRow(number, values, bad)

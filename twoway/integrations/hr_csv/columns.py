"""The documented import columns and the many names HR systems give them.

A header matches a column when its *key* (lower case, every run of spaces,
hyphens and punctuation turned into one underscore) is the column's name or
one of its synonyms: "E-mail address", "Work Email" and "email" all mean
``email``. An explicit mapping (canonical column → file header) always wins
over the guess.

Example
-------
>>> mapping, problems = columns_resolve(["Emp ID", "Full Name", "Work Email", "Shoe size"])
>>> mapping
{'employee_id': 'Emp ID', 'name': 'Full Name', 'email': 'Work Email'}
>>> columns_resolve(["Emp ID", "Mail"], {"email": "Mail"})[0]
{'employee_id': 'Emp ID', 'email': 'Mail'}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    example: str
    format: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "employee_id",
        "The person's id in the HR system. Re-imports recognise people by it.",
        "E01042",
        "Text, up to 64 characters, once per file.",
        required=True,
        synonyms=(
            "employee_number",
            "employee_no",
            "employee_num",
            "emp_id",
            "emp_no",
            "emp_number",
            "empid",
            "employeeid",
            "staff_id",
            "staff_number",
            "staff_no",
            "personnel_number",
            "personnel_no",
            "person_id",
            "worker_id",
            "id",
        ),
    ),
    Column(
        "name",
        "Full name, as Twoway shows it.",
        "Juno Park",
        "Text, up to 200 characters.",
        required=True,
        synonyms=("full_name", "fullname", "employee_name", "display_name", "legal_name"),
    ),
    Column(
        "email",
        "Work e-mail address; people sign in with it.",
        "juno.park@example.org",
        "An e-mail address, used by one person only (letter case ignored).",
        required=True,
        synonyms=(
            "e_mail",
            "email_address",
            "e_mail_address",
            "mail",
            "work_email",
            "work_e_mail",
            "work_email_address",
            "business_email",
            "company_email",
            "corporate_email",
            "office_email",
        ),
    ),
    Column(
        "job_title",
        "Job title.",
        "Marketing Assistant",
        "Text, up to 200 characters.",
        synonyms=("title", "jobtitle", "position", "position_title", "job", "business_title"),
    ),
    Column(
        "level",
        "Grade or level; a higher number is more senior.",
        "2",
        "A whole number from 0 to 99.",
        synonyms=(
            "grade",
            "job_level",
            "job_grade",
            "pay_grade",
            "band",
            "career_level",
            "seniority_level",
        ),
    ),
    Column(
        "level_label",
        "Your organisation's name for that level.",
        "Associate",
        "Text, up to 80 characters; one label per level.",
        synonyms=("level_name", "grade_name", "grade_label", "band_name", "level_title"),
    ),
    Column(
        "level_since",
        "The day the person's current level took effect, for their history when it changes.",
        "2025-04-01",
        "A date as YYYY-MM-DD, not in the future, not before hire_date; needs a level column.",
        synonyms=(
            "level_date",
            "level_effective_date",
            "level_start_date",
            "in_level_since",
            "grade_since",
            "grade_date",
            "grade_effective_date",
            "grade_start_date",
            "band_since",
            "band_effective_date",
        ),
    ),
    Column(
        "department",
        "Department, as a path from the top of the organisation.",
        "Marketing/Digital",
        "Parts separated by /, each up to 120 characters. Missing departments are created.",
        synonyms=(
            "dept",
            "department_path",
            "department_name",
            "dept_name",
            "org_unit",
            "organisation_unit",
            "organization_unit",
            "business_unit",
            "team",
        ),
    ),
    Column(
        "manager_id",
        "The employee_id of the person's manager.",
        "E00017",
        "An employee_id in this file or already in Twoway.",
        synonyms=(
            "manager_employee_id",
            "manager_employee_number",
            "manager_number",
            "manager_no",
            "manager_emp_id",
            "manager_staff_id",
            "line_manager_id",
            "line_manager_employee_id",
            "supervisor_id",
            "supervisor_employee_id",
            "reports_to",
            "reports_to_id",
            "managerid",
        ),
    ),
    Column(
        "location",
        "Office or city.",
        "London",
        "Text, up to 120 characters.",
        synonyms=("office", "work_location", "site", "city", "office_location"),
    ),
    Column(
        "time_zone",
        "Working time zone, for scheduling sessions.",
        "Europe/London",
        "An IANA time-zone name.",
        synonyms=("timezone", "tz", "time_zone_name", "iana_time_zone"),
    ),
    Column(
        "hire_date",
        "First day of employment.",
        "2024-09-02",
        "A date as YYYY-MM-DD.",
        synonyms=(
            "start_date",
            "hired",
            "hired_on",
            "date_hired",
            "date_of_hire",
            "hiring_date",
            "join_date",
            "joining_date",
            "date_joined",
            "employment_start_date",
            "original_hire_date",
        ),
    ),
    Column(
        "leave_date",
        "Last day of employment, for leavers.",
        "2025-03-31",
        "A date as YYYY-MM-DD, not before hire_date.",
        synonyms=(
            "termination_date",
            "term_date",
            "end_date",
            "leaving_date",
            "exit_date",
            "date_left",
            "left_on",
            "last_day",
            "last_working_day",
            "separation_date",
            "employment_end_date",
        ),
    ),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)
_BY_NAME = {column.name: column for column in COLUMNS}
_BY_SYNONYM = {synonym: column.name for column in COLUMNS for synonym in column.synonyms}
_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(header: str) -> str:
    """The comparable form of a header: ``"E-mail Address "`` → ``"e_mail_address"``."""
    return _NON_WORD.sub("_", header.casefold()).strip("_")


def columns_resolve(
    headers: list[str], overrides: Mapping[str, str | None] | None = None
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Which file header feeds each canonical column.

    ``overrides`` maps a canonical column to a header (or to ``""`` to leave
    the column out) and beats the guess. Returns the mapping in documented
    column order and the problems with the overrides, as (column, message).
    """
    overrides = dict(overrides or {})
    problems: list[tuple[str, str]] = []
    chosen: dict[str, str] = {}
    used: dict[str, str] = {}
    folded: dict[str, str] = {}
    for header in headers:
        folded.setdefault(header.casefold(), header)
    for name, wanted in overrides.items():
        if name not in _BY_NAME:
            problems.append((name, f"is not a column Twoway imports; use one of {_names()}"))
            continue
        if not wanted:
            continue
        found = wanted if wanted in headers else folded.get(wanted.strip().casefold())
        if found is None:
            problems.append((name, f'the file has no column "{wanted}"'))
        elif found in used:
            problems.append((name, f'column "{found}" is already used for {used[found]}'))
        else:
            chosen[name], used[found] = found, name
    # Exact names first, so that an "email" column beats an earlier "Mail".
    for lookup in ({name: name for name in _BY_NAME}, _BY_SYNONYM):
        for header in headers:
            column = lookup.get(header_key(header))
            if column is None or header in used or column in chosen or column in overrides:
                continue
            chosen[column], used[header] = header, column
    return {name: chosen[name] for name in COLUMN_NAMES if name in chosen}, problems


def _names() -> str:
    return ", ".join(COLUMN_NAMES)

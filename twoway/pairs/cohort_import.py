"""Loading a past cohort: who took part in a program before Twoway, and their pairs.

Many organisations ran a pilot on spreadsheets before they had a tool. A
manager creates the program (its dates may lie in the past) and loads one file
(``.csv`` or ``.xlsx``, read by ``twoway.integrations.hr_csv`` like the HR
import) with a row per participant:

==============  ========  ==========================================================
column          required  what it holds
==============  ========  ==========================================================
``employee_id`` yes       a person already in the directory
``side``        yes       ``mentor`` or ``mentee`` (any letter case); ``both`` in a
                          mutual program only
``joined_on``   yes       the day they started in the program, ``YYYY-MM-DD``: not in
                          the future, not before their hire date, not after their
                          leave date, not after the program's end date
``left_on``     no        the day they left the program early: not before
                          ``joined_on``, not in the future
``partner_id``  no        their partner's ``employee_id``: a row of the same file on
                          the other side, or someone already enrolled on the other
                          side of this program
==============  ========  ==========================================================

Headers are matched whatever their letter case and punctuation ("Employee ID"
is ``employee_id``); a header that is none of these is an error, so that a
misspelt ``left_on`` is never silently ignored.

What a row does:

- **the enrollment** is created, or updated if the person's side or dates
  differ: status *enrolled*, or *withdrawn* when ``left_on`` is given; the role
  is the side; ``enrolled_at`` (when empty) and ``withdrawn_at`` are the start
  of ``joined_on`` / ``left_on`` in the default time zone.
- **the pair** named by ``partner_id`` (origin *imported*) is recorded once,
  however many of its two rows name the other. It starts (``published_at``) on
  the later of the two ``joined_on``. Its status:

  * *ended* (``ended_at`` the earlier ``left_on``) when either partner left early;
  * else *completed* (``completed_at`` the program's ``ends_on``) when the program
    has ended;
  * else *active*: the cohort still runs, and Twoway follows the pair from now on
    like any other (agreement to sign, check-ins, health). On a later import an
    active pair keeps whatever status Twoway has since given it (at risk,
    completed); only its start date follows the file.

  Each new pair gets its agreement from the program's template, unsigned. A
  mentee has one mentor in a file; a mentor takes at most the program's
  ``mentor_capacity`` mentees. In a mutual program, where both partners may be
  ``both``, the mentor is the one whose side is ``mentor``, or when both are
  ``both``, the one on the earlier row.

The contract is the HR import's: every problem is reported as
``row <n>: <column>: <message>`` (rows numbered as a spreadsheet shows them,
the header being row 1), and one problem saves nothing. Importing the same
file twice changes nothing the second time (every row *unchanged*). Pairs that
the program made itself (matched, self-matched, re-matched) are never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_event, audit_record
from twoway.core.models import AuditEvent, text_max_length
from twoway.core.typed_text import typed_text_clean
from twoway.integrations.hr_csv import ReadError, Row, header_key, table_read
from twoway.pairs.models import Pair
from twoway.pairs.services import agreements_create
from twoway.people.importing.clean import date_clean
from twoway.people.importing.report import ImportReport, RowError
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program
from twoway.programs.services import program_require_manager

ES = Enrollment.Status
ROLE = Enrollment.Role
BATCH = 500
EMPLOYEE_ID_MAX = text_max_length(Person, "employee_id")
# Headers named in "required column is missing; the file's columns are ...".
HEADERS_NAMED = 20
# Who a partner may be when they are not in the file: someone who took part.
TOOK_PART = (ES.ENROLLED, ES.WITHDRAWN)


class CohortColumn(NamedTuple):
    """One column of a past cohort's file, as the import page and the docs list it."""

    name: str
    required: bool
    meaning: str
    format: str
    example: str


COLUMNS = (
    CohortColumn(
        "employee_id",
        True,
        "The participant, as the people directory knows them.",
        "Their employee ID; one row per person.",
        "E1042",
    ),
    CohortColumn(
        "side",
        True,
        "The side they took part on.",
        "mentor or mentee (both, in a mutual program).",
        "mentor",
    ),
    CohortColumn(
        "joined_on",
        True,
        "The day they started in the program.",
        "YYYY-MM-DD; not in the future, not before their hire date, not after their "
        "leave date or the program's end.",
        "2024-03-04",
    ),
    CohortColumn(
        "left_on",
        False,
        "The day they left the program early; blank if they stayed to the end.",
        "YYYY-MM-DD; not before joined_on, not in the future.",
        "",
    ),
    CohortColumn(
        "partner_id",
        False,
        "Their partner's employee ID, to record the pair.",
        "A person on the other side, in this file or already in the program. "
        "Naming each other on both rows records the pair once.",
        "E2210",
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
EXAMPLE_CSV = (
    "employee_id,side,joined_on,left_on,partner_id\n"
    "E1042,mentor,2024-03-04,,E2210\n"
    "E2210,mentee,2024-03-04,,E1042\n"
    "E3307,mentor,2024-03-11,2024-05-20,E4415\n"
    "E4415,mentee,2024-03-11,,\n"
)


@dataclass
class CohortReport(ImportReport):
    """What a past cohort's import did (or, for a dry run or a file with errors, would do).

    ``created`` / ``updated`` / ``unchanged`` count rows: a row is *updated* when
    its person's enrollment changed (side or dates) or the pair it records is new
    or changed. The pairs are counted on their own too.
    """

    program: str = ""
    pairs_created: int = 0
    pairs_updated: int = 0


# --- reading and cleaning ----------------------------------------------------------------


class _Invalid(ValueError):
    pass


@dataclass
class _Row:
    """One row of the file, its values cleaned; ``bad`` once any check failed."""

    number: int
    values: dict[str, Any]
    bad: bool = False
    person: Person | None = None
    enrollment: Enrollment | None = None  # its person's enrollment in the program, if any

    @property
    def employee_id(self) -> str:
        return str(self.values.get("employee_id") or "")


def _shown(raw: str) -> str:
    return f'"{raw}"' if len(raw) <= 60 else f'"{raw[:57]}..."'


def _clean_id(raw: str) -> str:
    if len(raw) > EMPLOYEE_ID_MAX:
        raise _Invalid(
            f"is {len(raw)} characters long; an employee_id has at most {EMPLOYEE_ID_MAX}"
        )
    return raw


def _clean_employee_id(raw: str) -> str:
    if not raw:
        raise _Invalid("is empty; every row needs one")
    return _clean_id(raw)


def _clean_joined_on(raw: str) -> dt.date | None:
    if not raw:
        raise _Invalid("is empty; give the day the person started in the program (YYYY-MM-DD)")
    return date_clean(raw)


def _sides(program: Program) -> tuple[str, ...]:
    if program.is_two_way:
        return (ROLE.MENTOR, ROLE.MENTEE, ROLE.BOTH)
    return (ROLE.MENTOR, ROLE.MENTEE)


def _side_clean(raw: str, program: Program) -> str:
    value = raw.strip().lower()
    sides = _sides(program)
    if value in sides:
        return value
    if not value:
        raise _Invalid(f"is empty; use {' or '.join(sides)}")
    if value == ROLE.BOTH:
        raise _Invalid(
            f'"both" is for mutual programs; {program.name} is not one, so use mentor or mentee'
        )
    raise _Invalid(f"{_shown(raw)} is not a side; use {' or '.join(sides)}")


def _row_clean(line: Row, columns: dict[str, int], program: Program) -> tuple[_Row, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}
    for name, position in columns.items():
        raw = typed_text_clean(line.cell(position))
        try:
            if name == "employee_id":
                values[name] = _clean_employee_id(raw)
            elif name == "side":
                values[name] = _side_clean(raw, program)
            elif name == "joined_on":
                values[name] = _clean_joined_on(raw)
            elif name == "left_on":
                values[name] = date_clean(raw)
            else:  # partner_id
                values[name] = _clean_id(raw) or None
        except ValueError as exc:
            errors.append(RowError(line.number, name, str(exc)))
    return _Row(line.number, values, bad=bool(errors)), errors


def _file_read(
    content: bytes, filename: str, program: Program, report: CohortReport
) -> list[_Row] | None:
    """Read and clean the file; None, with the errors in ``report``, if it goes no further."""
    try:
        table = table_read(content, filename)
    except ReadError as exc:
        report.errors.append(RowError(exc.row, exc.where, exc.message))
        report.unreadable = True
        return None
    report.headers = list(table.headers)
    report.rows = len(table.rows)
    header_row = table.header_row
    columns: dict[str, int] = {}
    for position, header in enumerate(table.headers):
        name = header_key(header)
        if name not in COLUMN_NAMES:
            report.errors.append(
                RowError(
                    header_row,
                    header,
                    f"is not a column of a past cohort's file; use {', '.join(COLUMN_NAMES)}",
                )
            )
        elif name in columns:
            first = table.headers[columns[name]]
            report.errors.append(
                RowError(header_row, header, f'is the {name} column again (after "{first}")')
            )
        else:
            columns[name] = position
            report.mapping[name] = header
    named = ", ".join(f'"{header}"' for header in table.headers[:HEADERS_NAMED])
    if len(table.headers) > HEADERS_NAMED:
        named += f" and {len(table.headers) - HEADERS_NAMED:,} more"
    for name in REQUIRED:
        if name not in columns:
            report.errors.append(
                RowError(
                    header_row, name, f"required column is missing; the file's columns are {named}"
                )
            )
    if report.errors:
        return None
    if not table.rows:
        report.errors.append(RowError(None, "file", "the file has a header but no participants"))
        return None
    rows = []
    for line in table.rows:
        row, errors = _row_clean(line, columns, program)
        rows.append(row)
        report.errors.extend(errors)
    return rows


# --- checking the rows against each other and the directory ------------------------------


@dataclass
class _Member:
    """One side of a pair: a row of the file, or someone already in the program."""

    person: Person
    side: str
    joined_on: dt.date | None
    left_on: dt.date | None
    row: _Row | None = None


@dataclass
class _PairPlan:
    row: _Row  # the row that records it (the first to name it)
    mentor: _Member
    mentee: _Member
    existing: Pair | None = None
    values: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Plan:
    creates: list[tuple[_Row, Enrollment]] = field(default_factory=list)
    updates: list[tuple[_Row, Enrollment, dict[str, Any], dict[str, Any]]] = field(
        default_factory=list
    )
    pairs: list[_PairPlan] = field(default_factory=list)


def _start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the default time zone."""
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone()
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _error(report: CohortReport, row: _Row, column: str, message: str) -> None:
    report.errors.append(RowError(row.number, column, message))
    row.bad = True


def _rows_check(
    rows: list[_Row], program: Program, report: CohortReport, today: dt.date
) -> dict[str, _Row]:
    """Duplicates, unknown people, dates; the rows still good, by employee_id."""
    first: dict[str, _Row] = {}
    for row in rows:
        eid = row.values.get("employee_id")
        if not eid:
            continue
        if eid in first:
            _error(
                report,
                row,
                "employee_id",
                f"{_shown(eid)} is also on row {first[eid].number}; give each person one row",
            )
        else:
            first[eid] = row
    people = {
        person.employee_id: person
        for person in Person.objects.filter(employee_id__in=list(first)).only(
            "pk", "uuid", "employee_id", "name", "hire_date", "leave_date"
        )
    }
    enrollments = {
        enrollment.person_id: enrollment
        for enrollment in Enrollment.objects.filter(
            program=program, person__in=list(people.values())
        )
    }
    for eid, row in first.items():
        person = people.get(eid)
        if person is None:
            _error(
                report,
                row,
                "employee_id",
                f"{_shown(eid)} is not in the people directory; add them with the people "
                "import first",
            )
            continue
        row.person = person
        row.enrollment = enrollments.get(person.pk)
        _dates_check(row, person, program, report, today)
    return {eid: row for eid, row in first.items() if not row.bad}


def _dates_check(
    row: _Row, person: Person, program: Program, report: CohortReport, today: dt.date
) -> None:
    joined: dt.date | None = row.values.get("joined_on")
    left: dt.date | None = row.values.get("left_on")
    if joined is not None:
        if joined > today:
            _error(
                report, row, "joined_on", f"{joined} is in the future; load people who took part"
            )
        elif person.hire_date and joined < person.hire_date:
            _error(
                report,
                row,
                "joined_on",
                f"{joined} is before {person.name} was hired ({person.hire_date})",
            )
        elif person.leave_date and joined > person.leave_date:
            _error(
                report,
                row,
                "joined_on",
                f"{joined} is after {person.name} left the organisation ({person.leave_date})",
            )
        elif program.ends_on and joined > program.ends_on:
            _error(
                report,
                row,
                "joined_on",
                f"{joined} is after {program.name} ended ({program.ends_on})",
            )
    if left is not None:
        if left > today:
            _error(report, row, "left_on", f"{left} is in the future; give the day they left")
        elif joined is not None and left < joined:
            _error(report, row, "left_on", f"{left} is before joined_on ({joined})")


def _member_of_row(row: _Row) -> _Member:
    assert row.person is not None, "a good row has its person"
    return _Member(
        row.person, row.values["side"], row.values.get("joined_on"), row.values.get("left_on"), row
    )


def _partners_in_program(rows: Iterable[_Row], program: Program) -> dict[str, _Member]:
    """The people named as partners who are not in the file but took part in the program."""
    return {
        enrollment.person.employee_id: _Member(
            enrollment.person,
            enrollment.role,
            enrollment.joined_on
            or (timezone.localdate(enrollment.enrolled_at) if enrollment.enrolled_at else None),
            enrollment.left_on,
        )
        for enrollment in Enrollment.objects.filter(
            program=program,
            status__in=TOOK_PART,
            person__employee_id__in=[row.values["partner_id"] for row in rows],
        ).select_related("person")
    }


def _orient(row: _Row, one: _Member, other: _Member) -> tuple[_Member, _Member] | None:
    """(mentor, mentee) of ``one`` and ``other``; None when they are on the same side."""
    sides = (one.side, other.side)
    if sides in ((ROLE.MENTOR, ROLE.MENTEE), (ROLE.MENTOR, ROLE.BOTH), (ROLE.BOTH, ROLE.MENTEE)):
        return one, other
    if sides in ((ROLE.MENTEE, ROLE.MENTOR), (ROLE.BOTH, ROLE.MENTOR), (ROLE.MENTEE, ROLE.BOTH)):
        return other, one
    if sides == (ROLE.BOTH, ROLE.BOTH):
        # Both teach in a mutual program: the earlier row is called the mentor.
        if other.row is not None and other.row.number < row.number:
            return other, one
        return one, other
    return None


def _pairs_plan(
    rows: list[_Row],
    good: dict[str, _Row],
    program: Program,
    report: CohortReport,
    today: dt.date,
) -> list[_PairPlan]:
    """The pairs the good rows name, each once, checked against each other."""
    naming = [row for row in good.values() if row.values.get("partner_id")]
    in_file = {row.employee_id for row in rows}
    outside = _partners_in_program(
        [row for row in naming if row.values["partner_id"] not in in_file], program
    )
    plans: dict[frozenset[int], _PairPlan] = {}
    mentor_of: dict[int, _PairPlan] = {}
    mentees_of: dict[int, list[_PairPlan]] = {}
    for row in sorted(naming, key=lambda r: r.number):
        partner_id: str = row.values["partner_id"]
        if partner_id == row.employee_id:
            _error(report, row, "partner_id", "a person cannot be their own partner")
            continue
        partner_row = good.get(partner_id)
        if partner_row is not None:
            partner = _member_of_row(partner_row)
            where = f" (row {partner_row.number})"
        elif partner_id in outside:
            partner = outside[partner_id]
            where = " in this program"
        elif partner_id in in_file:
            continue  # the partner's own row has an error, reported there
        else:
            _error(
                report,
                row,
                "partner_id",
                f"{_shown(partner_id)} is neither in this file nor enrolled in {program.name}",
            )
            continue
        me = _member_of_row(row)
        oriented = _orient(row, me, partner)
        if oriented is None:
            _error(
                report,
                row,
                "partner_id",
                f"{_shown(partner_id)} is a {partner.side} too{where}; a partner is on the "
                "other side",
            )
            continue
        mentor, mentee = oriented
        key = frozenset((mentor.person.pk, mentee.person.pk))
        if key in plans:
            continue  # both rows name each other: one pair
        had = mentor_of.get(mentee.person.pk)
        if had is not None:
            _error(
                report,
                row,
                "partner_id",
                f"{_shown(mentee.person.employee_id)} already has a mentor in this file "
                f"({_shown(had.mentor.person.employee_id)}, row {had.row.number}); "
                "a mentee has one mentor",
            )
            continue
        taken = mentees_of.get(mentor.person.pk, [])
        if len(taken) >= program.mentor_capacity:
            _error(
                report,
                row,
                "partner_id",
                f"{_shown(mentor.person.employee_id)} would mentor {len(taken) + 1} people; "
                f"{program.name} allows {program.mentor_capacity} per mentor",
            )
            continue
        plan = _PairPlan(row, mentor, mentee)
        problem = _pair_values(plan, program, today)
        if problem:
            _error(report, row, "partner_id", problem)
            continue
        plans[key] = plan
        mentor_of[mentee.person.pk] = plan
        mentees_of.setdefault(mentor.person.pk, []).append(plan)
    return list(plans.values())


def _pair_values(plan: _PairPlan, program: Program, today: dt.date) -> str:
    """Fill ``plan.values`` (status and dates); a problem with the two, or ""."""
    mentor, mentee = plan.mentor, plan.mentee
    starts = [day for day in (mentor.joined_on, mentee.joined_on) if day]
    start = max(starts) if starts else today
    lefts = [(day, member) for member in (mentor, mentee) if (day := member.left_on)]
    values: dict[str, Any] = {
        "status": Pair.Status.ACTIVE,
        "published_at": _start(start),
        "ended_at": None,
        "completed_at": None,
    }
    if lefts:
        left, leaver = min(lefts, key=lambda item: item[0])
        other = mentee if leaver is mentor else mentor
        if left < start:
            return (
                f"{leaver.person.name} left ({left}) before {other.person.name} joined "
                f"({other.joined_on}), so they were never in the program together"
            )
        values["status"] = Pair.Status.ENDED
        values["ended_at"] = _start(left)
    elif program.ends_on and program.ends_on < today:
        values["status"] = Pair.Status.COMPLETED
        values["completed_at"] = _start(program.ends_on)
    plan.values = values
    return ""


def _pairs_compare(plans: list[_PairPlan], program: Program, report: CohortReport) -> None:
    """Find each pair already saved, and what would change; refuse a second live pair."""
    ids = {member.person.pk for plan in plans for member in (plan.mentor, plan.mentee)}
    saved = list(
        Pair.objects.filter(program=program).filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids))
    )
    by_people = {frozenset((pair.mentor_id, pair.mentee_id)): pair for pair in saved}
    live_of_mentee = {pair.mentee_id: pair for pair in saved if pair.is_live}
    names = dict(
        Person.objects.filter(pk__in={p.mentor_id for p in saved}).values_list("pk", "name")
    )
    for plan in plans:
        mentor, mentee = plan.mentor.person, plan.mentee.person
        pair = by_people.get(frozenset((mentor.pk, mentee.pk)))
        plan.existing = pair
        values = dict(plan.values)
        if pair is not None:
            if pair.origin != Pair.Origin.IMPORTED:
                continue  # the program made this pair itself: never changed here
            if values["status"] == Pair.Status.ACTIVE and pair.status != Pair.Status.ENDED:
                # Twoway follows a running pair now: its status is no longer the file's.
                values = {"published_at": values["published_at"]}
            if not program.is_two_way:
                values |= {"mentor_id": mentor.pk, "mentee_id": mentee.pk}
            plan.changes = {
                name: value for name, value in values.items() if getattr(pair, name) != value
            }
        becomes_live = values.get("status") == Pair.Status.ACTIVE and (
            pair is None or not pair.is_live
        )
        other = live_of_mentee.get(mentee.pk)
        if becomes_live and other is not None and other.pk != getattr(pair, "pk", None):
            _error(
                report,
                plan.row,
                "partner_id",
                f"{mentee.name} already has a mentor in {program.name} "
                f"({names.get(other.mentor_id, 'someone else')}); end that pair first, or "
                "give a left_on",
            )


def _enrollments_plan(good: dict[str, _Row], program: Program, plans: list[_PairPlan]) -> _Plan:
    plan = _Plan()
    mentees: dict[int, int] = {}
    for pair in plans:
        mentees[pair.mentor.person.pk] = mentees.get(pair.mentor.person.pk, 0) + 1
    for row in good.values():
        assert row.person is not None
        side: str = row.values["side"]
        joined: dt.date = row.values["joined_on"]
        left: dt.date | None = row.values.get("left_on")
        wanted: dict[str, Any] = {
            "role": side,
            "status": ES.WITHDRAWN if left else ES.ENROLLED,
            "joined_on": joined,
            "left_on": left,
        }
        mentoring = mentees.get(row.person.pk, 0)
        existing = row.enrollment
        if existing is None:
            enrollment = Enrollment(
                program=program,
                person=row.person,
                enrolled_at=_start(joined),
                withdrawn_at=_start(left) if left else None,
                capacity=max(1, mentoring),
                **wanted,
            )
            plan.creates.append((row, enrollment))
            continue
        if mentoring > existing.capacity:
            wanted["capacity"] = mentoring
        changes = {name: v for name, v in wanted.items() if getattr(existing, name) != v}
        if changes:
            before = {name: _iso(getattr(existing, name)) for name in changes}
            if "left_on" in changes:
                existing.withdrawn_at = _start(left) if left else None
            if existing.enrolled_at is None:
                existing.enrolled_at = _start(joined)
            for name, value in changes.items():
                setattr(existing, name, value)
            plan.updates.append((row, existing, before, {k: _iso(v) for k, v in changes.items()}))
    return plan


# --- the entry point -------------------------------------------------------------------


def participants_import(
    *,
    actor: Actor,
    program: Program,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> CohortReport:
    """Load a past cohort of ``program`` from a ``.csv`` or ``.xlsx`` file.

    Parameters
    ----------
    actor
        A manager of ``program``, or None for the command line ("system").
    dry_run
        Run every check and count, save nothing and audit nothing.
    today
        The day the dates are checked against (the local date by default).

    Returns
    -------
    CohortReport
        The counts (rows created, updated, unchanged; pairs created, updated)
        and every error as ``row <n>: <column>: <message>``. With any error,
        nothing is saved.

    Raises
    ------
    PermissionDenied
        When ``actor`` does not manage ``program``.
    """
    if actor is not None:  # None is the command line
        program_require_manager(actor, program)
    report = CohortReport(filename=filename, dry_run=dry_run, program=program.slug)
    today = today or timezone.localdate()
    rows = _file_read(content, filename, program, report)
    if rows is None:
        return _report_finish(report)
    if dry_run:
        _run(rows, program, report, today, actor=actor, save=False)
    else:
        with transaction.atomic():
            # One import per program at a time: the second plans against the first's rows.
            program = Program.objects.select_for_update().get(pk=program.pk)
            _run(rows, program, report, today, actor=actor, save=True)
    return _report_finish(report)


def _run(
    rows: list[_Row],
    program: Program,
    report: CohortReport,
    today: dt.date,
    *,
    actor: Actor,
    save: bool,
) -> None:
    good = _rows_check(rows, program, report, today)
    pairs = _pairs_plan(rows, good, program, report, today)
    _pairs_compare(pairs, program, report)
    if report.errors:
        return
    plan = _enrollments_plan(good, program, pairs)
    _count(rows, plan, pairs, report)
    if save:
        _apply(plan, pairs, program, report, actor)
        report.applied = True


def _count(rows: list[_Row], plan: _Plan, pairs: list[_PairPlan], report: CohortReport) -> None:
    created = {row.number for row, _ in plan.creates}
    updated = {row.number for row, *_ in plan.updates}
    for pair in pairs:
        if pair.existing is None:
            report.pairs_created += 1
            updated.add(pair.row.number)
        elif pair.changes:
            report.pairs_updated += 1
            updated.add(pair.row.number)
    updated -= created
    report.created = len(created)
    report.updated = len(updated)
    report.unchanged = len(rows) - len(created) - len(updated)


def _apply(
    plan: _Plan, pairs: list[_PairPlan], program: Program, report: CohortReport, actor: Actor
) -> None:
    now = timezone.now()
    events: list[AuditEvent] = []
    created = Enrollment.objects.bulk_create(
        [enrollment for _, enrollment in plan.creates], batch_size=BATCH
    )
    for enrollment in created:
        after = {
            "role": enrollment.role,
            "status": enrollment.status,
            "joined_on": _iso(enrollment.joined_on),
            "left_on": _iso(enrollment.left_on),
        }
        events.append(
            audit_event(
                actor=actor, action=AuditAction.ENROLLMENT_IMPORT, subject=enrollment, after=after
            )
        )
    changed = [enrollment for _, enrollment, _, _ in plan.updates]
    for enrollment in changed:
        enrollment.updated_at = now
    if changed:
        Enrollment.objects.bulk_update(
            changed,
            [
                "role",
                "status",
                "joined_on",
                "left_on",
                "capacity",
                "enrolled_at",
                "withdrawn_at",
                "updated_at",
            ],
            batch_size=BATCH,
        )
    for _, enrollment, before, after in plan.updates:
        events.append(
            audit_event(
                actor=actor,
                action=AuditAction.ENROLLMENT_IMPORT,
                subject=enrollment,
                before=before,
                after=after,
            )
        )
    new_pairs = [
        Pair(
            program=program,
            mentor=pair.mentor.person,
            mentee=pair.mentee.person,
            origin=Pair.Origin.IMPORTED,
            **pair.values,
        )
        for pair in pairs
        if pair.existing is None
    ]
    Pair.objects.bulk_create(new_pairs, batch_size=BATCH)
    agreements_create(program=program, pairs=new_pairs)
    for pair in new_pairs:
        events.append(
            audit_event(
                actor=actor,
                action=AuditAction.PAIR_IMPORT,
                subject=pair,
                after={
                    "origin": pair.origin,
                    "mentor": str(pair.mentor.uuid),
                    "mentee": str(pair.mentee.uuid),
                    "status": pair.status,
                    "published_at": _iso(pair.published_at),
                    "ended_at": _iso(pair.ended_at),
                    "completed_at": _iso(pair.completed_at),
                },
            )
        )
    for plan_pair in pairs:
        existing = plan_pair.existing
        if existing is None or not plan_pair.changes:
            continue
        before = {name: _iso(getattr(existing, name)) for name in plan_pair.changes}
        Pair.objects.filter(pk=existing.pk).update(**plan_pair.changes, updated_at=now)
        events.append(
            audit_event(
                actor=actor,
                action=AuditAction.PAIR_IMPORT,
                subject=existing,
                before=before,
                after={name: _iso(value) for name, value in plan_pair.changes.items()},
            )
        )
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    audit_record(
        actor=actor,
        action=AuditAction.PARTICIPANTS_IMPORT,
        subject=program,
        after={
            "filename": report.filename,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "pairs_created": report.pairs_created,
            "pairs_updated": report.pairs_updated,
        },
    )


def _report_finish(report: CohortReport) -> CohortReport:
    order = {name: position for position, name in enumerate(COLUMN_NAMES)}
    report.errors.sort(key=lambda error: (error.row or 0, order.get(error.column, -1)))
    return report

"""participants_import: a past cohort's enrollments and pairs from one file."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.integrations.hr_csv.testing import xlsx_workbook
from twoway.pairs.cohort_import import participants_import
from twoway.pairs.models import Agreement, Pair
from twoway.people.models import Person
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import ProgramFactory, enroll, person

TODAY = dt.date(2025, 6, 1)
HEADER = "employee_id,side,joined_on,left_on,partner_id"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *lines)) + "\n").encode()


def _import(program, content, *, actor=None, dry_run=False, filename="cohort.csv", today=TODAY):
    return participants_import(
        actor=actor,
        program=program,
        content=content,
        filename=filename,
        dry_run=dry_run,
        today=today,
    )


def _errors(report) -> list[str]:
    return [str(error) for error in report.errors]


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


PAIRED = _csv(
    "JUNO,mentor,2024-10-07,,STERLING",
    "STERLING,Mentee,2024-10-14,,JUNO",
)


# --- what a good file records ------------------------------------------------------------


@pytest.mark.django_db
def test_two_rows_naming_each_other_enroll_both_and_record_one_completed_pair(cast, past):
    report = _import(past, PAIRED)
    assert _errors(report) == []
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    assert (report.pairs_created, report.applied) == (1, True)
    juno = Enrollment.objects.get(program=past, person=cast.juno.person)
    assert (juno.role, juno.status) == ("mentor", "enrolled")
    assert (juno.joined_on, juno.left_on) == (dt.date(2024, 10, 7), None)
    assert juno.enrolled_at == _start(dt.date(2024, 10, 7)) and juno.withdrawn_at is None
    sterling = Enrollment.objects.get(program=past, person=cast.sterling.person)
    assert (sterling.role, sterling.joined_on) == ("mentee", dt.date(2024, 10, 14))
    (pair,) = Pair.objects.filter(program=past)
    assert (pair.mentor, pair.mentee) == (cast.juno.person, cast.sterling.person)
    assert (pair.origin, pair.status) == ("imported", "completed")
    # It starts when the later of the two joined; it completed when the program ended.
    assert pair.published_at == _start(dt.date(2024, 10, 14))
    assert pair.completed_at == _start(dt.date(2025, 3, 31)) and pair.ended_at is None
    agreement = Agreement.objects.get(pair=pair)
    assert agreement.version == 1 and not agreement.mentor_signed and not agreement.mentee_signed


@pytest.mark.django_db
def test_one_side_leaving_early_withdraws_them_and_ends_the_pair_that_day(cast, past):
    report = _import(
        past,
        _csv("JUNO,mentor,2024-10-07,,STERLING", "STERLING,mentee,2024-10-07,2024-12-20,"),
    )
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    sterling = Enrollment.objects.get(program=past, person=cast.sterling.person)
    assert (sterling.status, sterling.left_on) == ("withdrawn", dt.date(2024, 12, 20))
    assert sterling.withdrawn_at == _start(dt.date(2024, 12, 20))
    pair = Pair.objects.get(program=past)
    assert (pair.status, pair.ended_at) == ("ended", _start(dt.date(2024, 12, 20)))
    assert pair.completed_at is None


@pytest.mark.django_db
def test_a_cohort_still_running_records_an_active_pair(cast):
    running = ProgramFactory(slug="running", starts_on=dt.date(2025, 1, 6), ends_on=None)
    report = _import(
        running, _csv("JUNO,mentor,2025-01-06,,STERLING", "STERLING,mentee,2025-01-06,,")
    )
    assert report.ok
    pair = Pair.objects.get(program=running)
    assert (pair.status, pair.ended_at, pair.completed_at) == ("active", None, None)


@pytest.mark.django_db
def test_a_partner_already_enrolled_on_the_other_side_of_the_program_may_be_named(cast, past):
    enroll(past, cast.sterling.person, "mentee", joined_on=dt.date(2024, 10, 1))
    report = _import(past, _csv("JUNO,mentor,2024-10-07,,STERLING"))
    assert report.summary_line() == "created=1 updated=0 unchanged=0 errors=0"
    pair = Pair.objects.get(program=past)
    assert (pair.mentor, pair.mentee) == (cast.juno.person, cast.sterling.person)
    assert pair.published_at == _start(dt.date(2024, 10, 7))


@pytest.mark.django_db
def test_in_a_mutual_program_both_is_a_side_and_the_earlier_row_is_called_the_mentor(cast):
    mutual = ProgramFactory(slug="mutual", kind=Program.Kind.MUTUAL, ends_on=dt.date(2025, 3, 1))
    report = _import(
        mutual, _csv("STERLING,both,2024-10-07,,JUNO", "JUNO,BOTH,2024-10-07,,STERLING")
    )
    assert _errors(report) == []
    assert Enrollment.objects.get(program=mutual, person=cast.juno.person).role == "both"
    pair = Pair.objects.get(program=mutual)
    assert (pair.mentor, pair.mentee) == (cast.sterling.person, cast.juno.person)
    assert (
        _import(
            mutual, _csv("STERLING,both,2024-10-07,,JUNO", "JUNO,both,2024-10-07,,STERLING")
        ).unchanged
        == 2
    )


@pytest.mark.django_db
def test_an_xlsx_file_with_date_cells_as_text_is_read_like_a_csv(cast, past):
    content = xlsx_workbook(
        [
            (1, ["Employee ID", "Side", "Joined On", "Left On", "Partner ID"]),
            (2, ["JUNO", "mentor", "2024-10-07", "", "STERLING"]),
            (3, ["STERLING", "mentee", "2024-10-07"]),
        ]
    )
    report = _import(past, content, filename="cohort.xlsx")
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    assert Pair.objects.filter(program=past).count() == 1


# --- idempotent; updates -------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time(cast, past):
    _import(past, PAIRED)
    events = AuditEvent.objects.exclude(action="participants.import").count()
    pairs = list(Pair.objects.values_list("pk", "status", "published_at", "updated_at"))
    again = _import(past, PAIRED)
    assert again.summary_line() == "created=0 updated=0 unchanged=2 errors=0"
    assert (again.pairs_created, again.pairs_updated) == (0, 0)
    assert AuditEvent.objects.exclude(action="participants.import").count() == events
    assert list(Pair.objects.values_list("pk", "status", "published_at", "updated_at")) == pairs


@pytest.mark.django_db
def test_a_changed_date_updates_the_enrollment_and_its_pair(cast, past):
    _import(past, PAIRED)
    report = _import(
        past,
        _csv("JUNO,mentor,2024-10-07,2025-01-31,STERLING", "STERLING,mentee,2024-10-14,,JUNO"),
    )
    assert report.summary_line() == "created=0 updated=1 unchanged=1 errors=0"
    assert report.pairs_updated == 1
    juno = Enrollment.objects.get(program=past, person=cast.juno.person)
    assert (juno.status, juno.left_on) == ("withdrawn", dt.date(2025, 1, 31))
    pair = Pair.objects.get(program=past)
    assert (pair.status, pair.ended_at, pair.completed_at) == (
        "ended",
        _start(dt.date(2025, 1, 31)),
        None,
    )
    event = AuditEvent.objects.filter(action="enrollment.import").latest("pk")
    assert event.before == {"status": "enrolled", "left_on": None}
    assert event.after == {"status": "withdrawn", "left_on": "2025-01-31"}


@pytest.mark.django_db
def test_an_existing_enrollment_takes_the_files_side_and_dates(cast, past):
    enroll(past, cast.juno.person, "mentee", status=Enrollment.Status.INVITED)
    report = _import(past, _csv("JUNO,mentor,2024-10-07,,"))
    assert report.summary_line() == "created=0 updated=1 unchanged=0 errors=0"
    juno = Enrollment.objects.get(program=past, person=cast.juno.person)
    assert (juno.role, juno.status, juno.joined_on) == ("mentor", "enrolled", dt.date(2024, 10, 7))
    assert juno.enrolled_at == _start(dt.date(2024, 10, 7))


@pytest.mark.django_db
def test_a_pair_the_program_made_itself_is_never_changed(cast, past):
    matched = Pair.objects.create(
        program=past,
        mentor=cast.juno.person,
        mentee=cast.sterling.person,
        status=Pair.Status.ACTIVE,
        published_at=_start(dt.date(2024, 11, 1)),
    )
    report = _import(past, PAIRED)
    assert report.ok and report.pairs_created == 0 and report.pairs_updated == 0
    matched.refresh_from_db()
    assert (matched.origin, matched.status) == ("matched", "active")
    assert matched.published_at == _start(dt.date(2024, 11, 1))


# --- the audit log and the dry run -------------------------------------------------------


@pytest.mark.django_db
def test_every_write_is_audited_and_the_import_as_a_whole_once(cast, past):
    _import(past, PAIRED, actor=cast.priya)
    assert AuditEvent.objects.filter(action="enrollment.import", actor=cast.priya).count() == 2
    pair_event = AuditEvent.objects.get(action="pair.import")
    assert pair_event.after is not None
    assert pair_event.after["origin"] == "imported" and pair_event.after["status"] == "completed"
    summary = AuditEvent.objects.get(action="participants.import")
    assert summary.subject_id == str(past.uuid)
    assert summary.after == {
        "filename": "cohort.csv",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "pairs_created": 1,
        "pairs_updated": 0,
    }


@pytest.mark.django_db
def test_a_dry_run_counts_but_saves_and_audits_nothing(cast, past):
    report = _import(past, PAIRED, actor=cast.priya, dry_run=True)
    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    assert report.pairs_created == 1 and not report.applied
    assert not Enrollment.objects.filter(program=past).exists()
    assert not Pair.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_only_the_programs_managers_may_import(cast, past, morgan):
    for outsider in (cast.juno, morgan):
        with pytest.raises(PermissionDenied):
            _import(past, PAIRED, actor=outsider)
    assert not Enrollment.objects.exists()
    assert _import(past, PAIRED, actor=cast.priya).applied


# --- every problem, with its line; nothing saved ----------------------------------------------


@pytest.mark.django_db
def test_one_bad_row_saves_nothing(cast, past):
    report = _import(past, _csv("JUNO,mentor,2024-10-07,,STERLING", "STERLING,mentee,2024-13-01,,"))
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    assert not report.applied
    assert not Enrollment.objects.exists() and not Pair.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "employee_id,side",
            [
                "row 1: joined_on: required column is missing; the file's columns are "
                '"employee_id", "side"'
            ],
        ),
        (
            "employee_id,side,joined_on,left_date",
            [
                "row 1: left_date: is not a column of a past cohort's file; use employee_id, "
                "side, joined_on, left_on, partner_id"
            ],
        ),
        (
            "Employee ID,side,joined_on,employee_id",
            ['row 1: employee_id: is the employee_id column again (after "Employee ID")'],
        ),
    ],
)
def test_header_problems_are_reported_at_the_header_row(cast, past, header, expected):
    report = _import(past, _csv("JUNO,mentor", header=header))
    assert _errors(report) == expected
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_table_or_has_no_rows_is_reported_as_a_whole(cast, past):
    assert _errors(_import(past, b"anything", filename="cohort.txt")) == [
        "file: .txt files cannot be imported; upload a .csv or .xlsx file "
        "(in Excel: Save as › CSV UTF-8 or Excel Workbook)"
    ]
    assert _errors(_import(past, _csv())) == ["file: the file has a header but no participants"]


ROW_ERRORS = [
    (",mentor,2024-10-07,,", "row 2: employee_id: is empty; every row needs one"),
    (
        "NOBODY,mentor,2024-10-07,,",
        'row 2: employee_id: "NOBODY" is not in the people directory; add them with the '
        "people import first",
    ),
    ("JUNO,coach,2024-10-07,,", 'row 2: side: "coach" is not a side; use mentor or mentee'),
    ("JUNO,,2024-10-07,,", "row 2: side: is empty; use mentor or mentee"),
    (
        "JUNO,both,2024-10-07,,",
        'row 2: side: "both" is for mutual programs; Spreadsheet pilot is not one, so use '
        "mentor or mentee",
    ),
    (
        "JUNO,mentor,,,",
        "row 2: joined_on: is empty; give the day the person started in the program (YYYY-MM-DD)",
    ),
    (
        "JUNO,mentor,07/10/2024,,",
        'row 2: joined_on: "07/10/2024" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
    ),
    (
        "JUNO,mentor,2025-06-02,,",
        "row 2: joined_on: 2025-06-02 is in the future; load people who took part",
    ),
    (
        "JUNO,mentor,2024-08-30,,",
        "row 2: joined_on: 2024-08-30 is before Juno Park was hired (2024-09-02)",
    ),
    (
        "JUNO,mentor,2025-04-01,,",
        "row 2: joined_on: 2025-04-01 is after Spreadsheet pilot ended (2025-03-31)",
    ),
    (
        "JUNO,mentor,2024-10-07,2024-10-01,",
        "row 2: left_on: 2024-10-01 is before joined_on (2024-10-07)",
    ),
    (
        "JUNO,mentor,2024-10-07,2025-07-01,",
        "row 2: left_on: 2025-07-01 is in the future; give the day they left",
    ),
    (
        "JUNO,mentor,2024-10-07,soon,",
        'row 2: left_on: "soon" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
    ),
    ("JUNO,mentor,2024-10-07,,JUNO", "row 2: partner_id: a person cannot be their own partner"),
    (
        "JUNO,mentor,2024-10-07,,STERLING",
        'row 2: partner_id: "STERLING" is neither in this file nor enrolled in Spreadsheet pilot',
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("line", "expected"), ROW_ERRORS)
def test_each_problem_of_a_row_is_reported_with_its_row_and_column(cast, past, line, expected):
    report = _import(past, _csv(line))
    assert _errors(report) == [expected]
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_joining_after_the_person_left_the_organisation_is_refused(cast, past):
    Person.objects.filter(pk=cast.sterling.person.pk).update(leave_date=dt.date(2024, 12, 31))
    report = _import(past, _csv("STERLING,mentee,2025-01-06,,"))
    assert _errors(report) == [
        "row 2: joined_on: 2025-01-06 is after Sterling Hayes left the organisation (2024-12-31)"
    ]


@pytest.mark.django_db
def test_a_duplicate_row_and_a_later_row_are_reported_with_spreadsheet_numbers(cast, past):
    # Blank lines count as rows, as a spreadsheet shows them.
    content = _csv("JUNO,mentor,2024-10-07,,", "", "JUNO,mentee,2024-10-07,,")
    assert _errors(_import(past, content)) == [
        'row 4: employee_id: "JUNO" is also on row 2; give each person one row'
    ]


@pytest.mark.django_db
def test_a_partner_on_the_same_side_is_refused(cast, past):
    report = _import(past, _csv("JUNO,mentor,2024-10-07,,STERLING", "STERLING,mentor,2024-10-07,,"))
    assert _errors(report) == [
        'row 2: partner_id: "STERLING" is a mentor too (row 3); a partner is on the other side'
    ]


@pytest.mark.django_db
def test_a_partner_enrolled_on_the_same_side_is_refused(cast, past):
    enroll(past, cast.sterling.person, "mentor")
    report = _import(past, _csv("JUNO,mentor,2024-10-07,,STERLING"))
    assert _errors(report) == [
        'row 2: partner_id: "STERLING" is a mentor too in this program; a partner is on the '
        "other side"
    ]


@pytest.mark.django_db
def test_a_mentee_with_two_mentors_is_a_conflict(cast, past):
    report = _import(
        past,
        _csv(
            "JUNO,mentor,2024-10-07,,STERLING",
            "ADA,mentor,2024-10-07,,STERLING",
            "STERLING,mentee,2024-10-07,,",
        ),
    )
    assert _errors(report) == [
        'row 3: partner_id: "STERLING" already has a mentor in this file ("JUNO", row 2); '
        "a mentee has one mentor"
    ]
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_partners_naming_someone_else_back_are_a_conflict(cast, past):
    report = _import(
        past,
        _csv(
            "STERLING,mentee,2024-10-07,,JUNO",
            "JUNO,mentor,2024-10-07,,SOL",
            "SOL,mentee,2024-10-07,,",
        ),
    )
    assert _errors(report) == [
        'row 3: partner_id: "JUNO" would mentor 2 people; Spreadsheet pilot allows 1 per mentor'
    ]


@pytest.mark.django_db
def test_a_mentor_may_take_as_many_mentees_as_the_program_allows(cast, past):
    Program.objects.filter(pk=past.pk).update(mentor_capacity=2)
    past.refresh_from_db()
    report = _import(
        past,
        _csv(
            "JUNO,mentor,2024-10-07,,",
            "STERLING,mentee,2024-10-07,,JUNO",
            "SOL,mentee,2024-10-07,,JUNO",
        ),
    )
    assert report.ok and report.pairs_created == 2
    assert Enrollment.objects.get(program=past, person=cast.juno.person).capacity == 2


@pytest.mark.django_db
def test_partners_who_were_never_in_the_program_together_are_refused(cast, past):
    report = _import(
        past,
        _csv("JUNO,mentor,2024-10-07,2024-10-31,STERLING", "STERLING,mentee,2024-11-04,,"),
    )
    assert _errors(report) == [
        "row 2: partner_id: Juno Park left (2024-10-31) before Sterling Hayes joined "
        "(2024-11-04), so they were never in the program together"
    ]


@pytest.mark.django_db
def test_a_running_pair_cannot_give_a_mentee_a_second_mentor(cast):
    running = ProgramFactory(slug="running", ends_on=None)
    Pair.objects.create(
        program=running, mentor=cast.ada.person, mentee=cast.sterling.person, status="active"
    )
    report = _import(
        running, _csv("JUNO,mentor,2025-01-06,,STERLING", "STERLING,mentee,2025-01-06,,")
    )
    assert _errors(report) == [
        "row 2: partner_id: Sterling Hayes already has a mentor in "
        f"{running.name} (Ada Okafor); end that pair first, or give a left_on"
    ]


@pytest.mark.django_db
def test_a_bad_partner_row_is_reported_once_on_its_own_row(cast, past):
    report = _import(
        past, _csv("JUNO,mentor,2024-10-07,,STERLING", "STERLING,mentee,someday,,JUNO")
    )
    assert _errors(report) == [
        'row 3: joined_on: "someday" is not a date; use YYYY-MM-DD, e.g. 2024-01-31'
    ]


@pytest.mark.django_db
def test_errors_of_many_rows_come_in_row_order_then_column_order(cast, past):
    maya = person("Maya Chen", employee_id="MAYA", hire_date=dt.date(2020, 1, 1))
    assert maya.pk
    report = _import(
        past,
        _csv(
            "MAYA,mentor,2024-10-07,2025-07-01,",
            "JUNO,coach,nope,,",
            "STERLING,mentee,2024-10-07,,",
        ),
    )
    assert _errors(report) == [
        "row 2: left_on: 2025-07-01 is in the future; give the day they left",
        'row 3: side: "coach" is not a side; use mentor or mentee',
        'row 3: joined_on: "nope" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
    ]
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=3"

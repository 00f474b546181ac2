"""person_import: what it saves, counts and audits. Validation messages are in
test_person_import_validation.py."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from twoway.core.models import AuditEvent
from twoway.people.importing.apply import LINKED_LEVELS
from twoway.people.importing.report import ImportReport
from twoway.people.importing.service import person_import
from twoway.people.models import LevelLabel, OrgUnit, Person
from twoway.testing.factories import OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "employee_id,name,email,job_title,level,department,manager_id,"
    "location,time_zone,hire_date,leave_date"
)
TODAY = dt.date(2025, 6, 30)


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def run(content: bytes, filename: str = "people.csv", **options: Any) -> ImportReport:
    return person_import(actor=None, content=content, filename=filename, today=TODAY, **options)


def org() -> bytes:
    """A small organisation whose reports come before their managers."""
    return csv_file(
        "E3,Juno Park,juno@example.org,Assistant,2,Marketing/Digital,E2,London,Europe/London,"
        "2024-09-02,",
        "E2,Amara Nwosu,amara@example.org,Manager,5,Marketing,E1,Madrid,Europe/Madrid,2019-06-03,",
        "E1,Maya Lindqvist,maya@example.org,CEO,9,Executive,,London,Europe/London,2009-04-01,",
    )


def test_creates_people_with_every_column():
    report = run(org())

    assert report.summary_line() == "created=3 updated=0 unchanged=0 errors=0"
    assert report.applied
    juno = Person.objects.select_related("department", "manager").get(employee_id="E3")
    assert juno.name == "Juno Park"
    assert juno.email == "juno@example.org"
    assert juno.job_title == "Assistant"
    assert juno.level == 2
    assert juno.department is not None and juno.department.path == "Marketing/Digital"
    assert juno.manager is not None and juno.manager.employee_id == "E2"
    assert juno.location == "London"
    assert juno.time_zone == "Europe/London"
    assert juno.hire_date == dt.date(2024, 9, 2)
    assert juno.leave_date is None


def test_direction_overrides_in_names_and_titles_are_dropped():
    # U+202E (right-to-left override) would reverse the rest of every line showing it.
    report = run(
        csv_file(
            "E1,Juno \u202ekraP,juno@example.org,Assistant\u2066 (temp)\u2069,2,"
            "Marketing\u202e,,London,Europe/London,2024-09-02,",
            "E2,ليلى حداد,leila@example.org,Analyst,3,Finance,,London,Europe/London,2020-01-06,",
        )
    )
    assert report.applied
    juno = Person.objects.select_related("department").get(employee_id="E1")
    assert juno.department is not None
    assert (juno.name, juno.job_title, juno.department.path) == (
        "Juno kraP",
        "Assistant (temp)",
        "Marketing",
    )
    assert Person.objects.get(employee_id="E2").name == "ليلى حداد"


def test_managers_resolve_whatever_the_row_order():
    run(org())

    managers = dict(Person.objects.values_list("employee_id", "manager__employee_id"))
    assert managers == {"E1": None, "E2": "E1", "E3": "E2"}


def test_department_path_creates_the_missing_tree_under_existing_units():
    marketing = OrgUnitFactory(name="Marketing", path="Marketing")

    run(
        csv_file(
            "E1,Ada,ada@example.org,,,Marketing/Digital/Social,,,,,",
            header="employee_id,name,email,job_title,level,department,manager_id,location,"
            "time_zone,hire_date,leave_date",
        )
    )

    digital = OrgUnit.objects.get(path="Marketing/Digital")
    social = OrgUnit.objects.get(path="Marketing/Digital/Social")
    assert digital.parent == marketing
    assert digital.name == "Digital"
    assert social.parent == digital
    assert Person.objects.get(employee_id="E1").department == social


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    run(org())
    first = list(Person.objects.order_by("employee_id").values())

    report = run(org())

    assert report.summary_line() == "created=0 updated=0 unchanged=3 errors=0"
    assert list(Person.objects.order_by("employee_id").values()) == first
    assert AuditEvent.objects.filter(action="people.import").count() == 2
    assert AuditEvent.objects.filter(action="person.update").count() == 0


def test_a_changed_value_counts_as_updated():
    run(org())
    stamps = dict(Person.objects.values_list("employee_id", "updated_at"))
    changed = org().replace(b"Assistant", b"Marketing Coordinator")

    report = run(changed)

    assert report.summary_line() == "created=0 updated=1 unchanged=2 errors=0"
    juno = Person.objects.get(employee_id="E3")
    assert juno.job_title == "Marketing Coordinator"
    assert juno.updated_at > stamps["E3"]
    assert Person.objects.get(employee_id="E1").updated_at == stamps["E1"]


def test_a_column_absent_from_the_file_leaves_the_field_untouched():
    PersonFactory(employee_id="E1", email="ada@example.org", location="Lagos", level=4)

    report = run(csv_file("E1,Ada Okafor,ada@example.org", header="employee_id,name,email"))

    person = Person.objects.get(employee_id="E1")
    assert report.updated == 1
    assert person.name == "Ada Okafor"
    assert person.location == "Lagos"
    assert person.level == 4


def test_a_column_present_but_blank_clears_the_field():
    boss = PersonFactory(employee_id="B1")
    PersonFactory(
        employee_id="E1", email="ada@example.org", location="Lagos", level=4, manager=boss
    )

    run(
        csv_file(
            "E1,Ada,ada@example.org,,,", header="employee_id,name,email,location,level,manager"
        )
    )
    run(csv_file("E1,Ada,ada@example.org,,", header="employee_id,name,email,manager_id,department"))

    person = Person.objects.get(employee_id="E1")
    assert person.location == ""
    assert person.level is None
    assert person.manager is None
    assert person.department is None


def test_synonym_headers_are_mapped_automatically():
    content = csv_file(
        "1042,Juno Park,Juno@Example.org,Assistant,2,Marketing,2024-09-02,,Europe/London",
        header="Employee Number,Full Name,E-mail address,Title,Grade,Dept,Start Date,"
        "Termination Date,Timezone",
    )

    report = run(content)

    assert report.created == 1
    assert report.mapping == {
        "employee_id": "Employee Number",
        "name": "Full Name",
        "email": "E-mail address",
        "job_title": "Title",
        "level": "Grade",
        "department": "Dept",
        "time_zone": "Timezone",
        "hire_date": "Start Date",
        "leave_date": "Termination Date",
    }
    person = Person.objects.get(employee_id="1042")
    assert person.email == "juno@example.org"
    assert person.level == 2
    assert person.hire_date == dt.date(2024, 9, 2)


def test_manager_employee_id_header_is_recognised():
    content = csv_file(
        "E1,Maya,maya@example.org,",
        "E2,Juno,juno@example.org,E1",
        header="Emp ID,Name,Work Email,Manager Employee ID",
    )

    report = run(content)

    assert report.mapping["manager_id"] == "Manager Employee ID"
    manager = Person.objects.get(employee_id="E2").manager
    assert manager is not None and manager.employee_id == "E1"


def test_explicit_mapping_overrides_the_guess():
    content = csv_file(
        "E1,Ada,ada@private.example,ada@example.org",
        header="id,name,email,Company Address",
    )

    report = run(content, mapping={"email": "Company Address"})

    assert report.mapping["email"] == "Company Address"
    assert report.ignored_columns == ["email"]
    assert Person.objects.get(employee_id="E1").email == "ada@example.org"


def test_mapping_a_column_to_nothing_leaves_it_untouched():
    PersonFactory(employee_id="E1", email="ada@example.org", job_title="Engineer")

    report = run(
        csv_file("E1,Ada,ada@example.org,Wrong title", header="employee_id,name,email,title"),
        mapping={"job_title": ""},
    )

    assert "job_title" not in report.mapping
    assert report.ignored_columns == ["title"]
    assert Person.objects.get(employee_id="E1").job_title == "Engineer"


def test_unknown_columns_are_listed_as_ignored():
    report = run(csv_file("E1,Ada,ada@example.org,42", header="employee_id,name,email,Shoe size"))

    assert report.created == 1
    assert report.ignored_columns == ["Shoe size"]


def test_level_label_column_creates_and_updates_labels():
    LevelLabel.objects.create(level=5, label="Manager")
    content = csv_file(
        "E1,Ada,ada@example.org,5,Team lead",
        "E2,Bo,bo@example.org,2,Associate",
        "E3,Cy,cy@example.org,2,Associate",
        header="employee_id,name,email,level,level_label",
    )

    run(content)

    assert dict(LevelLabel.objects.values_list("level", "label")) == {
        2: "Associate",
        5: "Team lead",
    }
    assert AuditEvent.objects.filter(action="level_label.update").count() == 1
    assert AuditEvent.objects.filter(action="level_label.create").count() == 1


def test_one_bad_row_saves_nothing_and_leaves_the_directory_as_it_was():
    PersonFactory(employee_id="E1", email="ada@example.org", name="Ada Old")
    before = list(Person.objects.values())
    content = csv_file(
        "E1,Ada New,ada@example.org,,,New/Unit,,,,,",
        "E2,Bo,bo@example.org,,,,,,,31/12/2020,",
        "E3,Cy,cy@example.org,,,,,,,,",
    )

    report = run(content)

    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"
    assert not report.applied
    assert list(Person.objects.values()) == before
    assert not OrgUnit.objects.filter(path="New/Unit").exists()
    assert not AuditEvent.objects.exists()


def test_partial_saves_the_good_rows_and_skips_reports_of_a_bad_manager():
    content = csv_file(
        "E1,Maya,maya@example.org,,,,,,,,",
        "E2,Bo,bo@example.org,,,,E1,,,not-a-date,",
        "E3,Cy,cy@example.org,,,,E2,,,,",
        "E4,Di,di@example.org,,,,E3,,,,",
        "E5,Ed,ed@example.org,,,,E1,,,,",
    )

    report = run(content, partial=True)

    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=3"
    assert [str(error) for error in report.errors] == [
        'row 3: hire_date: "not-a-date" is not a date; use YYYY-MM-DD, e.g. 2024-01-31',
        "row 4: manager_id: manager E2 is on a row with errors",
        "row 5: manager_id: manager E3 is on a row with errors",
    ]
    assert set(Person.objects.values_list("employee_id", flat=True)) == {"E1", "E5"}
    assert report.applied


def test_partial_keeps_the_old_email_of_a_skipped_person_in_mind():
    PersonFactory(employee_id="E1", email="shared@example.org")
    content = csv_file(
        "E1,Ada,ada@example.org,,,,,,,bad,",
        "E2,Bo,shared@example.org,,,,,,,,",
    )

    report = run(content, partial=True)

    assert [str(error) for error in report.errors][1] == (
        "row 3: email: shared@example.org is already the e-mail of E1, whose row has errors"
    )
    assert report.created == 0


def test_dry_run_counts_everything_and_saves_nothing():
    PersonFactory(employee_id="E2", email="amara@example.org", name="Someone else")

    report = run(org(), dry_run=True)

    assert report.summary_line() == "created=2 updated=1 unchanged=0 errors=0"
    assert report.dry_run
    assert not report.applied
    assert report.new_departments == ["Executive", "Marketing", "Marketing/Digital"]
    assert Person.objects.count() == 1
    assert not OrgUnit.objects.filter(path="Marketing").exists()
    assert not AuditEvent.objects.exists()


def test_mark_leavers_dates_current_people_missing_from_the_file(cast):
    already_left = PersonFactory(hire_date=dt.date(2015, 1, 1), leave_date=dt.date(2020, 1, 1))
    content = csv_file(
        "ADA,Ada Okafor,ada@example.org",
        "PRIYA,Priya Raman,priya@example.org",
        header="employee_id,name,email",
    )

    report = run(content, mark_leavers=True)

    assert report.summary_line() == "created=0 updated=0 unchanged=2 errors=0 leavers=3"
    leavers = dict(Person.objects.filter(leave_date=TODAY).values_list("employee_id", "name"))
    assert set(leavers) == {"SOL", "STERLING", "JUNO"}
    assert Person.objects.get(employee_id="ADA").leave_date is None
    already_left.refresh_from_db()
    assert already_left.leave_date == dt.date(2020, 1, 1)
    events = AuditEvent.objects.filter(action="person.update", subject_label="Juno Park")
    assert [(event.before, event.after) for event in events] == [
        ({"leave_date": None}, {"leave_date": TODAY.isoformat()})
    ]


def test_people_missing_from_the_file_are_kept_without_mark_leavers(cast):
    report = run(csv_file("ADA,Ada Okafor,ada@example.org", header="employee_id,name,email"))

    assert report.leavers == 0
    assert "leavers" not in report.summary_line()
    assert Person.objects.current(TODAY).count() == 5


def test_audit_has_one_summary_event_and_one_event_per_changed_person(cast):
    content = csv_file(
        "ADA,Ada Okafor,ada@example.org,Head of Platform",
        "PRIYA,Priya Raman,priya@example.org,Learning & Development Partner",
        "NEW1,Noor Haddad,noor@example.org,Analyst",
        header="employee_id,name,email,job_title",
    )

    run(content, mark_leavers=False, filename="hr-june.csv")

    summary = AuditEvent.objects.get(action="people.import")
    assert summary.actor is None and summary.after is not None
    assert summary.after["filename"] == "hr-june.csv"
    assert (summary.after["created"], summary.after["updated"], summary.after["unchanged"]) == (
        1,
        1,
        1,
    )
    assert "Noor" not in str(summary.after)
    update = AuditEvent.objects.get(action="person.update")
    assert update.subject_label == "Ada Okafor"
    assert update.subject_id == str(cast.ada.person.uuid)
    assert update.before == {"job_title": "Platform Engineer"}
    assert update.after == {"job_title": "Head of Platform"}
    create = AuditEvent.objects.get(action="person.create")
    assert create.after == {
        "employee_id": "NEW1",
        "name": "Noor Haddad",
        "email": "noor@example.org",
        "job_title": "Analyst",
    }


def test_audit_names_the_administrator_who_imported(cast):
    person_import(
        actor=cast.ada,
        content=csv_file("N1,Noor,noor@example.org", header="employee_id,name,email"),
        filename="hr.csv",
    )

    assert AuditEvent.objects.get(action="people.import").actor == cast.ada


@pytest.mark.parametrize("who", ["priya", "sol", "juno", "otto"])
def test_refuses_an_actor_who_is_not_an_administrator(cast, who):
    with pytest.raises(PermissionDenied):
        person_import(
            actor=getattr(cast, who),
            content=csv_file("N1,Noor,noor@example.org", header="employee_id,name,email"),
            filename="hr.csv",
        )

    assert not Person.objects.filter(employee_id="N1").exists()


def test_emails_can_swap_between_people_in_one_import():
    PersonFactory(employee_id="E1", email="one@example.org")
    PersonFactory(employee_id="E2", email="two@example.org")
    content = csv_file(
        "E1,Ada,two@example.org",
        "E2,Bo,one@example.org",
        "E3,Cy,three@example.org",
        header="employee_id,name,email",
    )

    report = run(content)

    assert report.errors == []
    assert dict(Person.objects.values_list("employee_id", "email")) == {
        "E1": "two@example.org",
        "E2": "one@example.org",
        "E3": "three@example.org",
    }


def test_a_new_person_can_take_the_email_an_existing_person_gives_up():
    PersonFactory(employee_id="E1", email="team@example.org")
    content = csv_file(
        "E2,Bo,team@example.org",
        "E1,Ada,ada@example.org",
        header="employee_id,name,email",
    )

    report = run(content)

    assert report.summary_line() == "created=1 updated=1 unchanged=0 errors=0"
    assert Person.objects.get(email="team@example.org").employee_id == "E2"


def test_a_reporting_chain_deeper_than_the_linked_levels_is_linked_in_full():
    depth = LINKED_LEVELS + 5
    lines = [f"E{n},Person {n},p{n}@example.org,{f'E{n - 1}' if n else ''}" for n in range(depth)]

    report = run(csv_file(*reversed(lines), header="employee_id,name,email,manager_id"))

    assert report.created == depth
    managers = dict(Person.objects.values_list("employee_id", "manager__employee_id"))
    assert managers == {f"E{n}": f"E{n - 1}" if n else None for n in range(depth)}


def test_a_manager_already_in_twoway_can_be_referenced():
    PersonFactory(employee_id="BOSS")

    run(csv_file("E1,Ada,ada@example.org,BOSS", header="employee_id,name,email,manager_id"))

    manager = Person.objects.get(employee_id="E1").manager
    assert manager is not None and manager.employee_id == "BOSS"


def test_a_ten_megabyte_file_imports(tmp_path):
    path = tmp_path / "big.csv"
    notes = "x" * 460
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("employee_id,name,email,department,manager_id,hire_date,Notes\n")
        for n in range(20_000):
            manager = f"E{n // 10:05d}" if n else ""
            out.write(
                f"E{n:05d},Person {n},p{n}@example.org,Unit {n % 40}/Team {n % 7},{manager},"
                f'2020-01-{n % 28 + 1:02d},"{notes}, row {n}"\n'
            )
    assert path.stat().st_size >= 10 * 1024 * 1024

    report = run(path.read_bytes(), filename=path.name)

    assert report.summary_line() == "created=20000 updated=0 unchanged=0 errors=0"
    assert Person.objects.count() == 20_000
    assert Person.objects.filter(manager__isnull=False).count() == 19_999
    assert OrgUnit.objects.count() == 40 + 40 * 7
    assert report.ignored_columns == ["Notes"]


def test_an_xlsx_workbook_imports_with_dates_and_numeric_ids():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Employee Number", "Name", "Email", "Manager ID", "Start Date", "Grade"])
    sheet.append([1001, "Maya", "maya@example.org", None, dt.datetime(2009, 4, 1), 9])
    sheet.append([1042, "Juno", "juno@example.org", 1001, dt.date(2024, 9, 2), 2.0])
    sheet.append([None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run(buffer.getvalue(), filename="people.xlsx")

    assert report.summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    juno = Person.objects.get(employee_id="1042")
    assert juno.manager is not None and juno.manager.employee_id == "1001"
    assert juno.hire_date == dt.date(2024, 9, 2)
    assert juno.level == 2


def test_an_empty_file_reports_one_error():
    report = run(b"")

    assert [str(error) for error in report.errors] == ["file: the file is empty"]
    assert report.summary_line() == "created=0 updated=0 unchanged=0 errors=1"


def test_a_file_with_only_a_header_reports_that_it_has_no_people():
    report = run(b"employee_id,name,email\n")

    assert [str(error) for error in report.errors] == ["file: the file has a header but no people"]


def test_an_unreadable_file_reports_where_it_fails():
    report = run(b"employee_id,name,email\nE1,Ren\xe9,ren@example.org\n")

    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith("row 2: encoding: the file is not UTF-8 text")


def test_preview_lists_the_first_rows_with_what_would_happen():
    PersonFactory(employee_id="E1", email="maya@example.org", name="Maya Lindqvist")

    report = run(
        csv_file(
            "E1,Maya Lindqvist,maya@example.org",
            "E2,Juno,juno@example.org",
            "E3,,cy@example.org",
            header="employee_id,name,email",
        ),
        dry_run=True,
    )

    assert [(row.row, row.status, row.values) for row in report.preview] == [
        (2, "unchanged", ["E1", "Maya Lindqvist", "maya@example.org"]),
        (3, "new", ["E2", "Juno", "juno@example.org"]),
        (4, "error", ["E3", "", "cy@example.org"]),
    ]


def test_report_caps_the_error_lines_it_keeps():
    content = csv_file(*[f"E{n},Name,bad-{n}" for n in range(5)], header="employee_id,name,email")

    result = run(content).as_dict(max_errors=2)

    assert result["error_count"] == 5
    assert result["errors"][-1] == "and 3 more"
    assert result["summary"] == "created=0 updated=0 unchanged=0 errors=5"

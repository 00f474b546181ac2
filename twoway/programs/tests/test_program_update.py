import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.programs.models import Enrollment, Program
from twoway.programs.services import ProgramError, program_update
from twoway.testing.factories import EnrollmentFactory, ProgramFactory, grant


@pytest.mark.django_db
def test_only_the_changed_settings_are_audited(cast):
    program = ProgramFactory(name="Pilot", slug="pilot")
    program_update(actor=cast.priya, program=program, planned_sessions=8, name="Pilot")
    event = AuditEvent.objects.get(action="program.update")
    assert event.before == {"planned_sessions": 6} and event.after == {"planned_sessions": 8}


@pytest.mark.django_db
def test_saving_without_changes_writes_no_audit_event(cast):
    program = ProgramFactory(slug="pilot")
    program_update(actor=cast.priya, program=program, planned_sessions=6)
    assert not AuditEvent.objects.filter(action="program.update").exists()


@pytest.mark.django_db
def test_a_closed_program_cannot_change(cast):
    program = ProgramFactory(status=Program.Status.CLOSED)
    with pytest.raises(ProgramError, match="closed"):
        program_update(actor=cast.priya, program=program, planned_sessions=8)


@pytest.mark.django_db
def test_a_mutual_program_with_people_enrolled_as_both_keeps_its_kind(cast):
    program = ProgramFactory(kind=Program.Kind.MUTUAL)
    EnrollmentFactory(program=program, person=cast.juno.person, role=Enrollment.Role.BOTH)
    with pytest.raises(ProgramError) as caught:
        program_update(actor=cast.priya, program=program, kind=Program.Kind.REVERSE)
    assert "1 person joined as both" in caught.value.message_dict["kind"][0]
    program.refresh_from_db()
    assert program.kind == Program.Kind.MUTUAL


@pytest.mark.django_db
def test_the_mentor_limit_cannot_drop_below_what_mentors_offered(cast):
    program = ProgramFactory(mentor_capacity=3)
    EnrollmentFactory(program=program, person=cast.juno.person, capacity=3)
    with pytest.raises(ProgramError) as caught:
        program_update(actor=cast.priya, program=program, mentor_capacity=2)
    assert "offered to mentor more than 2" in caught.value.message_dict["mentor_capacity"][0]


@pytest.mark.django_db
def test_a_manager_of_another_program_may_not_change_this_one(cast):
    grant(cast.juno, Role.PROGRAM_MANAGER, program=ProgramFactory())
    with pytest.raises(PermissionDenied):
        program_update(actor=cast.juno, program=ProgramFactory(), planned_sessions=9)


@pytest.mark.django_db
def test_the_settings_page_saves_and_shows_the_program(client, cast):
    program = ProgramFactory(name="Pilot", slug="pilot")
    client.force_login(cast.priya)
    page = client.get(reverse("programs:edit", kwargs={"slug": "pilot"})).content.decode()
    assert 'value="Pilot"' in page and "Program managers" not in page
    form = {
        "name": "Pilot two",
        "slug": "pilot",
        "kind": "traditional",
        "planned_sessions": "4",
        "weeks_between_sessions": "2",
        "session_minutes": "45",
        "matching_style": "managed",
        "weight_teach": "1",
        "weight_teach_back": "0",
        "weight_crossing": "0",
        "weight_level_gap": "0",
        "weight_availability": "0",
        "weight_time_zone": "0",
        "reporting_line_depth": "1",
        "min_level_gap": "1",
        "must_differ": ["department"],
        "mentor_capacity": "2",
        "objective": "most_matched",
    }
    response = client.post(reverse("programs:edit", kwargs={"slug": "pilot"}), form)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Pilot two" and program.must_differ == ["department"]
    assert program.objective == "most_matched" and program.mentor_capacity == 2

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.programs.models import Enrollment, EnrollmentTopic, Program
from twoway.programs.services import ProgramError, Topic, enrollment_join, enrollment_withdraw
from twoway.testing.factories import EnrollmentFactory, SkillFactory, open_program


@pytest.mark.django_db
def test_leaving_sets_withdrawn_and_is_audited(cast, program):
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    enrollment = enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    assert enrollment.status == Enrollment.Status.WITHDRAWN and enrollment.withdrawn_at
    event = AuditEvent.objects.get(action="enrollment.withdraw")
    assert event.before == {"status": "enrolled"} and event.after == {"status": "withdrawn"}


@pytest.mark.django_db
def test_leaving_twice_changes_nothing(cast, program):
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    assert AuditEvent.objects.filter(action="enrollment.withdraw").count() == 1


@pytest.mark.django_db
def test_people_may_leave_while_matching_but_not_once_pairs_are_published(cast, program):
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.MATCHING)
    enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    other = EnrollmentFactory(program=program, person=cast.sterling.person)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ACTIVE)
    with pytest.raises(ProgramError, match="published"):
        enrollment_withdraw(actor=cast.sterling, enrollment=other)


@pytest.mark.django_db
def test_leavers_may_rejoin_while_the_program_is_enrolling(cast, program):
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    enrollment_withdraw(actor=cast.juno, enrollment=enrollment)
    skill = SkillFactory(name="Podcasting")
    again = enrollment_join(
        actor=cast.juno,
        program=program,
        person=cast.juno.person,
        role="mentor",
        topics=[Topic(skill, EnrollmentTopic.Direction.TEACH, 3)],
    )
    assert again.pk == enrollment.pk and again.status == "enrolled" and again.withdrawn_at is None


@pytest.mark.django_db
def test_nobody_else_takes_someone_out_except_the_programs_managers(cast, program):
    enrollment = EnrollmentFactory(program=program, person=cast.juno.person)
    with pytest.raises(PermissionDenied):
        enrollment_withdraw(actor=cast.sterling, enrollment=enrollment)
    assert enrollment_withdraw(actor=cast.priya, enrollment=enrollment).status == "withdrawn"


@pytest.mark.django_db
def test_turning_down_an_invitation_from_my_programs(client, cast, program):
    EnrollmentFactory(program=program, person=cast.juno.person, status="invited")
    client.force_login(cast.juno)
    url = reverse("programs:leave", kwargs={"slug": program.slug})
    page = client.post(url, follow=True).content.decode()
    assert "You turned down Reverse mentoring 2026." in page
    assert Enrollment.objects.get().status == "withdrawn"


@pytest.mark.django_db
def test_leave_button_says_so_and_offers_to_rejoin(client, cast, program):
    EnrollmentFactory(program=program, person=cast.juno.person)
    client.force_login(cast.juno)
    url = reverse("programs:leave", kwargs={"slug": program.slug})
    page = client.post(url, follow=True).content.decode()
    assert "You left Reverse mentoring 2026. You can rejoin while it is enrolling." in page
    assert "Rejoin" in page


@pytest.mark.django_db
def test_leaving_a_program_one_is_not_in_says_so(client, cast, program):
    client.force_login(cast.juno)
    url = reverse("programs:leave", kwargs={"slug": program.slug})
    assert "You are not in this program." in client.post(url, follow=True).content.decode()


@pytest.mark.django_db
def test_leaving_a_program_one_cannot_see_is_404(client, cast):
    hidden = open_program(status=Program.Status.DRAFT)
    client.force_login(cast.juno)
    assert client.post(reverse("programs:leave", kwargs={"slug": hidden.slug})).status_code == 404

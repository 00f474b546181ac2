import pytest
from django.urls import NoReverseMatch, reverse

from twoway.core.models import Role
from twoway.programs.models import Program
from twoway.testing.factories import (
    EnrollmentFactory,
    EnrollmentTopicFactory,
    PersonFactory,
    PersonSkillFactory,
    ProgramFactory,
    grant,
    open_program,
)
from twoway.testing.queries import queries_for

MANAGER_PAGES = ["detail", "edit", "rules", "invite", "enrollments"]


def _url(name, program):
    # The program's own page gathers what matching knows, so it lives in ``home``.
    full = "home:program" if name == "detail" else f"programs:{name}"
    return reverse(full, kwargs={"slug": program.slug})


@pytest.mark.django_db
@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_managers_open_every_page_of_a_program(client, cast, program, name):
    client.force_login(cast.priya)
    assert client.get(_url(name, program)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*MANAGER_PAGES, "join"])
def test_anonymous_visitors_are_sent_to_log_in(client, cast, program, name):
    response = client.get(_url(name, program))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_the_manager_of_another_program_gets_404(client, cast, program, name):
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=ProgramFactory())
    client.force_login(cast.sterling)
    if name == "detail":
        Program.objects.filter(pk=program.pk).update(status=Program.Status.DRAFT)
    assert client.get(_url(name, program)).status_code == 404


@pytest.mark.django_db
def test_a_manager_of_this_program_alone_runs_it(client, cast, program):
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=program)
    client.force_login(cast.sterling)
    for name in MANAGER_PAGES:
        assert client.get(_url(name, program)).status_code == 200
    page = client.get(reverse("programs:list")).content.decode()
    assert program.name in page and "New program" not in page


@pytest.mark.django_db
def test_an_unknown_program_is_404(client, cast):
    client.force_login(cast.ada)
    assert client.get(reverse("home:program", kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "otto", "sol"])
def test_a_draft_program_does_not_exist_for_participants_or_other_sponsors(client, cast, who):
    program = open_program(status=Program.Status.DRAFT)
    client.force_login(getattr(cast, who))
    assert client.get(_url("detail", program)).status_code == 404


@pytest.mark.django_db
def test_participants_get_404_on_the_managers_pages(client, cast, program):
    EnrollmentFactory(program=program, person=cast.juno.person)
    client.force_login(cast.juno)
    for name in ["edit", "rules", "invite", "enrollments"]:
        assert client.get(_url(name, program)).status_code in (403, 404)


@pytest.mark.django_db
def test_the_sponsor_sees_figures_and_no_names(client, cast):
    program = open_program(status=Program.Status.DRAFT, sponsor=cast.sol, name="Sponsored")
    EnrollmentFactory(program=program, person=cast.juno.person)
    client.force_login(cast.sol)
    page = client.get(_url("detail", program)).content.decode()
    assert "You sponsor this program" in page and "Juno Park" not in page
    assert "Sponsored" in client.get(reverse("programs:list")).content.decode()
    assert client.get(_url("enrollments", program)).status_code == 403


@pytest.mark.django_db
def test_a_participant_sees_their_place_and_the_code_of_conduct(client, cast, program):
    Program.objects.filter(pk=program.pk).update(code_of_conduct="Be kind.")
    EnrollmentFactory(program=program, person=cast.juno.person, goal="Teach TikTok")
    client.force_login(cast.juno)
    page = client.get(_url("detail", program)).content.decode()
    assert "Your place" in page and "Teach TikTok" in page and "Be kind." in page
    assert "Leave" in page and _url("edit", program) not in page


@pytest.mark.django_db
def test_the_matching_link_appears_only_when_the_matching_page_exists(client, cast, program):
    client.force_login(cast.priya)
    response = client.get(_url("detail", program))
    try:
        expected = reverse("matching:overview", kwargs={"slug": program.slug})
    except NoReverseMatch:
        assert response.context["matching_url"] is None
    else:
        assert response.context["matching_url"] == expected


@pytest.mark.django_db
def test_the_program_list_costs_the_same_queries_for_3_or_30_programs(client, cast):
    client.force_login(cast.priya)
    for _ in range(3):
        EnrollmentFactory(program=ProgramFactory(sponsor=cast.sol))
    few = queries_for(client, reverse("programs:list"))
    for _ in range(22):
        EnrollmentFactory(program=ProgramFactory(sponsor=cast.sol))
    assert queries_for(client, reverse("programs:list")) == few


@pytest.mark.django_db
def test_the_enrollment_list_costs_the_same_queries_for_3_or_25_people(client, cast, program):
    client.force_login(cast.priya)

    def add(n):
        for _ in range(n):
            person = PersonFactory(manager=cast.sol.person)
            enrollment = EnrollmentFactory(
                program=program, person=person, status="pending_approval"
            )
            EnrollmentTopicFactory(enrollment=enrollment)

    add(3)
    few = queries_for(client, _url("enrollments", program))
    add(22)
    assert queries_for(client, _url("enrollments", program)) == few


@pytest.mark.django_db
def test_my_programs_costs_the_same_queries_for_1_or_8_programs(client, cast):
    client.force_login(cast.juno)
    EnrollmentFactory(program=open_program(), person=cast.juno.person)
    open_program()
    few = queries_for(client, reverse("home:my_programs"))
    for _ in range(7):
        EnrollmentFactory(program=open_program(), person=cast.juno.person)
        open_program()
    assert queries_for(client, reverse("home:my_programs")) == few


@pytest.mark.django_db
def test_the_enrollment_list_filters_by_status_side_and_name(client, cast, program):
    EnrollmentFactory(program=program, person=cast.juno.person, role="mentor")
    EnrollmentFactory(program=program, person=cast.sterling.person, role="mentee", status="invited")
    client.force_login(cast.priya)
    url = _url("enrollments", program)
    assert "Sterling Hayes" not in client.get(url, {"side": "mentor"}).content.decode()
    assert "Juno Park" not in client.get(url, {"status": "invited"}).content.decode()
    page = client.get(url, {"q": "juno"}).content.decode()
    assert "Juno Park" in page and "Sterling Hayes" not in page


@pytest.mark.django_db
def test_my_programs_shows_invitations_open_programs_and_enrollments(client, cast):
    invited = open_program(name="Invited one")
    EnrollmentFactory(program=invited, person=cast.juno.person, status="invited")
    open_program(name="Open one")
    mine = open_program(name="Mine one")
    EnrollmentFactory(program=mine, person=cast.juno.person)
    open_program(name="Draft one", status=Program.Status.DRAFT)
    client.force_login(cast.juno)
    context = client.get(reverse("home:my_programs")).context["mine"]
    assert [e.program.name for e in context.invitations] == ["Invited one"]
    assert [p.name for p, _ in context.open] == ["Open one"]
    assert [e.program.name for e in context.enrollments] == ["Mine one"]


@pytest.mark.django_db
def test_the_home_page_shows_programs_to_managers_and_invitations_to_people(client, cast):
    program = open_program(name="Home pilot")
    EnrollmentFactory(program=program, person=cast.juno.person, status="invited")
    PersonSkillFactory(person=cast.juno.person)
    client.force_login(cast.juno)
    assert "Invitation" in client.get(reverse("home")).content.decode()
    client.force_login(cast.priya)
    page = client.get(reverse("home")).content.decode()
    assert "Home pilot" in page and reverse("programs:list") in page


@pytest.mark.django_db
def test_a_login_without_a_person_has_no_my_programs(client, cast):
    client.force_login(cast.otto)
    assert client.get(reverse("home:my_programs")).status_code == 403

"""The circles' pages: who sees what, forms that refuse clearly, steady queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from twoway.circles.models import Circle, CircleSession
from twoway.circles.services import circle_session_log
from twoway.circles.tests.helpers import circles_program, circles_world, enroll_many, plan, started
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.runs import match_run_create
from twoway.programs.models import Program
from twoway.testing.factories import open_program
from twoway.testing.queries import queries_for

pytestmark = pytest.mark.django_db

LOG = "Sterling walked us through how the board reads a quarter."


def _urls(world, session):
    return {
        "circle": reverse("circles:detail", kwargs={"uuid": world.circle.uuid}),
        "session": reverse("circles:session", kwargs={"uuid": session.uuid}),
        "ics": reverse("circles:ics", kwargs={"uuid": session.uuid}),
    }


def test_members_see_their_circle_its_log_and_invite(client, cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    circle_session_log(actor=cast.juno, session=session, log=LOG, attended_ids=[world.juno.pk])
    client.force_login(cast.juno)
    urls = _urls(world, session)
    page = client.get(urls["circle"]).content.decode()
    assert "Your circle" in page and LOG in page
    session_page = client.get(urls["session"]).content.decode()
    assert LOG in session_page
    # A member may take what the session taught to the organisation.
    assert f"{reverse('insights:raise')}?session={session.uuid}" in session_page
    response = client.get(urls["ics"])
    assert response["Content-Type"].startswith("text/calendar")
    Calendar.from_ical(response.content)


def test_a_planned_session_shows_its_topics_suggested_agenda_to_members(client, cast):
    world = circles_world(cast)
    session = plan(cast, world.circle, count=2)[1]
    assert session.topic == "Digital tools"
    client.force_login(cast.juno)
    page = client.get(reverse("circles:session", kwargs={"uuid": session.uuid})).content.decode()
    assert "Suggested agenda" in page and "The mentor shows, the mentee tries" in page


def test_a_manager_sees_dates_and_who_came_never_the_log(client, cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    circle_session_log(actor=cast.juno, session=session, log=LOG, attended_ids=[world.juno.pk])
    client.force_login(cast.priya)
    urls = _urls(world, session)
    for name in ("circle", "session"):
        page = client.get(urls[name]).content.decode()
        assert "Juno Park" in page and LOG not in page, name
    assert client.get(urls["ics"]).status_code == 404
    page = client.get(reverse("circles:program", kwargs={"slug": world.program.slug}))
    assert LOG not in page.content.decode()


def test_anyone_else_is_told_the_circle_does_not_exist(client, cast, morgan):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    urls = _urls(world, session)
    program_url = reverse("circles:program", kwargs={"slug": world.program.slug})
    for user in (world.outsider().user, morgan, cast.otto, cast.sol):
        client.force_login(user)
        for name, url in urls.items():
            assert client.get(url).status_code == 404, (user, name)
        assert client.get(program_url).status_code in (403, 404)


def test_an_unpublished_circle_is_its_managers_alone(client, cast):
    program = circles_program()
    people = enroll_many(program, 8)
    client.force_login(cast.priya)
    client.post(
        reverse("circles:form", kwargs={"slug": program.slug}), {"size_min": 6, "size_max": 8}
    )
    circle = Circle.objects.get(program=program)
    url = reverse("circles:detail", kwargs={"uuid": circle.uuid})
    assert client.get(url).status_code == 200
    client.force_login(people[0].user)
    assert client.get(url).status_code == 404


def test_a_forged_uuid_is_a_404(client, cast):
    circles_world(cast)
    client.force_login(cast.juno)
    forged = "3f0b8b2e-8a3b-4d7e-9a51-000000000000"
    for name in ("circles:detail", "circles:session", "circles:ics"):
        assert client.get(reverse(name, kwargs={"uuid": forged})).status_code == 404
    response = client.post(reverse("circles:log", kwargs={"uuid": forged}), {"log": LOG})
    assert response.status_code == 404


def test_the_managers_page_forms_publishes_and_plans(client, cast):
    program = circles_program()
    enroll_many(program, 14)
    client.force_login(cast.priya)
    url = reverse("circles:program", kwargs={"slug": program.slug})
    assert "Form the circles" in client.get(url).content.decode()
    bad = client.post(
        reverse("circles:form", kwargs={"slug": program.slug}), {"size_min": 8, "size_max": 6}
    )
    assert bad.status_code == 400 and "smallest size cannot be above" in bad.content.decode()
    response = client.post(
        reverse("circles:form", kwargs={"slug": program.slug}), {"size_min": 6, "size_max": 8}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    cards = page.split('class="circle-cards"')[1].split('class="about-this"')[0]
    assert "departments" in cards and "levels" in cards and "generation" not in cards
    client.post(reverse("circles:publish", kwargs={"slug": program.slug}))
    circle = Circle.objects.filter(program=program).order_by("number").first()
    assert circle is not None
    data = {
        "c1-date": "2099-03-02",
        "c1-time": "12:30",
        "c1-time_zone": "Europe/London",
        "c1-count": "4",
        "c1-place": "Room 2",
        "c1-video_url": "",
    }
    response = client.post(reverse("circles:plan", kwargs={"uuid": circle.uuid}), data)
    assert response.status_code == 302
    assert CircleSession.objects.filter(circle=circle).count() == 4
    data["c1-video_url"] = "not a link"
    refused = client.post(reverse("circles:plan", kwargs={"uuid": circle.uuid}), data)
    assert refused.status_code == 400 and "web address" in refused.content.decode()
    assert CircleSession.objects.filter(circle=circle).count() == 4


def test_a_pair_programs_circles_page_does_not_exist(client, cast):
    program = open_program()
    client.force_login(cast.priya)
    assert client.get(reverse("circles:program", kwargs={"slug": program.slug})).status_code == 404


def test_logging_twice_from_the_page_is_harmless(client, cast):
    world = circles_world(cast)
    session = started(plan(cast, world.circle)[0])
    client.force_login(cast.juno)
    url = reverse("circles:log", kwargs={"uuid": session.uuid})
    came = [str(m.person.uuid) for m in world.circle.members.select_related("person")[:3]]
    data = {"log": LOG, "attended": came}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400 and "logged already" in again.content.decode()
    session.refresh_from_db()
    assert (
        session.status == CircleSession.Status.HELD
        and session.attendance.filter(attended=True).count() == 3
    )


def test_the_circle_page_reads_the_same_with_2_or_12_sessions(client, cast):
    world = circles_world(cast, sessions=2)
    client.force_login(cast.juno)
    url = reverse("circles:detail", kwargs={"uuid": world.circle.uuid})
    for session in CircleSession.objects.filter(circle=world.circle)[:1]:
        circle_session_log(
            actor=cast.juno, session=started(session), log=LOG, attended_ids=[world.juno.pk]
        )
    few = queries_for(client, url)
    plan(cast, world.circle, count=10, days=60)
    many = queries_for(client, url)
    assert many == few


def test_the_programs_page_links_to_its_circles_and_matching_refuses(client, cast):
    program = circles_program()
    client.force_login(cast.priya)
    page = client.get(reverse("home:program", kwargs={"slug": program.slug})).content.decode()
    assert reverse("circles:program", kwargs={"slug": program.slug}) in page
    with pytest.raises(MatchingError, match="circles program"):
        match_run_create(actor=cast.priya, program=program)
    assert program.status == Program.Status.MATCHING


def test_home_shows_the_next_session_of_ones_circle(client, cast):
    world = circles_world(cast)
    (session,) = plan(cast, world.circle)
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    assert "Your circle" in page and session.topic in page
    assert reverse("circles:session", kwargs={"uuid": session.uuid}) in page

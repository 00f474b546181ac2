from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from twoway.circles.models import Circle, CircleMember, CircleSession
from twoway.core.models import AuditEvent
from twoway.insights.models import Insight
from twoway.insights.tests.helpers import raise_insight
from twoway.meetings.tests.helpers import held, juno_pair
from twoway.programs.models import Program
from twoway.testing.factories import enroll, open_program, person

RAISE = reverse("insights:raise")
FORM = {"kind": "stop", "title": "Stop printing", "text": "Nobody reads it on paper."}


@pytest.fixture
def pair(published):
    return juno_pair()


def test_a_partner_raises_an_insight_from_their_pair(client, cast, pair):
    client.force_login(cast.juno)
    page = client.get(RAISE, {"pair": pair.uuid})
    assert page.status_code == 200
    assert "Raise an insight for the organisation" in page.content.decode()
    response = client.post(f"{RAISE}?pair={pair.uuid}", FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("home:pair", args=[pair.uuid])
    insight = Insight.objects.get()
    assert (insight.program, insight.pair, insight.author) == (pair.program, pair, cast.juno.person)
    assert not insight.anonymous and not insight.name_shown


def test_a_partner_raises_one_from_a_meeting(client, cast, pair):
    meeting = held(pair, pair.mentee)
    client.force_login(cast.sterling)
    response = client.post(f"{RAISE}?meeting={meeting.uuid}", {**FORM, "anonymous": "on"})
    assert response["Location"] == reverse("meetings:detail", args=[meeting.uuid])
    insight = Insight.objects.get()
    assert (insight.meeting, insight.pair, insight.anonymous) == (meeting, pair, True)


def test_the_meeting_and_pair_pages_link_to_the_form(client, cast, pair):
    meeting = held(pair, pair.mentee)
    client.force_login(cast.juno)
    assert (
        f"{RAISE}?meeting={meeting.uuid}"
        in client.get(reverse("meetings:detail", args=[meeting.uuid])).content.decode()
    )
    assert (
        f"{RAISE}?pair={pair.uuid}"
        in client.get(reverse("home:pair", args=[pair.uuid])).content.decode()
    )
    slug = pair.program.slug
    assert (
        f"{RAISE}?program={slug}"
        in client.get(reverse("home:program", args=[slug])).content.decode()
    )


def test_without_a_source_the_person_chooses_among_their_programs(client, cast, pair):
    client.force_login(cast.juno)
    html = client.get(RAISE).content.decode()
    assert pair.program.name in html
    response = client.post(RAISE, {**FORM, "program": pair.program.slug})
    assert response.status_code == 302
    assert Insight.objects.get().program == pair.program


def test_someone_elses_pair_or_meeting_or_program_is_a_404(client, cast, pair, morgan):
    meeting = held(pair, pair.mentee)
    outsider = person("Nia Obi", login=True)
    client.force_login(outsider.user)
    for query in (
        {"pair": pair.uuid},
        {"meeting": meeting.uuid},
        {"program": pair.program.slug},
        {"program": "other"},
        {"session": "6f1c2a9e-0000-4000-8000-000000000000"},
        {"pair": "not-a-uuid"},
    ):
        assert client.get(RAISE, query).status_code == 404, query
        assert client.post(f"{RAISE}?{urlencode(query)}", FORM).status_code == 404
    assert not Insight.objects.exists()


def test_a_program_one_does_not_take_part_in_cannot_be_chosen(client, cast, pair, morgan):
    client.force_login(cast.juno)
    response = client.post(RAISE, {**FORM, "program": "other"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Insight.objects.exists()


def test_someone_in_no_program_is_told_when_they_can(client, cast):
    client.force_login(cast.juno)
    response = client.get(RAISE)
    assert "You can raise insights once you take part in a program" in response.content.decode()
    assert client.post(RAISE, FORM).status_code == 200
    assert not Insight.objects.exists()


def test_an_enrolled_person_without_a_pair_may_raise_one(client, cast, morgan):
    other = Program.objects.get(slug="other")
    nia = person("Nia Obi", login=True)
    enroll(other, nia)
    client.force_login(nia.user)
    assert client.post(f"{RAISE}?program=other", FORM).status_code == 302
    assert Insight.objects.get().program == other


def test_bad_input_gets_a_clear_message_and_saves_nothing(client, cast, pair):
    client.force_login(cast.juno)
    url = f"{RAISE}?pair={pair.uuid}"
    response = client.post(url, {**FORM, "anonymous": "on", "name_shown": "on"})
    assert response.status_code == 400
    assert "An anonymous insight never shows your name" in response.content.decode()
    response = client.post(url, {"kind": "stop", "title": "", "text": ""})
    assert response.status_code == 400
    assert not Insight.objects.exists()


def test_a_double_submit_saves_one_insight(client, cast, pair):
    client.force_login(cast.juno)
    url = f"{RAISE}?pair={pair.uuid}"
    client.post(url, FORM)
    client.post(url, FORM)
    assert Insight.objects.count() == 1
    assert AuditEvent.objects.filter(action="insight.raise").count() == 1


def test_the_service_refuses_anonymous_with_a_name(cast, pair):
    with pytest.raises(ValidationError, match="never shows your name"):
        raise_insight(cast.juno, pair.program, anonymous=True, name_shown=True)


def test_an_anonymous_raise_is_audited_without_its_actor_or_name(cast, pair):
    insight = raise_insight(cast.juno, pair.program, anonymous=True)
    event = AuditEvent.objects.get(action="insight.raise")
    assert event.actor is None and event.actor_label == ""
    assert event.subject_label == f"Insight #{insight.short_id}"
    named = raise_insight(cast.sterling, pair.program, title="Other")
    assert AuditEvent.objects.get(subject_id=str(named.uuid)).actor == cast.sterling


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(RAISE).status_code == 302


def test_a_circle_member_raises_one_from_a_session_others_get_a_404(client, cast):
    program = open_program(name="Circles", slug="circles")
    circle = Circle.objects.create(program=program, number=1, name="Circle 1")
    CircleMember.objects.create(
        circle=circle, program=program, person=cast.juno.person, side="junior"
    )
    session = CircleSession.objects.create(
        circle=circle, number=1, starts_at=timezone.now(), time_zone="Europe/London"
    )
    url = f"{RAISE}?session={session.uuid}"
    client.force_login(cast.sterling)
    assert client.get(url).status_code == 404
    client.force_login(cast.juno)
    assert "Circle 1, session 1" in client.get(url).content.decode()
    assert client.post(url, FORM).status_code == 302
    insight = Insight.objects.get()
    assert (insight.session, insight.program) == (session, program)

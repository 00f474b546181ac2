"""A participant's home shows each live pair first: the partner, the next meeting
in the reader's time zone, and what is waiting for them, most urgent first."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from twoway.guides.arc import ArcStep
from twoway.guides.services import arc_save
from twoway.home.selectors import pair_cards
from twoway.meetings.templatetags.meetings_tags import meeting_span
from twoway.meetings.tests.helpers import edit, held, juno_pair, log, plan, sign_both
from twoway.pairs.models import Pair, PulseCheckin
from twoway.pairs.services import pair_create
from twoway.programs.models import Program
from twoway.testing.factories import ProgramFactory, enroll
from twoway.testing.queries import queries_for


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_partner_and_the_next_meeting_come_first_in_the_readers_time_zone(
    published, cast, client
):
    pair = juno_pair()
    (meeting,) = plan(
        pair, published.sterling, days=9, place="Room 4", video_url="https://v.example/j"
    )
    published.juno.time_zone = "America/New_York"
    published.juno.save()
    page = _home(client, cast.juno)
    pair_url = reverse("home:pair", args=[pair.uuid])
    assert f'Your mentee: <a href="{pair_url}">Sterling Hayes</a>' in page
    in_new_york = meeting_span(meeting, "America/New_York", "America/New York")
    assert in_new_york in page and in_new_york != meeting_span(meeting, "Europe/London", "x")
    assert "Room 4" in page and "https://v.example/j" in page
    assert reverse("meetings:ics", args=[meeting.uuid]) in page and "Add to calendar" in page
    # The pair comes before the profile's next steps.
    assert page.index("Sterling Hayes") < page.index("Your next steps")


def test_a_person_without_a_zone_reads_the_meetings_own(published, cast, client):
    pair = juno_pair()
    (meeting,) = plan(pair, published.sterling, days=9)
    published.sterling.time_zone = ""
    published.sterling.save()
    page = _home(client, cast.sterling)
    assert meeting_span(meeting, "Europe/London", "Europe/London") in page
    assert "Your mentor: <a" in page and "Juno Park</a>" in page


def test_signing_the_agreement_waits_first(published, cast, client):
    page = _home(client, cast.juno)
    assert "Sign version 1 of your agreement with Sterling" in page
    assert reverse("pairs:agreement", args=[juno_pair().uuid]) in page
    pair_page = client.get(reverse("home:pair", args=[juno_pair().uuid])).content.decode()
    assert "Your meetings can be logged once you have both signed it." in pair_page


def test_a_changed_agreement_asks_to_sign_again_without_promising_the_first_log(
    published, cast, client
):
    pair = juno_pair()
    sign_both(pair)
    pair.refresh_from_db()
    edit(pair.agreement, pair.mentee, pair.agreement.version, mentee_goals="Learn video editing")

    client.force_login(cast.juno)
    page = client.get(reverse("home:pair", args=[pair.uuid])).content.decode()

    assert "Sign version 2 of your agreement with Sterling" in page
    assert "It changed since you both signed it" in page
    assert "once you have both signed it" not in page


def test_what_is_waiting_comes_most_urgent_first(published, cast):
    pair = juno_pair()
    Program.objects.filter(pk=pair.program_id).update(planned_sessions=2)
    pair.program.refresh_from_db()
    sign_both(pair)
    first = held(pair, published.juno, hours_ago=48)
    log(first, published.juno)
    second = held(pair, published.juno, hours_ago=2)
    PulseCheckin.objects.create(pair=pair, person=published.juno, round=1, due_on=dt.date.today())
    (card,) = pair_cards(person=published.juno, now=timezone.now())
    assert [step.kind for step in card.waiting] == ["log", "checkin", "survey", "reflection"]
    assert reverse("meetings:detail", args=[second.uuid]) in card.waiting[0].url
    assert card.held == 2 and card.reflection_due


def test_nothing_waits_once_all_is_done(published, cast, client):
    pair = juno_pair()
    sign_both(pair)
    page = _home(client, cast.sterling)
    assert "Sign version" not in page
    pair.surveys.update(answered_at=timezone.now())
    assert "you are up to date" in _home(client, cast.sterling)


def test_ended_pairs_are_not_shown_as_live(published, cast, client):
    Pair.objects.filter(pk=juno_pair().pk).update(status=Pair.Status.ENDED)
    assert "Your mentee:" not in _home(client, cast.juno)


def test_the_home_page_does_not_grow_with_pairs_and_meetings(published, cast, client):
    client.force_login(cast.juno)
    pair = juno_pair()
    plan(pair, published.sterling, days=9)
    few = queries_for(client, reverse("home"))
    # A second live pair in another program, and more meetings held and planned.
    other = ProgramFactory(name="Second", slug="second", status=Program.Status.ACTIVE)
    enroll(other, published.juno)
    enroll(other, published.richard, "mentee")
    with transaction.atomic():
        second = pair_create(
            actor=cast.priya,
            program=other,
            mentor=published.juno,
            mentee=published.richard,
            origin=Pair.Origin.MATCHED,
        )
    plan(second, published.richard, days=5)
    sign_both(pair)
    held(pair, published.juno)
    plan(pair, published.sterling, days=20)
    PulseCheckin.objects.create(pair=second, person=published.juno, round=1, due_on=dt.date.today())
    page = client.get(reverse("home")).content.decode()
    assert "Richard Hale" in page and "Sterling Hayes" in page
    assert queries_for(client, reverse("home")) == few


def test_partner_names_link_to_the_pair_page_wherever_a_participant_sees_them(
    published, cast, client
):
    pair = juno_pair()
    (meeting,) = plan(pair, published.sterling, days=9)
    link = f'href="{reverse("home:pair", args=[pair.uuid])}">Sterling Hayes</a>'
    client.force_login(cast.juno)
    for url in (
        reverse("home"),
        reverse("pairs:mine"),
        reverse("meetings:detail", args=[meeting.uuid]),
        reverse("meetings:schedule", args=[pair.uuid]),
    ):
        assert link in client.get(url).content.decode(), url


def test_the_next_meeting_shows_its_session_of_the_programs_arc(published, cast, client):
    pair = juno_pair()
    sign_both(pair)
    plan(pair, published.sterling, days=9)
    page = _home(client, cast.juno)
    assert "Session 1 · suggested agenda" in page and "Getting to know each other" in page
    held(pair, published.juno)
    with transaction.atomic():
        arc_save(
            actor=cast.priya,
            program=pair.program,
            steps=[
                ArcStep(0, "Hello", "", []),
                ArcStep(0, "Our tools", "Bring your phone.", ["Which app?"]),
            ],
        )
    for url in (reverse("home"), reverse("home:pair", args=[pair.uuid])):
        page = client.get(url).content.decode()
        assert "Session 2 · suggested agenda" in page, url
        assert "Our tools" in page and "Bring your phone." in page and "Which app?" in page

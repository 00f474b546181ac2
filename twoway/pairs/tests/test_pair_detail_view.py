import datetime as dt

from django.urls import reverse
from django.utils import timezone

from twoway.meetings.tests.helpers import held, sign_both
from twoway.pairs.models import Pair
from twoway.programs.models import Program


def url_of(pair):
    return reverse("home:pair", kwargs={"uuid": pair.uuid})


def test_each_partner_sees_the_other_and_why_they_were_matched(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)

    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    assert "You and Sterling Hayes" in page
    assert "Your mentee" in page
    assert (
        "You can teach Sterling Short-form video for business: you rated yourself "
        "4 · strong, Sterling 1 · new to it." in page
    )
    assert (
        "Sterling can teach you Negotiation: Sterling rated 5 · expert, "
        "you rated yourself 1 · new to it." in page
    )

    client.force_login(cast.sterling)
    page = client.get(url_of(pair)).content.decode()
    assert "You and Juno Park" in page and "Your mentor" in page
    assert "You can teach Juno Negotiation: you rated yourself 5 · expert" in page
    assert "Juno can teach you Short-form video for business: Juno rated 4 · strong" in page
    assert "Juno Park can teach" not in page  # nobody is told about themself by name


def test_participants_are_not_told_which_self_description_lines_they_cross(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    pair.reasons = pair.reasons | {"crossed": ["department", "gender"]}
    pair.save()

    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    assert "You and Sterling come from a different department." in page
    assert "gender" not in page.lower()
    client.force_login(cast.priya)
    assert "Crosses department and gender." in client.get(url_of(pair)).content.decode()


def test_the_program_manager_sees_both_people(client, published, cast):
    client.force_login(cast.priya)
    page = client.get(url_of(Pair.objects.get(mentor=published.juno))).content.decode()
    assert "Juno Park &amp; Sterling Hayes" in page


def test_anyone_else_gets_404(client, published, cast, morgan):
    pair = Pair.objects.get(mentor=published.juno)
    for user in (published.maya.user, published.richard.user, cast.otto, cast.sol, morgan):
        client.force_login(user)
        assert client.get(url_of(pair)).status_code == 404, user


def test_anonymous_visitors_are_sent_to_log_in(client, published):
    response = client.get(url_of(Pair.objects.get(mentor=published.juno)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unknown_pair_is_not_found(client, cast):
    client.force_login(cast.priya)
    assert client.get("/pairs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_my_pairs_lists_only_my_own(client, published, cast):
    client.force_login(cast.juno)
    page = client.get(reverse("pairs:mine")).content.decode()
    assert "Sterling Hayes" in page and "Richard Hale" not in page
    client.force_login(cast.otto)
    assert "No pairs yet" in client.get(reverse("pairs:mine")).content.decode()


def test_the_program_page_shows_each_partner_the_pair_as_my_programs_does(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    for user, partner in ((cast.juno, "Sterling Hayes"), (cast.sterling, "Juno Park")):
        client.force_login(user)
        page = client.get(reverse("home:program", kwargs={"slug": pair.program.slug}))
        body = page.content.decode()
        assert f"<strong>{partner}</strong>" in body
        assert url_of(pair) in body


def test_the_page_puts_what_waits_first_and_why_last(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    order = [
        "What is waiting for you",
        "Sign version 1 of your agreement",
        'id="agreement-heading"',
        'id="meetings-heading"',
        'id="why-heading"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert '<details class="card why-card why-details">' in page  # collapsed


def test_the_closing_reflection_is_offered_near_the_end_only(client, published, cast):
    pair = Pair.objects.select_related("program").get(mentor=published.juno)
    sign_both(pair)
    held(pair, published.juno)
    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    assert "Closing reflections" not in page and "Save my reflection" not in page
    Program.objects.filter(pk=pair.program_id).update(planned_sessions=1)
    page = client.get(url_of(pair)).content.decode()
    assert "Save my reflection" in page and "Write your closing reflection" in page
    Program.objects.filter(pk=pair.program_id).update(
        planned_sessions=6, ends_on=timezone.localdate() + dt.timedelta(days=10)
    )
    assert "Save my reflection" in client.get(url_of(pair)).content.decode()

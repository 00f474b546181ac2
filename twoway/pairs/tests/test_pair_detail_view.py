from django.urls import reverse

from twoway.pairs.models import Pair


def url_of(pair):
    return reverse("home:pair", kwargs={"uuid": pair.uuid})


def test_each_partner_sees_the_other_and_why_they_were_matched(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)

    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    assert "You and Sterling Hayes" in page
    assert "Your mentee" in page
    assert "Juno Park can teach Sterling Hayes short-form video for business" in page
    assert "Sterling Hayes can teach back negotiation" in page

    client.force_login(cast.sterling)
    page = client.get(url_of(pair)).content.decode()
    assert "You and Juno Park" in page and "Your mentor" in page


def test_participants_are_not_told_which_self_description_lines_they_cross(client, published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    pair.reasons = pair.reasons | {"crossed": ["department", "gender"]}
    pair.save()

    client.force_login(cast.juno)
    page = client.get(url_of(pair)).content.decode()
    assert "Crosses department." in page and "gender" not in page.lower()
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

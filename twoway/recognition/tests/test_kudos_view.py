from django.urls import reverse

from twoway.pairs.models import Pair
from twoway.recognition.models import Kudos


def kudos_url(pair):
    return reverse("recognition:kudos", kwargs={"uuid": pair.uuid})


def pair_url(pair):
    return reverse("home:pair", kwargs={"uuid": pair.uuid})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_partner_sends_kudos_and_returns_to_the_pair(client, pair, cast):
    client.force_login(cast.juno)
    response = client.post(kudos_url(pair), {"category": "listened", "note": "Thanks!"})

    assert response.status_code == 302 and response["Location"] == pair_url(pair)
    kudos = Kudos.objects.get()
    assert (kudos.giver, kudos.receiver, kudos.note) == (pair.mentor, pair.mentee, "Thanks!")
    page = client.get(response["Location"])
    assert "Kudos sent to Sterling: “A great listener”." in messages_of(page)


def test_a_double_submit_shows_why_and_saves_once(client, pair, cast):
    client.force_login(cast.juno)
    client.post(kudos_url(pair), {"category": "listened"})
    response = client.post(kudos_url(pair), {"category": "listened"}, follow=True)

    assert Kudos.objects.count() == 1
    assert any("You already thanked Sterling" in m for m in messages_of(response))


def test_bad_input_is_refused_with_a_message(client, pair, cast):
    client.force_login(cast.sterling)
    response = client.post(kudos_url(pair), {"category": "nope", "note": "x" * 300}, follow=True)

    assert not Kudos.objects.exists()
    (message,) = messages_of(response)
    assert message.startswith("No kudos sent") and "280" in message


def test_an_ended_pair_takes_no_kudos(client, pair, cast):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ENDED)
    client.force_login(cast.juno)
    response = client.post(kudos_url(pair), {"category": "listened"}, follow=True)
    assert not Kudos.objects.exists()
    assert any("ended early" in m for m in messages_of(response))


def test_only_the_partners_may_post_managers_and_others_get_404(client, pair, published, cast):
    for user in (cast.priya, cast.otto, published.maya.user):
        client.force_login(user)
        assert client.post(kudos_url(pair), {"category": "listened"}).status_code == 404, user
    assert not Kudos.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, pair):
    response = client.post(kudos_url(pair), {"category": "listened"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Kudos.objects.exists()


def test_kudos_are_only_posted(client, pair, cast):
    client.force_login(cast.juno)
    assert client.get(kudos_url(pair)).status_code == 405


def test_without_the_csrf_token_nothing_is_sent(csrf_client, pair, cast):
    csrf_client.force_login(cast.juno)
    assert csrf_client.post(kudos_url(pair), {"category": "listened"}).status_code == 403
    assert not Kudos.objects.exists()

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from twoway.notifications.mail import unsubscribe_token
from twoway.notifications.models import EmailOptOut, Kind
from twoway.notifications.services import reminders_send_due
from twoway.notifications.tests.steps import meeting, pair_of


def url_of(user, kind):
    return reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def test_opening_the_link_asks_first_and_switches_nothing_off(client, cast):
    response = client.get(url_of(cast.juno, Kind.PULSE))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop e-mails about “Pulse check-ins”?" in page
    assert '<button class="button" type="submit">Stop these e-mails</button>' in page
    assert not EmailOptOut.objects.exists()


def test_the_button_switches_the_kind_off_without_logging_in(csrf_client, cast):
    response = csrf_client.post(url_of(cast.juno, Kind.PULSE))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Done — you can switch them back on in your" in page
    assert reverse("notifications:preferences") in page
    assert list(EmailOptOut.objects.values_list("user", "kind")) == [(cast.juno.pk, Kind.PULSE)]


def test_a_mail_clients_one_click_post_works(csrf_client, quiet):
    meeting(pair_of(quiet.juno), timezone.now() + timedelta(hours=3))
    reminders_send_due()
    to_juno = next(m for m in mail.outbox if m.to == ["juno@example.org"])
    url = to_juno.extra_headers["List-Unsubscribe"].strip("<>")

    response = csrf_client.post(
        url, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=quiet.juno.user, kind=Kind.MEETING_SOON).exists()


def test_a_bad_or_altered_link_is_a_clear_400_and_changes_nothing(client, csrf_client, cast):
    good = unsubscribe_token(cast.juno, Kind.PULSE)
    for token in ("nonsense", good[:-2] + "xx", good.replace(":", ":A", 1)):
        url = reverse("notifications:unsubscribe", kwargs={"token": token})
        for response in (client.get(url), csrf_client.post(url)):
            assert response.status_code == 400, token
            assert "This link does not work" in response.content.decode()
    assert not EmailOptOut.objects.exists()


def test_only_get_and_post_are_answered(client, cast):
    assert client.put(url_of(cast.juno, Kind.PULSE)).status_code == 405
    assert not EmailOptOut.objects.exists()

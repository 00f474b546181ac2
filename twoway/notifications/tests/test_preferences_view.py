from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.notifications.forms import KIND_HELP
from twoway.notifications.models import EmailOptOut, Kind
from twoway.notifications.tests.steps import switched_off

URL = reverse("notifications:preferences")


def test_it_shows_a_labelled_checkbox_with_a_line_of_help_per_kind(client, cast):
    EmailOptOut.objects.create(user=cast.juno, kind=Kind.PULSE)
    client.force_login(cast.juno)

    page = client.get(URL).content.decode()

    for kind in Kind:
        assert f'<label for="id_{kind.value}">{kind.label}</label>' in page
        assert KIND_HELP[kind] in page
        checked = kind != Kind.PULSE
        tag = (
            f'<input type="checkbox" name="{kind.value}" '
            f'aria-describedby="id_{kind.value}_helptext" id="id_{kind.value}"'
        )
        assert (tag + " checked>" in page) is checked, kind


def test_saving_switches_off_what_is_unticked_and_says_so(client, cast):
    client.force_login(cast.juno)

    response = client.post(URL, {Kind.AGREEMENT: "on", Kind.MEETING_SOON: "on"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Saved your e-mail settings." in response.content.decode()
    assert switched_off(cast.juno) == set(Kind.values) - {Kind.AGREEMENT, Kind.MEETING_SOON}
    assert AuditEvent.objects.filter(action="email.preferences", actor=cast.juno).count() == 1

    client.post(URL, {kind: "on" for kind in Kind.values})
    assert switched_off(cast.juno) == set()


def test_a_login_without_a_person_has_settings_too(client, cast):
    client.force_login(cast.otto)
    assert client.get(URL).status_code == 200
    client.post(URL, {})
    assert switched_off(cast.otto) == set(Kind.values)


def test_each_user_changes_only_their_own(client, cast):
    client.force_login(cast.priya)
    client.post(URL, {})
    assert switched_off(cast.priya) == set(Kind.values) and switched_off(cast.juno) == set()


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    for response in (client.get(URL), client.post(URL, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not EmailOptOut.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(csrf_client, cast):
    csrf_client.force_login(cast.juno)
    assert csrf_client.post(URL, {}).status_code == 403
    assert switched_off(cast.juno) == set()


def test_the_account_menu_links_to_it(client, cast):
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{URL}">E-mail settings</a>' in page

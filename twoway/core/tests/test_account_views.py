import re

import pytest
from django.core import mail
from django.urls import reverse

from twoway.core.models import AuditEvent
from twoway.testing.factories import CAST_PASSWORD


@pytest.mark.django_db
def test_login_with_email_in_any_case_reaches_the_home_page(client, cast):
    response = client.post(
        reverse("login"), {"username": "Juno@Example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == cast.juno


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_so_and_signs_nobody_in(client, cast):
    response = client.post(reverse("login"), {"username": "juno@example.org", "password": "not-it"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_even_with_the_right_one(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "juno@example.org", "password": "nope"})
    response = client.post(
        reverse("login"), {"username": "juno@example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client, cast):
    client.force_login(cast.juno)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_works_and_is_audited(client, cast):
    client.force_login(cast.juno)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": CAST_PASSWORD,
            "new_password1": "a-much-better-phrase-42",
            "new_password2": "a-much-better-phrase-42",
        },
    )
    assert response.status_code == 302
    cast.juno.refresh_from_db()
    assert cast.juno.check_password("a-much-better-phrase-42")
    assert AuditEvent.objects.filter(action="user.password_change", actor=cast.juno).exists()


@pytest.mark.django_db
def test_password_change_with_a_wrong_old_password_changes_nothing(client, cast):
    client.force_login(cast.juno)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-much-better-phrase-42",
            "new_password2": "a-much-better-phrase-42",
        },
    )
    assert response.status_code == 200
    cast.juno.refresh_from_db()
    assert cast.juno.check_password(CAST_PASSWORD)
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client, cast):
    client.post(reverse("password_reset"), {"email": "juno@example.org"})
    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", str(mail.outbox[0].body))
    assert found is not None
    link = found[1]
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "fresh-start-phrase-77", "new_password2": "fresh-start-phrase-77"},
    )
    assert response.status_code == 302
    cast.juno.refresh_from_db()
    assert cast.juno.check_password("fresh-start-phrase-77")
    assert AuditEvent.objects.filter(action="user.password_reset", actor=cast.juno).exists()


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_reveals_nothing(client, cast):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_forged_login_post_without_csrf_token_is_refused(csrf_client, cast):
    response = csrf_client.post(
        reverse("login"), {"username": "juno@example.org", "password": CAST_PASSWORD}
    )
    assert response.status_code == 403

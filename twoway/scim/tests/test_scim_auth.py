"""Only a live SCIM token calls /scim/v2/, and a SCIM token calls nothing else."""

from __future__ import annotations

from django.utils import timezone

from twoway.api.models import ApiToken
from twoway.api.tests.helpers import api_get, assert_problem, token_for
from twoway.core.audit import AuditAction
from twoway.core.models import AuditEvent
from twoway.people.models import Person
from twoway.scim.tests.helpers import USERS, assert_scim_error, call, new_user, scim_token_for


def test_no_token_is_a_scim_401_with_a_challenge(db, client):
    response = call(client, "GET", USERS, None)
    body = assert_scim_error(response, 401)
    assert body["detail"] == "Send a SCIM token: Authorization: Bearer <token>."
    assert response["WWW-Authenticate"] == 'Bearer realm="SCIM"'


def test_an_unknown_token_is_a_401(db, client):
    body = assert_scim_error(call(client, "GET", USERS, "not-a-token"), 401)
    assert body["detail"] == "This API token is not known."


def test_a_revoked_token_is_a_401(cast, client, scim_secret):
    ApiToken.objects.update(revoked_at=timezone.now())
    body = assert_scim_error(call(client, "GET", USERS, scim_secret), 401)
    assert body["detail"] == "This API token was revoked."


def test_a_token_not_made_for_scim_is_a_403(cast, client):
    secret = token_for(cast.juno, write=True)
    body = assert_scim_error(call(client, "GET", USERS, secret), 403)
    assert body["detail"].startswith("This API token is not a SCIM token.")


def test_a_signed_in_browser_without_a_token_is_a_401(cast, client):
    client.force_login(cast.ada)
    assert_scim_error(call(client, "GET", USERS, None), 401)


def test_a_read_scim_token_reads_but_does_not_create(cast, client):
    secret = scim_token_for(cast.ada, cast.otto, write=False)
    assert call(client, "GET", USERS, secret).status_code == 200
    body = assert_scim_error(call(client, "POST", USERS, secret, new_user()), 403)
    assert body["detail"].startswith("This token may only read.")
    assert not Person.objects.filter(email="lena.berg@example.org").exists()


def test_a_scim_token_may_not_call_the_rest_api(cast, client, scim_secret):
    body = assert_problem(api_get(client, "/api/v1/me", scim_secret), 403)
    assert (
        body["detail"]
        == "This is a SCIM token: it may call the SCIM endpoints under /scim/v2/ only."
    )


def test_over_the_rate_limit_is_a_429_with_retry_after(cast, client, scim_secret, settings):
    settings.API_RATE_PER_MINUTE = 2
    assert call(client, "GET", USERS, scim_secret).status_code == 200
    assert call(client, "GET", USERS, scim_secret).status_code == 200
    response = call(client, "GET", USERS, scim_secret)
    assert_scim_error(response, 429)
    assert response["Retry-After"] == "60"


def test_every_write_records_the_token_use(cast, client, scim_secret):
    call(client, "POST", USERS, scim_secret, new_user())
    use = AuditEvent.objects.filter(action=AuditAction.API_TOKEN_USE).latest("at")
    assert use.actor == cast.otto
    assert use.after == {"method": "POST", "path": USERS, "write": True}

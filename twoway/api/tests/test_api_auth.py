"""Who may call: a live token, or the browser's session with CSRF for writes."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from twoway.api.models import ApiToken
from twoway.api.tests.helpers import api_get, api_patch, assert_problem, bearer, token_for


def test_no_credentials_is_401_problem(db, client):
    body = assert_problem(client.get("/api/v1/me"), 401)
    assert body["instance"] == "/api/v1/me"
    assert "Bearer" in body["detail"]


def test_unknown_token_is_401(cast, client):
    response = api_get(client, "/api/v1/me", "not-a-token")
    body = assert_problem(response, 401)
    assert body["detail"] == "This API token is not known."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_401(cast, client):
    secret = token_for(cast.juno)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    body = assert_problem(api_get(client, "/api/v1/me", secret), 401)
    assert body["detail"].startswith("This API token expired on")


def test_a_switched_off_account_is_401(cast, client):
    secret = token_for(cast.juno)
    cast.juno.is_active = False
    cast.juno.save()
    assert_problem(api_get(client, "/api/v1/me", secret), 401)


def test_a_bad_token_does_not_fall_back_to_the_session(cast, client):
    client.force_login(cast.juno)
    assert_problem(api_get(client, "/api/v1/me", "not-a-token"), 401)


def test_a_live_token_reads_as_its_user(cast, client):
    secret = token_for(cast.juno)
    body = api_get(client, "/api/v1/me", secret).json()
    assert body["email"] == "juno@example.org"
    assert body["token"]["prefix"] == secret[:8]
    assert body["token"]["scope"] == "read"


def test_a_read_token_may_not_write(pilot, cast, client):
    secret = token_for(cast.priya)
    url = f"/api/v1/programs/{pilot.program.slug}"
    body = assert_problem(api_patch(client, url, {"name": "Renamed"}, secret), 403)
    assert "only read" in body["detail"]
    pilot.program.refresh_from_db()
    assert pilot.program.name == "Reverse pilot"


def test_a_read_write_token_writes_without_csrf(pilot, cast, csrf_client):
    secret = token_for(cast.priya, write=True)
    url = f"/api/v1/programs/{pilot.program.slug}"
    assert api_patch(csrf_client, url, {"name": "Renamed"}, secret).status_code == 200


def test_the_session_reads(cast, client):
    client.force_login(cast.juno)
    body = client.get("/api/v1/me").json()
    assert body["email"] == "juno@example.org"
    assert body["token"] is None


def test_the_session_writes_only_with_the_csrf_token(pilot, cast, csrf_client):
    csrf_client.force_login(cast.priya)
    url = f"/api/v1/programs/{pilot.program.slug}"
    body = assert_problem(api_patch(csrf_client, url, {"name": "Renamed"}), 403)
    assert "CSRF" in body["detail"]
    csrf_client.get("/me/tokens/")  # a page sets the csrftoken cookie
    csrf = csrf_client.cookies["csrftoken"].value
    response = csrf_client.patch(
        url,
        data=json.dumps({"name": "Renamed"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Renamed"


def test_bearer_with_another_scheme_is_401(cast, client):
    secret = token_for(cast.juno)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {secret}")
    assert_problem(response, 401)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200

from __future__ import annotations

from twoway.api.tests.helpers import api_get, assert_problem, token_for


def test_over_the_limit_is_429_with_retry_after(cast, client, settings):
    settings.API_RATE_PER_MINUTE = 3
    secret = token_for(cast.juno)
    for _ in range(3):
        assert api_get(client, "/api/v1/me", secret).status_code == 200
    response = api_get(client, "/api/v1/me", secret)
    assert_problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_token_has_its_own_budget(cast, client, settings):
    settings.API_RATE_PER_MINUTE = 2
    first, second = token_for(cast.juno), token_for(cast.juno)
    for _ in range(2):
        api_get(client, "/api/v1/me", first)
    assert api_get(client, "/api/v1/me", first).status_code == 429
    assert api_get(client, "/api/v1/me", second).status_code == 200


def test_the_session_is_limited_too(cast, client, settings):
    settings.API_RATE_PER_MINUTE = 1
    client.force_login(cast.juno)
    assert client.get("/api/v1/me").status_code == 200
    assert_problem(client.get("/api/v1/me"), 429)

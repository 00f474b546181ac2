"""/me/tokens/: a person's own tokens."""

from __future__ import annotations

from twoway.api.models import ApiToken, token_hash
from twoway.api.services import api_token_create


def test_the_page_lists_only_your_tokens(cast, client):
    api_token_create(actor=cast.juno, user=cast.juno, name="Juno's script")
    api_token_create(actor=cast.sterling, user=cast.sterling, name="Sterling's script")
    client.force_login(cast.juno)
    response = client.get("/me/tokens/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Juno&#x27;s script" in html and "Sterling" not in html
    assert response["Cache-Control"] == "no-store"


def test_creating_shows_the_secret_once(cast, client):
    client.force_login(cast.juno)
    response = client.post("/me/tokens/", {"name": "Calendar", "write": "on", "expires": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    html = response.content.decode()
    secret = html.split('id="token-secret"')[1].split('value="')[1].split('"')[0]
    assert token.key_hash == token_hash(secret)
    assert token.scope == "read_write" and token.expires_at is not None
    again = client.get("/me/tokens/").content.decode()
    assert secret not in again and token.prefix in again


def test_bad_input_creates_nothing(cast, client):
    client.force_login(cast.juno)
    response = client.post("/me/tokens/", {"name": "", "expires": "30"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert 'id="token-secret"' not in response.content.decode()


def test_never_expiring(cast, client):
    client.force_login(cast.otto)
    client.post("/me/tokens/", {"name": "Forever", "expires": "never"})
    assert ApiToken.objects.get(user=cast.otto).expires_at is None


def test_revoke_your_own_token(cast, client):
    token, _ = api_token_create(actor=cast.juno, user=cast.juno, name="Script")
    client.force_login(cast.juno)
    response = client.post(f"/me/tokens/{token.uuid}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post(f"/me/tokens/{token.uuid}/revoke/").status_code == 302  # twice: harmless


def test_someone_elses_token_is_404(cast, client):
    token, _ = api_token_create(actor=cast.sterling, user=cast.sterling, name="Script")
    client.force_login(cast.juno)
    assert client.post(f"/me/tokens/{token.uuid}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_signed_out_goes_to_login(db, client):
    response = client.get("/me/tokens/")
    assert response.status_code == 302 and "login" in response["Location"]

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from twoway.api.models import ApiToken, token_hash
from twoway.api.tests.helpers import api_get
from twoway.core.models import AuditEvent


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().splitlines()


def test_create_prints_the_token_on_its_last_line(cast, client):
    lines = _run(
        "create", "--user", "Otto@example.org", "--name", "HR sync", "--write", "--scim",
        "--expires-days", "30",
    )  # fmt: skip
    secret = lines[-1]
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(secret)
    assert (token.user, token.scope, token.scim) == (cast.otto, "read_write", True)
    assert token.expires_at is not None and token.created_by is None
    assert secret not in "\n".join(lines[:-1])
    # A SCIM token is for /scim/v2/ only (twoway/scim/tests call it there).
    assert api_get(client, "/api/v1/me", secret).status_code == 403
    assert AuditEvent.objects.get(action="api_token.create").actor is None


def test_revoke_by_prefix(cast, client):
    secret = _run("create", "--user", "juno@example.org", "--name", "Script")[-1]
    assert "Revoked" in _run("revoke", secret[:8])[-1]
    assert "already revoked" in _run("revoke", secret[:8])[-1]
    assert api_get(client, "/api/v1/me", secret).status_code == 401


def test_bad_input(cast):
    with pytest.raises(CommandError, match="No account"):
        _run("create", "--user", "nobody@example.org", "--name", "X")
    with pytest.raises(CommandError, match="name"):
        _run("create", "--user", "juno@example.org", "--name", " ")
    with pytest.raises(CommandError, match="No token"):
        _run("revoke", "zzzzzzzz")
    assert not ApiToken.objects.exists()

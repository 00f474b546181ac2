from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from twoway.api.services import api_token_create, api_token_revoke
from twoway.api.tests.helpers import api_get, assert_problem
from twoway.core.models import AuditEvent


def test_a_revoked_token_stops_working_at_once(cast, client):
    token, secret = api_token_create(actor=cast.juno, user=cast.juno, name="Script")
    assert api_get(client, "/api/v1/me", secret).status_code == 200
    assert api_token_revoke(actor=cast.juno, token=token)
    body = assert_problem(api_get(client, "/api/v1/me", secret), 401)
    assert body["detail"] == "This API token was revoked."


def test_revoking_twice_changes_nothing(cast):
    token, _ = api_token_create(actor=cast.juno, user=cast.juno, name="Script")
    assert api_token_revoke(actor=cast.juno, token=token)
    assert not api_token_revoke(actor=cast.juno, token=token)
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_only_the_owner_or_an_administrator_revokes(cast):
    token, _ = api_token_create(actor=cast.juno, user=cast.juno, name="Script")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=cast.priya, token=token)
    assert api_token_revoke(actor=cast.ada, token=token)
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor == cast.ada and event.subject_id == str(token.uuid)

"""Each use of a token: ``last_used_at`` at most once a minute, and the audit log."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from twoway.api.models import ApiToken
from twoway.api.tests.helpers import api_get, api_patch, token_for
from twoway.core.models import AuditEvent


def _uses() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="api_token.use").order_by("pk"))


def test_reads_are_recorded_once_a_minute(cast, client):
    secret = token_for(cast.juno)
    assert ApiToken.objects.get().last_used_at is None
    for _ in range(3):
        assert api_get(client, "/api/v1/me", secret).status_code == 200
    token = ApiToken.objects.get()
    first_use = token.last_used_at
    assert first_use is not None
    uses = _uses()
    assert len(uses) == 1
    assert uses[0].actor == cast.juno
    assert uses[0].after == {"method": "GET", "path": "/api/v1/me", "write": False}
    # A minute on, the next read is recorded again.
    ApiToken.objects.update(last_used_at=timezone.now() - dt.timedelta(seconds=61))
    api_get(client, "/api/v1/me", secret)
    assert len(_uses()) == 2
    later = ApiToken.objects.get().last_used_at
    assert later is not None and later > first_use


def test_every_write_is_recorded(pilot, cast, client):
    secret = token_for(cast.priya, write=True)
    url = f"/api/v1/programs/{pilot.program.slug}"
    api_patch(client, url, {"name": "First"}, secret)
    api_patch(client, url, {"name": "Second"}, secret)
    writes = [e for e in _uses() if e.after and e.after["write"]]
    assert len(writes) == 2
    assert writes[0].after == {"method": "PATCH", "path": url, "write": True}
    assert AuditEvent.objects.filter(action="program.update", actor=cast.priya).count() == 2


def test_a_refused_token_is_not_recorded(cast, client):
    secret = token_for(cast.juno)
    ApiToken.objects.update(revoked_at=timezone.now())
    api_get(client, "/api/v1/me", secret)
    assert _uses() == []
    assert ApiToken.objects.get().last_used_at is None

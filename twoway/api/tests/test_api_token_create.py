from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from twoway.api import services
from twoway.api.models import ApiToken
from twoway.api.services import api_token_create
from twoway.core.models import AuditEvent


def test_only_the_hash_of_the_secret_is_stored(cast):
    token, secret = api_token_create(actor=cast.juno, user=cast.juno, name="  My  script ")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.prefix == secret[:8]
    assert stored.name == "My script"
    assert stored.scope == ApiToken.Scope.READ
    assert not stored.scim
    assert stored.created_by == cast.juno
    values = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert secret not in values


def test_creating_is_audited_without_the_secret(cast):
    token, secret = api_token_create(actor=cast.juno, user=cast.juno, name="Script", write=True)
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.after is not None
    assert event.actor == cast.juno
    assert event.subject_id == str(token.uuid)
    assert event.after["scope"] == "read_write"
    assert secret not in str(event.after) and secret not in event.subject_label


def test_each_token_has_its_own_secret_and_prefix(cast):
    first = api_token_create(actor=cast.juno, user=cast.juno, name="One")
    second = api_token_create(actor=cast.juno, user=cast.juno, name="Two")
    assert first[1] != second[1]
    assert first[0].prefix != second[0].prefix


def test_a_person_creates_tokens_for_themself_only(cast):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=cast.juno, user=cast.sterling, name="Not mine")
    with pytest.raises(PermissionDenied):
        api_token_create(actor=cast.priya, user=cast.otto, name="Not mine")
    assert not ApiToken.objects.exists()


def test_an_administrator_creates_one_for_an_integration(cast):
    token, _ = api_token_create(actor=cast.ada, user=cast.otto, name="HR sync", scim=True)
    assert token.user == cast.otto
    assert token.created_by == cast.ada
    assert token.scim


def test_only_an_administrator_creates_a_scim_token(cast):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=cast.juno, user=cast.juno, name="SCIM", scim=True)


def test_bad_input_is_refused(cast):
    with pytest.raises(ValidationError):
        api_token_create(actor=cast.juno, user=cast.juno, name="   ")
    with pytest.raises(ValidationError):
        api_token_create(actor=cast.juno, user=cast.juno, name="x" * 101)
    with pytest.raises(ValidationError):
        api_token_create(
            actor=cast.juno,
            user=cast.juno,
            name="Late",
            expires_at=timezone.now() - dt.timedelta(minutes=1),
        )
    cast.otto.is_active = False
    cast.otto.save()
    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=cast.otto, name="Off")
    assert not ApiToken.objects.exists()


def test_no_secret_starts_with_a_dash_that_the_command_would_take_for_an_option(cast, monkeypatch):
    drawn = iter(["-starts-with-a-dash" + "x" * 30, "plain-secret" + "y" * 30])
    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda _: next(drawn))
    _, secret = services.api_token_create(actor=cast.juno, user=cast.juno, name="Script")
    assert secret.startswith("plain-secret")

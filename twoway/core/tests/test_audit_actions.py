"""The list of audit events: what it holds, and that nothing else is recorded."""

import re

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from twoway.core.admin_site import AuditedModelAdmin
from twoway.core.audit import AuditAction, audit_event, audit_record
from twoway.core.audit_actions import ADMIN_ACTIONS
from twoway.core.models import AuditEvent, User


def test_every_action_has_a_code_and_a_sentence():
    max_length = AuditEvent._meta.get_field("action").max_length
    assert max_length is not None
    for action in AuditAction:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", action.value), action
        assert len(action.value) <= max_length, action
        assert action.name == action.value.upper().replace(".", "_"), action
        assert action.label[0].isupper() and not action.label.endswith("."), action


def test_no_two_actions_share_a_code_or_a_sentence():
    # A repeated code would make the second name an alias of the first.
    assert len(AuditAction.__members__) == len(AuditAction)
    assert len(set(AuditAction.labels)) == len(AuditAction)


def test_the_field_offers_every_action():
    assert AuditEvent._meta.get_field("action").choices == AuditAction.choices


@pytest.mark.django_db
def test_audit_record_refuses_an_action_that_is_not_listed(cast):
    message = (
        "'pair.ended' is not an audit action: "
        "add it to AuditAction (twoway.core.audit_actions) first."
    )
    with pytest.raises(ValueError, match=re.escape(message)), transaction.atomic():
        audit_record(actor=cast.ada, action="pair.ended")  # type: ignore[arg-type]
    assert not AuditEvent.objects.filter(action="pair.ended").exists()


@pytest.mark.django_db
def test_audit_record_refuses_a_listed_code_given_as_a_plain_string(cast):
    message = "'pair.end' is not an audit action: pass AuditAction.PAIR_END, not its code."
    with pytest.raises(ValueError, match=re.escape(message)), transaction.atomic():
        audit_record(actor=cast.ada, action="pair.end")  # type: ignore[arg-type]
    assert not AuditEvent.objects.filter(action="pair.end").exists()


@pytest.mark.django_db
def test_audit_record_keeps_the_code_of_the_action_it_is_given(cast):
    with transaction.atomic():
        event = audit_record(actor=cast.ada, action=AuditAction.PAIR_END)
    saved = AuditEvent.objects.get(pk=event.pk)
    assert saved.action == "pair.end" and saved.get_action_display() == "Ended a pair early"


def test_audit_event_refuses_an_action_that_is_not_listed():
    with pytest.raises(ValueError, match=re.escape("'people.imported' is not an audit action")):
        audit_event(actor=None, action="people.imported")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_every_model_the_admin_edits_has_its_three_actions(cast):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=cast.ada.pk)
    audited = {}
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("twoway."):
            continue  # other libraries' models (log-in attempts, task results)
        if isinstance(model_admin, AuditedModelAdmin):
            audited[model._meta.label_lower] = model._meta.model_name
            continue
        # Any other model of ours in the admin is read-only: no change goes unrecorded.
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    assert set(ADMIN_ACTIONS) == set(audited)
    for label, model_name in audited.items():
        actions = ADMIN_ACTIONS[label]
        # The codes the admin wrote before the list existed stay the same.
        assert actions.create == f"{model_name}.create"
        assert actions.update == f"{model_name}.update"
        assert actions.delete == f"{model_name}.delete"

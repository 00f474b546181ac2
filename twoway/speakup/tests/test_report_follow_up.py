"""An anonymous reporter follows their report with its reference and code."""

import pytest
from django.db import transaction
from django.urls import reverse

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, Role
from twoway.speakup.services import report_reply
from twoway.speakup.tests.helpers import SECRET, file
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db
FOLLOW = reverse("speakup:follow_up")


def test_the_codes_open_the_report_with_its_replies(client, cast):
    grant(cast.otto, Role.SAFEGUARDING_CONTACT)
    filed = file(cast.juno, anonymous=True)
    with transaction.atomic():
        report_reply(actor=cast.otto, report=filed.report, body="We will talk to you soon.")
    client.force_login(cast.juno)
    response = client.post(
        FOLLOW, {"reference": filed.report.reference.lower(), "code": filed.follow_up_code}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert SECRET in page and "We will talk to you soon." in page and "Otto" not in page
    event = AuditEvent.objects.get(action=AuditAction.REPORT_VIEW)
    assert event.actor is None and event.request_id == ""


def test_a_wrong_code_opens_nothing(client, cast):
    filed = file(cast.juno, anonymous=True)
    client.force_login(cast.sterling)
    response = client.post(
        FOLLOW, {"reference": filed.report.reference, "code": "AAAA-BBBB-CCCC-DDDD"}
    )
    assert response.status_code == 400 and SECRET not in response.content.decode()
    assert "No report matches" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.REPORT_VIEW).exists()


def test_a_named_report_has_no_code(client, cast):
    filed = file(cast.juno)
    assert filed.follow_up_code == "" and filed.report.follow_up_digest == ""
    client.force_login(cast.juno)
    response = client.post(FOLLOW, {"reference": filed.report.reference, "code": ""})
    assert response.status_code == 400

"""Every reading of a report is recorded, and so is every change; never its content."""

import pytest
from django.core import mail
from django.urls import reverse

from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, Role
from twoway.speakup.models import Report
from twoway.speakup.tests.helpers import SECRET, file
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(cast):
    grant(cast.otto, Role.SAFEGUARDING_CONTACT)
    return cast.otto


def _views():
    return AuditEvent.objects.filter(action=AuditAction.REPORT_VIEW)


def test_each_reading_is_recorded(client, cast, contact):
    report = file(cast.juno).report
    client.force_login(contact)
    url = reverse("speakup:report", kwargs={"uuid": report.uuid})
    client.get(url)
    client.get(url)
    assert _views().filter(actor=contact).count() == 2
    client.force_login(cast.juno)
    client.get(reverse("speakup:mine", kwargs={"uuid": report.uuid}))
    assert _views().filter(actor=cast.juno).count() == 1
    # The list shows no content and records nothing.
    client.force_login(contact)
    client.get(reverse("speakup:reports"))
    assert _views().count() == 3


def test_status_and_replies_are_recorded_without_content(
    client, cast, contact, django_capture_on_commit_callbacks
):
    report = file(cast.juno).report
    client.force_login(contact)
    kwargs = {"uuid": report.uuid}
    client.post(reverse("speakup:report_status", kwargs=kwargs), {"status": "looking_into_it"})
    client.post(reverse("speakup:report_status", kwargs=kwargs), {"status": "looking_into_it"})
    report.refresh_from_db()
    assert report.status == Report.Status.LOOKING_INTO_IT
    status = AuditEvent.objects.get(action=AuditAction.REPORT_STATUS)
    assert status.before == {"status": "received"} and status.after == {"status": "looking_into_it"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("speakup:report_reply", kwargs=kwargs), {"body": "Private words of comfort."}
        )
    assert response.status_code == 302
    reply = AuditEvent.objects.get(action=AuditAction.REPORT_REPLY)
    assert reply.after == {"reply": "[changed]"}
    for event in AuditEvent.objects.filter(subject_type="speakup.report"):
        text = str(event.before) + str(event.after) + event.subject_label
        assert SECRET not in text and "comfort" not in text
    (message,) = mail.outbox
    assert message.to == ["juno@example.org"] and "comfort" not in message.body
    assert SECRET not in message.body


def test_a_status_that_cannot_follow_is_refused(client, cast, contact):
    report = file(cast.juno).report
    client.force_login(contact)
    kwargs = {"uuid": report.uuid}
    client.post(reverse("speakup:report_status", kwargs=kwargs), {"status": "closed"})
    response = client.post(
        reverse("speakup:report_status", kwargs=kwargs), {"status": "resolved"}, follow=True
    )
    assert "cannot follow the current one" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED


def test_an_empty_reply_is_refused(client, cast, contact):
    report = file(cast.juno).report
    client.force_login(contact)
    response = client.post(
        reverse("speakup:report_reply", kwargs={"uuid": report.uuid}), {"body": " "}
    )
    assert response.status_code == 400 and not report.replies.exists()

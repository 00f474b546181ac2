"""Filing a report: named or anonymous, acknowledged, the contacts told that a
report arrived and never what it says."""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from tests.site.browser_form import form_find
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, Role
from twoway.speakup.models import Report
from twoway.speakup.selectors import report_find_by_code
from twoway.speakup.tests.helpers import SECRET, WISH
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db
START = reverse("speakup:start")


@pytest.fixture
def contact(cast):
    grant(cast.otto, Role.SAFEGUARDING_CONTACT)
    return cast.otto


def _form(client, **typed):
    form = form_find(client.get(START).content.decode(), action="")
    data = dict(form.submission())
    data.update(typed)
    return data


def test_a_named_report_is_acknowledged_and_the_contacts_told_without_content(
    client, cast, contact, django_capture_on_commit_callbacks
):
    client.force_login(cast.juno)
    data = _form(client, happened=SECRET, wish=WISH)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, data)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("speakup:mine", kwargs={"uuid": report.uuid})
    assert report.reporter == cast.juno and report.status == Report.Status.RECEIVED
    assert report.happened == SECRET and report.wish == WISH
    with connection.cursor() as cursor:  # stored encrypted
        cursor.execute("SELECT happened, wish FROM speakup_report")
        stored = cursor.fetchone()
    assert all(value.startswith("fernet:") and "shouted" not in value for value in stored)
    by_to = {message.to[0]: message for message in mail.outbox}
    assert set(by_to) == {"juno@example.org", "otto@example.org"}
    assert by_to["otto@example.org"].subject == "A new report was filed"
    assert "sign in to read it" in by_to["otto@example.org"].body
    assert report.reference in by_to["juno@example.org"].subject
    for message in mail.outbox:
        assert "shouted" not in f"{message.subject} {message.body}"
        assert "different partner" not in message.body
    event = AuditEvent.objects.get(action=AuditAction.REPORT_FILE)
    assert event.actor == cast.juno and event.subject_label == report.reference
    assert event.before is None and event.after is None
    # Sending the same form again files nothing more.
    client.post(START, data)
    assert Report.objects.count() == 1


def test_an_anonymous_report_keeps_no_link_to_its_author(
    client, cast, contact, published, django_capture_on_commit_callbacks
):
    client.force_login(cast.juno)
    data = _form(client, happened=SECRET, anonymous="on", program=str(published.program.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.reporter_id is None and report.program == published.program
    fields = {f.name for f in Report._meta.concrete_fields}
    assert not fields & {"person", "user", "email", "author"}
    page = response.content.decode()
    assert report.reference in page and "Keep these two codes now" in page
    code = page.split('<dt>Follow-up code</dt><dd><code class="speakup-code">')[1].split("<")[0]
    assert report_find_by_code(reference=report.reference, code=code) == report
    assert (
        report_find_by_code(reference=report.reference, code=code.lower().replace("-", " "))
        == report
    )
    assert code.replace("-", "") not in str(Report.objects.values().get())
    # No e-mail to the reporter; the contact is told a report arrived.
    assert [m.to for m in mail.outbox] == [["otto@example.org"]]
    # The audit row names nobody, and carries no request id to find the sign-in by.
    event = AuditEvent.objects.get(action=AuditAction.REPORT_FILE)
    assert event.actor is None and event.actor_label == "" and event.request_id == ""
    # Sending the same form twice shows the same codes and files once.
    again = client.post(START, data).content.decode()
    assert code in again and Report.objects.count() == 1
    # Nothing the contact reads names the reporter.
    client.force_login(contact)
    for url in (
        reverse("speakup:reports"),
        reverse("speakup:report", kwargs={"uuid": report.uuid}),
    ):
        text = client.get(url).content.decode()
        assert "Juno" not in text and "juno@example.org" not in text, url
    assert not AuditEvent.objects.filter(actor=cast.juno).exists()
    for event in AuditEvent.objects.filter(subject_type="speakup.report"):
        assert event.actor in (None, contact), event.action
        assert "Juno" not in str(event.__dict__) and "juno@" not in str(event.__dict__)
    # Not among the reporter's own reports either.
    client.force_login(cast.juno)
    assert report.reference not in client.get(START).content.decode()


def test_what_happened_is_required(client, cast):
    client.force_login(cast.juno)
    response = client.post(START, _form(client, happened="  "))
    assert response.status_code == 400 and not Report.objects.exists()


def test_only_ones_own_programs_can_be_chosen(client, cast, pilot, morgan):
    other = morgan.role_grants.get().program
    client.force_login(cast.juno)
    page = client.get(START).content.decode()
    assert pilot.program.name in page and "Other" not in page
    response = client.post(START, _form(client, happened=SECRET, program=str(other.pk)))
    assert response.status_code == 400 and not Report.objects.exists()


def test_filing_needs_a_sign_in(client):
    assert client.post(START, {"happened": SECRET, "key": "x" * 32}).status_code == 302
    assert not Report.objects.exists()

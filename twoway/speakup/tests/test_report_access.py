"""Who may read reports: the safeguarding contacts (by explicit grant) and each
named reporter their own. Administrators without the role may not."""

import uuid

import pytest
from django.contrib import admin
from django.urls import reverse

from twoway.core.models import Role
from twoway.speakup.models import Report, ReportReply
from twoway.speakup.tests.helpers import SECRET, file
from twoway.testing.factories import grant

pytestmark = pytest.mark.django_db
REPORTS = reverse("speakup:reports")


@pytest.fixture
def contact(cast):
    grant(cast.otto, Role.SAFEGUARDING_CONTACT)
    return cast.otto


def _report_urls(report):
    kwargs = {"uuid": report.uuid}
    return [
        reverse("speakup:report", kwargs=kwargs),
        reverse("speakup:report_status", kwargs=kwargs),
        reverse("speakup:report_reply", kwargs=kwargs),
    ]


def test_a_safeguarding_contact_lists_and_reads_every_report(client, cast, contact):
    named = file(cast.juno).report
    anonymous = file(cast.sterling, anonymous=True).report
    client.force_login(contact)
    page = client.get(REPORTS).content.decode()
    assert named.reference in page and anonymous.reference in page
    assert SECRET not in page  # the list shows no content
    detail = client.get(reverse("speakup:report", kwargs={"uuid": named.uuid}))
    assert detail.status_code == 200 and SECRET in detail.content.decode()


@pytest.mark.parametrize("who", ["juno", "priya", "sol", "ada", "sterling"])
def test_nobody_else_reads_reports_not_even_an_administrator(client, cast, contact, morgan, who):
    report = file(cast.juno).report
    client.force_login(getattr(cast, who))
    assert client.get(REPORTS).status_code == 403
    for url in _report_urls(report):
        response = (
            client.post(url, {"status": "closed", "body": "x"})
            if "/status/" in url or "/reply/" in url
            else client.get(url)
        )
        assert response.status_code == 403, url
        assert SECRET not in response.content.decode()
    client.force_login(morgan)
    assert client.get(REPORTS).status_code == 403


def test_an_administrator_who_holds_the_role_reads_them(client, cast):
    grant(cast.ada, Role.SAFEGUARDING_CONTACT)
    report = file(cast.juno).report
    client.force_login(cast.ada)
    assert client.get(reverse("speakup:report", kwargs={"uuid": report.uuid})).status_code == 200


def test_a_forged_report_address_is_404(client, cast, contact):
    client.force_login(contact)
    assert client.get(reverse("speakup:report", kwargs={"uuid": uuid.uuid4()})).status_code == 404


def test_a_reporter_reads_their_own_named_reports_only(client, cast):
    mine = file(cast.juno).report
    theirs = file(cast.sterling).report
    client.force_login(cast.juno)
    page = client.get(reverse("speakup:start")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    response = client.get(reverse("speakup:mine", kwargs={"uuid": mine.uuid}))
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert client.get(reverse("speakup:mine", kwargs={"uuid": theirs.uuid})).status_code == 404
    assert client.get(reverse("speakup:mine", kwargs={"uuid": uuid.uuid4()})).status_code == 404


def test_the_django_admin_does_not_hold_reports():
    assert Report not in admin.site._registry and ReportReply not in admin.site._registry

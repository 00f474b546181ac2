import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from twoway.core.models import AuditEvent, User
from twoway.people.services import person_invite
from twoway.testing.factories import PersonFactory


@pytest.mark.django_db
def test_invite_creates_a_login_and_mails_a_working_link(
    client, cast, django_capture_on_commit_callbacks
):
    newcomer = PersonFactory(name="Nia Newcomer", email="nia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user = person_invite(actor=cast.ada, person=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.user == user and not user.has_usable_password()
    assert mail.outbox[0].to == ["nia@example.org"]
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", str(mail.outbox[0].body))
    assert found is not None
    link = found[1]
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    assert AuditEvent.objects.filter(action="person.invite").count() == 1


@pytest.mark.django_db
def test_an_existing_login_with_the_same_email_is_linked_not_duplicated(cast):
    existing = User.objects.create_user(email="nia@example.org")
    newcomer = PersonFactory(email="NIA@example.org")
    assert person_invite(actor=cast.ada, person=newcomer) == existing
    assert User.objects.filter(email__iexact="nia@example.org").count() == 1


@pytest.mark.django_db
def test_only_administrators_invite(cast):
    with pytest.raises(PermissionDenied):
        person_invite(actor=cast.priya, person=PersonFactory())
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_leavers_cannot_be_invited(cast):
    leaver = PersonFactory(leave_date=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="left"):
        person_invite(actor=cast.ada, person=leaver)
    assert leaver.user is None


@pytest.mark.django_db
def test_invite_button_for_administrators_only(client, cast):
    newcomer = PersonFactory()
    url = reverse("people:invite", kwargs={"uuid": newcomer.uuid})
    client.force_login(cast.priya)
    assert client.post(url).status_code == 403
    client.force_login(cast.ada)
    response = client.post(url, follow=True)
    assert "Invitation sent" in response.content.decode()

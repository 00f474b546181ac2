"""Who the provider's verified claims sign in, and who they do not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from twoway.core.audit_sentences import audit_entries
from twoway.core.models import AuditEvent, User
from twoway.sso.refusals import Refusal, SsoRefused
from twoway.sso.services import sso_sign_in
from twoway.testing.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def claims(email: str, verified: object = True) -> dict[str, object]:
    found: dict[str, object] = {"sub": "s-1", "email": email}
    if verified is not None:
        found["email_verified"] = verified
    return found


def refusal_of(found: dict[str, object]) -> Refusal:
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in(claims=found, provider="Contoso")
    return refused.value.refusal


def test_signs_in_the_login_of_the_person_with_that_address_in_any_case(cast):
    assert sso_sign_in(claims=claims("JUNO@example.org"), provider="Contoso") == cast.juno


def test_takes_the_string_true_some_providers_send(cast):
    assert sso_sign_in(claims=claims("juno@example.org", "true"), provider="Contoso") == cast.juno


@pytest.mark.parametrize("verified", [None, False, "false", "yes", 1])
def test_refuses_an_address_not_explicitly_verified(cast, verified):
    assert refusal_of(claims("juno@example.org", verified)) == Refusal.EMAIL_UNVERIFIED


def test_reads_the_claim_the_settings_name_instead(cast, settings):
    settings.OIDC_EMAIL_VERIFIED_CLAIM = "xms_edov"
    entra = {"sub": "s-1", "email": "juno@example.org", "xms_edov": True}
    assert sso_sign_in(claims=entra, provider="Contoso") == cast.juno
    assert refusal_of(claims("juno@example.org")) == Refusal.EMAIL_UNVERIFIED


def test_refuses_claims_without_an_address(cast):
    assert refusal_of({"sub": "s-1", "email_verified": True}) == Refusal.EMAIL_MISSING
    assert AuditEvent.objects.get(action="sso.refuse").subject_label == "(no e-mail address)"


def test_links_an_existing_login_without_a_record_to_the_record_with_its_address(cast):
    otto = PersonFactory(name="Otto Quist", email="otto@example.org")
    assert sso_sign_in(claims=claims("otto@example.org"), provider="Contoso") == cast.otto
    otto.refresh_from_db()
    assert otto.user == cast.otto
    assert AuditEvent.objects.get(action="sso.sign_in").after == {
        "provider": "Contoso",
        "account_created": False,
        "linked": True,
    }


def test_refuses_a_login_that_belongs_to_another_record(cast):
    # Juno's login, while another record carries Juno's old address.
    cast.juno.person.email = "juno.park@example.org"
    cast.juno.person.save()
    PersonFactory(name="Juno Again", email="juno@example.org")
    assert refusal_of(claims("juno@example.org")) == Refusal.ACCOUNT_TAKEN


def test_someone_leaving_later_still_signs_in(cast):
    person = cast.juno.person
    person.leave_date = timezone.localdate() + dt.timedelta(days=30)
    person.save()
    assert sso_sign_in(claims=claims("juno@example.org"), provider="Contoso") == cast.juno


def test_someone_who_left_today_is_refused(cast):
    person = cast.juno.person
    person.leave_date = timezone.localdate()
    person.save()
    assert refusal_of(claims("juno@example.org")) == Refusal.LEFT


def test_a_refusal_is_audited_and_creates_no_login(db):
    PersonFactory(
        name="Ines Inactive",
        email="ines@example.org",
        user=UserFactory(email="ines@example.org", is_active=False),
    )
    users = User.objects.count()
    assert refusal_of(claims("ines@example.org")) == Refusal.INACTIVE
    assert User.objects.count() == users
    event = AuditEvent.objects.get(action="sso.refuse")
    assert (event.actor_id, event.subject_label) == (None, "ines@example.org")
    assert event.after == {"reason": "inactive", "provider": "Contoso"}


def test_the_audit_log_reads_both_outcomes_in_words(cast):
    sso_sign_in(claims=claims("juno@example.org"), provider="Contoso")
    refusal_of(claims("nobody@example.org"))
    sentences = {entry.sentence for entry in audit_entries(AuditEvent.objects.all())}
    assert sentences == {
        "Juno Park signed in with single sign-on.",
        "Twoway refused a single sign-on as nobody@example.org.",
    }

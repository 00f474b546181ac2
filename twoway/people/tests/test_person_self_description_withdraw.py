import pytest
from django.core.exceptions import PermissionDenied

from twoway.core.models import AuditEvent
from twoway.people.models import SelfDescription
from twoway.people.services import person_self_description_withdraw


@pytest.fixture
def described(cast):
    return SelfDescription.objects.create(person=cast.juno.person, kind="gender", value="Woman")


@pytest.mark.django_db
def test_withdrawing_consent_deletes_the_answer(cast, described):
    assert person_self_description_withdraw(actor=cast.juno, person=cast.juno.person, kind="gender")
    assert not SelfDescription.objects.exists()
    assert AuditEvent.objects.filter(action="self_description.withdraw").count() == 1


@pytest.mark.django_db
def test_nobody_else_may_withdraw_it(cast, described):
    with pytest.raises(PermissionDenied):
        person_self_description_withdraw(actor=cast.ada, person=cast.juno.person, kind="gender")
    assert SelfDescription.objects.count() == 1


@pytest.mark.django_db
def test_withdrawing_what_is_not_there_changes_nothing(cast):
    assert not person_self_description_withdraw(
        actor=cast.juno, person=cast.juno.person, kind="gender"
    )
    assert not AuditEvent.objects.exists()

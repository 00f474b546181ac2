import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twoway.core.models import AuditEvent
from twoway.notifications.mail import user_wants
from twoway.notifications.models import EmailOptOut, Kind
from twoway.notifications.services import email_preferences_set
from twoway.notifications.tests.steps import switched_off


def test_the_kinds_not_enabled_are_switched_off(cast):
    enabled = set(Kind.values) - {Kind.PULSE, Kind.LOG_MEETING}

    email_preferences_set(actor=cast.juno, user=cast.juno, enabled=enabled)

    assert switched_off(cast.juno) == {Kind.PULSE, Kind.LOG_MEETING}
    assert not user_wants(cast.juno, Kind.PULSE) and user_wants(cast.juno, Kind.AGREEMENT)


def test_enabling_a_kind_again_switches_it_back_on(cast):
    email_preferences_set(actor=cast.juno, user=cast.juno, enabled=[])
    assert switched_off(cast.juno) == set(Kind.values)

    email_preferences_set(actor=cast.juno, user=cast.juno, enabled=[Kind.PULSE])

    assert switched_off(cast.juno) == set(Kind.values) - {Kind.PULSE}


def test_the_change_is_audited_with_before_and_after(cast):
    EmailOptOut.objects.create(user=cast.juno, kind=Kind.PULSE)

    email_preferences_set(
        actor=cast.juno, user=cast.juno, enabled=set(Kind.values) - {Kind.AGREEMENT}
    )

    event = AuditEvent.objects.get(action="email.preferences")
    assert event.actor == cast.juno and event.subject_id == str(cast.juno.pk)
    assert event.before == {"off": [Kind.PULSE]} and event.after == {"off": [Kind.AGREEMENT]}


def test_saving_the_same_choice_again_changes_and_logs_nothing(cast):
    email_preferences_set(actor=cast.juno, user=cast.juno, enabled=[Kind.PULSE])
    email_preferences_set(actor=cast.juno, user=cast.juno, enabled=[Kind.PULSE])
    assert AuditEvent.objects.filter(action="email.preferences").count() == 1


@pytest.mark.parametrize("who", ["ada", "priya", "sterling"])
def test_nobody_else_may_choose_for_a_user(cast, who):
    with pytest.raises(PermissionDenied):
        email_preferences_set(actor=getattr(cast, who), user=cast.juno, enabled=[])
    assert switched_off(cast.juno) == set()
    assert not AuditEvent.objects.filter(action="email.preferences").exists()


def test_without_an_actor_it_is_refused(cast):
    with pytest.raises(PermissionDenied):
        email_preferences_set(actor=None, user=cast.juno, enabled=[])
    assert switched_off(cast.juno) == set()


def test_an_unknown_kind_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError, match="no kind of e-mail called newsletter"):
        email_preferences_set(actor=cast.juno, user=cast.juno, enabled=["newsletter"])
    assert switched_off(cast.juno) == set()

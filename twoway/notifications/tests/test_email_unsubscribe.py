from django.core import signing

from twoway.core.models import AuditEvent
from twoway.notifications.mail import SALT, unsubscribe_token, user_wants
from twoway.notifications.models import EmailOptOut, Kind
from twoway.notifications.services import email_unsubscribe


def test_the_token_switches_its_kind_off_for_its_user(cast):
    result = email_unsubscribe(token=unsubscribe_token(cast.juno, Kind.PULSE))

    assert result == (cast.juno, Kind.PULSE)
    assert not user_wants(cast.juno, Kind.PULSE)
    assert user_wants(cast.juno, Kind.AGREEMENT) and user_wants(cast.sterling, Kind.PULSE)
    event = AuditEvent.objects.get(action="email.unsubscribe")
    assert event.actor is None and event.subject_id == str(cast.juno.pk)
    assert event.after == {"off": [Kind.PULSE]}


def test_using_the_link_twice_changes_nothing_more(cast):
    token = unsubscribe_token(cast.juno, Kind.PULSE)
    email_unsubscribe(token=token)

    assert email_unsubscribe(token=token) == (cast.juno, Kind.PULSE)
    assert EmailOptOut.objects.count() == 1
    assert AuditEvent.objects.filter(action="email.unsubscribe").count() == 1


def test_a_forged_or_altered_token_changes_nothing(cast):
    good = unsubscribe_token(cast.juno, Kind.PULSE)
    forged = [
        "not-a-token",
        good[:-1] + ("A" if good[-1] != "A" else "B"),  # the signature altered
        signing.dumps({"u": cast.juno.pk, "k": Kind.PULSE}, salt="another.salt"),
        signing.dumps({"u": cast.juno.pk, "k": Kind.PULSE}, key="x" * 50, salt=SALT),
        signing.dumps({"u": cast.juno.pk, "k": "newsletter"}, salt=SALT),
        signing.dumps({"u": str(cast.juno.pk), "k": Kind.PULSE}, salt=SALT),
        signing.dumps({"u": 999_999, "k": Kind.PULSE}, salt=SALT),  # nobody
    ]
    for token in forged:
        assert email_unsubscribe(token=token) is None, token
    assert not EmailOptOut.objects.exists()
    assert not AuditEvent.objects.filter(action="email.unsubscribe").exists()

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from twoway.core.models import AuditEvent, Role
from twoway.meetings.models import Meeting, MeetingChange
from twoway.meetings.rules import PAIR_ENDED
from twoway.meetings.tests.helpers import held, plan
from twoway.pairs.models import Pair
from twoway.pairs.services import PairError, pair_end
from twoway.pairs.signals import pair_ended
from twoway.testing.factories import grant

REASON = "My new role leaves me no time before summer."


@pytest.fixture
def pair(published, cast):
    grant(cast.priya, Role.PROGRAM_MANAGER, program=published.program)
    return Pair.objects.get(mentor=published.juno)


def test_a_partner_ends_the_pair_and_only_managers_read_why(
    pair, published, cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pair_end(actor=cast.sterling, pair=pair, person=published.sterling, reason=REASON)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED and pair.ended_by == published.sterling
    assert pair.end_reason == REASON
    with connection.cursor() as cursor:
        cursor.execute("SELECT end_reason FROM pairs_pair WHERE id = %s", [pair.pk])
        assert REASON not in cursor.fetchone()[0]

    client.force_login(cast.juno)
    page = client.get(reverse("home:pair", kwargs={"uuid": pair.uuid})).content.decode()
    assert "This pair ended" in page and REASON not in page and "Sterling Hayes ended" not in page
    client.force_login(cast.priya)
    page = client.get(reverse("home:pair", kwargs={"uuid": pair.uuid})).content.decode()
    assert REASON in page and "Sterling Hayes ended it" in page

    to_juno = [m for m in mail.outbox if m.to == [published.juno.email]]
    assert len(to_juno) == 1 and REASON not in to_juno[0].body
    assert "Sterling" not in to_juno[0].body
    to_priya = [m for m in mail.outbox if m.to == [cast.priya.email]]
    assert len(to_priya) == 1 and REASON not in to_priya[0].body
    event = AuditEvent.objects.get(action="pair.end")
    assert event.after is not None
    assert REASON not in str(event.after) and event.after["side"] == "mentee"


def test_ending_twice_or_without_a_reason_is_refused(pair, published, cast):
    with pytest.raises(PairError, match="Say why"):
        pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="  ")
    pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="Too busy.")
    with pytest.raises(PairError, match="already ended"):
        pair_end(actor=cast.sterling, pair=pair, person=published.sterling, reason="Me too.")
    pair.refresh_from_db()
    assert pair.ended_by == published.juno and pair.end_reason == "Too busy."


def test_only_the_partners_can_end_it(pair, published, cast):
    with pytest.raises(PairError, match="Only the two partners"):
        pair_end(actor=cast.priya, pair=pair, person=published.maya, reason="No.")
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.NEW


def test_the_page_asks_for_a_reason_and_ends_the_pair(pair, cast, client):
    client.force_login(cast.juno)
    url = reverse("pairs:end", kwargs={"uuid": pair.uuid})
    assert "Only the program's managers read this" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.NEW
    response = client.post(url, {"reason": "Moving abroad."})
    assert response.status_code == 302
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ENDED


def test_managers_and_strangers_cannot_end_a_pair_from_the_page(pair, cast, client, morgan):
    for user in (cast.priya, morgan, cast.otto):
        client.force_login(user)
        url = reverse("pairs:end", kwargs={"uuid": pair.uuid})
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.NEW


# --- the meetings still to come end with the pair ------------------------------------


def _meetings_of(pair):
    past = held(pair, pair.mentor)
    coming = plan(pair, pair.mentee, days=3, repeat=3)
    return past, coming


def test_ending_cancels_the_meetings_to_come_and_keeps_those_held(pair, published, cast):
    past, coming = _meetings_of(pair)
    pair_end(actor=cast.sterling, pair=pair, person=published.sterling, reason=REASON)

    assert Meeting.objects.get(pk=past.pk).status == Meeting.Status.SCHEDULED
    for meeting in Meeting.objects.filter(pk__in=[m.pk for m in coming]):
        assert meeting.status == Meeting.Status.CANCELLED and meeting.sequence == 1
        # Neither why the pair ended nor who ended it: the partner is not told.
        assert (meeting.cancel_reason, meeting.cancelled_side, meeting.cancelled_by) == (
            PAIR_ENDED,
            "",
            None,
        )
    ledger = MeetingChange.objects.filter(kind=MeetingChange.Kind.CANCELLED)
    assert sorted(ledger.values_list("meeting_id", flat=True)) == sorted(m.pk for m in coming)
    assert set(ledger.values_list("reason", "side", "by")) == {(PAIR_ENDED, "", None)}
    events = AuditEvent.objects.filter(action="meeting.cancel")
    assert events.count() == 3 and all(REASON not in str(e.after) for e in events)


def test_each_partner_gets_one_email_whose_one_calendar_file_cancels_them_all(
    pair, published, cast, django_capture_on_commit_callbacks
):
    _past, coming = _meetings_of(pair)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pair_end(actor=cast.sterling, pair=pair, person=published.sterling, reason=REASON)

    notices = [m for m in mail.outbox if "cancelled" in m.subject]
    assert sorted(m.to[0] for m in notices) == [published.juno.email, published.sterling.email]
    for notice in notices:
        assert "has ended" in notice.body and REASON not in notice.body
        assert "Sterling Hayes ended" not in notice.body
        (attachment,) = notice.attachments
        _name, content, mimetype = attachment
        assert mimetype == "text/calendar; method=CANCEL"
        calendar = Calendar.from_ical(content)
        assert calendar["METHOD"] == "CANCEL"
        assert sorted(str(event["UID"]) for event in calendar.events) == sorted(
            f"{m.uuid}@twoway" for m in coming
        )
        assert {event["STATUS"] for event in calendar.events} == {"CANCELLED"}
        assert {event.decoded("SEQUENCE") for event in calendar.events} == {1}
        assert REASON not in (content.decode() if isinstance(content, bytes) else content)


def test_a_pair_without_meetings_to_come_sends_no_cancellation(
    pair, published, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pair_end(actor=cast.juno, pair=pair, person=published.juno, reason=REASON)
    assert not [m for m in mail.outbox if "cancelled" in m.subject]
    assert len(mail.outbox) == 2  # the partner is told, and the program's manager


def test_ending_and_cancelling_commit_or_roll_back_together(pair, published, cast):
    _past, coming = _meetings_of(pair)

    def refuse(**kwargs):
        raise RuntimeError("the calendar is down")

    pair_ended.connect(refuse, dispatch_uid="test-refuse")
    try:
        with pytest.raises(RuntimeError):
            pair_end(actor=cast.juno, pair=pair, person=published.juno, reason=REASON)
    finally:
        pair_ended.disconnect(dispatch_uid="test-refuse")
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.NEW
    statuses = Meeting.objects.filter(pk__in=[m.pk for m in coming]).values_list(
        "status", flat=True
    )
    assert set(statuses) == {Meeting.Status.SCHEDULED}
    assert not AuditEvent.objects.filter(action__in=["pair.end", "meeting.cancel"]).exists()

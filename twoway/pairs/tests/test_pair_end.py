import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.core.testing import grant
from twoway.pairs.models import Pair
from twoway.pairs.services import PairError, pair_end

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
    page = client.get(reverse("pairs:detail", kwargs={"uuid": pair.uuid})).content.decode()
    assert "This pair ended" in page and REASON not in page and "Sterling Hayes ended" not in page
    client.force_login(cast.priya)
    page = client.get(reverse("pairs:detail", kwargs={"uuid": pair.uuid})).content.decode()
    assert REASON in page and "Sterling Hayes ended it" in page

    to_juno = [m for m in mail.outbox if m.to == [published.juno.email]]
    assert len(to_juno) == 1 and REASON not in to_juno[0].body
    assert "Sterling" not in to_juno[0].body
    to_priya = [m for m in mail.outbox if m.to == [cast.priya.email]]
    assert len(to_priya) == 1 and REASON not in to_priya[0].body
    event = AuditEvent.objects.get(action="pair.end")
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

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from twoway.pairs.models import Pair, PulseCheckin
from twoway.pairs.services import PairError, checkin_answer

NOTE = "He keeps moving our sessions; I feel like a slot in his diary."


@pytest.fixture
def checkin(published):
    pair = Pair.objects.get(mentor=published.juno)
    return PulseCheckin.objects.create(
        pair=pair, person=published.juno, round=1, due_on=timezone.localdate()
    )


def test_the_answer_reaches_the_manager_and_not_the_partner(checkin, published, cast, client):
    checkin_answer(actor=cast.juno, checkin=checkin, person=published.juno, quality=2, note=NOTE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM pairs_pulsecheckin WHERE id = %s", [checkin.pk])
        assert NOTE not in cursor.fetchone()[0]
    client.force_login(cast.priya)
    board = reverse("meetings:health", kwargs={"slug": published.program.slug})
    assert NOTE in client.get(board).content.decode()
    client.force_login(cast.sterling)
    page = client.get(reverse("home:pair", kwargs={"uuid": checkin.pair.uuid}))
    assert NOTE not in page.content.decode()
    assert client.get(reverse("pairs:checkin", kwargs={"uuid": checkin.uuid})).status_code == 404


def test_answering_twice_or_out_of_range_is_refused(checkin, published, cast):
    with pytest.raises(PairError, match="from 1"):
        checkin_answer(actor=cast.juno, checkin=checkin, person=published.juno, quality=6)
    checkin_answer(actor=cast.juno, checkin=checkin, person=published.juno, quality=4)
    with pytest.raises(PairError, match="already answered"):
        checkin_answer(actor=cast.juno, checkin=checkin, person=published.juno, quality=1)
    checkin.refresh_from_db()
    assert checkin.quality == 4


def test_the_page_takes_the_two_answers(checkin, cast, client):
    client.force_login(cast.juno)
    pair_page = client.get(reverse("home:pair", kwargs={"uuid": checkin.pair.uuid}))
    assert "A two-question check-in is waiting for you" in pair_page.content.decode()
    url = reverse("pairs:checkin", kwargs={"uuid": checkin.uuid})
    assert client.post(url, {"note": "no rating"}).status_code == 200
    assert client.post(url, {"quality": "5", "note": "Great."}).status_code == 302
    checkin.refresh_from_db()
    assert checkin.quality == 5 and checkin.note == "Great." and checkin.answered_at

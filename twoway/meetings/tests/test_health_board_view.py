from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Pair
from twoway.pairs.tests.agreements import edit, sign


def board(published):
    return reverse("meetings:health", kwargs={"slug": published.program.slug})


def test_pairs_at_risk_come_first_with_the_reason(published, cast, client):
    pair = Pair.objects.get(mentor=published.maya)
    for days in (9, 2):
        Meeting.objects.create(pair=pair, starts_at=timezone.now() - timedelta(days=days),
                               time_zone="UTC", status=Meeting.Status.CANCELLED,
                               cancelled_side="mentee")  # fmt: skip
    client.force_login(cast.priya)
    page = client.get(board(published)).content.decode()
    assert "The mentee cancelled the last two meetings" in page
    assert page.index("Maya Chen &amp; Richard Hale") < page.index("Juno Park &amp; Sterling Hayes")
    assert "0 by mentors · 2 by mentees" in page


def test_the_board_shows_figures_but_never_what_pairs_wrote(published, cast, client):
    agreement = Pair.objects.get(mentor=published.juno).agreement
    edit(agreement, published.juno, 1, mentor_goals="Learn to negotiate my salary")
    sign(agreement, published.juno, 2)
    sign(agreement, published.sterling, 2)
    meeting = Meeting.objects.create(pair=agreement.pair, time_zone="UTC",
                                     starts_at=timezone.now() - timedelta(days=1))  # fmt: skip
    MeetingLog.objects.create(meeting=meeting, author=published.juno, side="mentor", rating=5,
                              shared_notes="About TikTok", private_notes="Nervous")  # fmt: skip
    client.force_login(cast.priya)
    page = client.get(board(published)).content.decode()
    assert "1 of 12 planned" in page  # meetings held / planned over both pairs
    for secret in ("Learn to negotiate", "About TikTok", "Nervous"):
        assert secret not in page
    pair_page = client.get(reverse("home:pair", kwargs={"uuid": agreement.pair.uuid}))
    text = pair_page.content.decode()
    assert "Learn to negotiate" not in text and "signed" in text


def test_only_the_programs_managers_open_the_board(published, cast, client, morgan):
    for user in (morgan, cast.juno, cast.sol):
        client.force_login(user)
        assert client.get(board(published)).status_code == 404
    client.logout()
    assert client.get(board(published)).status_code == 302

"""A published pair runs its whole life: both sign the agreement -> the mentee
schedules a series -> both log the first meeting -> the manager's health
board shows the pair healthy -> the mentee cancels twice, and it turns at risk
-> both reflect, the pair completes -> the mentor downloads the certificate."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.steps import log_in
from twoway.matching.services.publish import match_run_publish
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.programs.models import Program
from twoway.testing.cast import build_pilot
from twoway.testing.factories import CAST_PASSWORD, run_now


@pytest.fixture
def pair(cast):
    pilot = build_pilot(cast)
    # One planned meeting, so that the journey can complete the pair.
    Program.objects.filter(pk=pilot.program.pk).update(planned_sessions=1)
    pilot.program.refresh_from_db()
    match_run_publish(actor=cast.priya, run=run_now(pilot.program, actor=cast.priya))
    return Pair.objects.get(mentor=pilot.juno)


def _open_pair(page, pair):
    page.goto(f"/pairs/{pair.uuid}/")


def _sign(page, pair, who_else: str):
    _open_pair(page, pair)
    agreement = page.get_by_role("region", name="Your agreement")
    agreement.get_by_role("button", name="Sign version").click()
    expect(page.get_by_role("status")).to_contain_text(who_else)


def _log(page, meeting, rating: str, shared: str, private: str):
    page.goto(f"/meetings/{meeting.uuid}/")
    page.get_by_label("Topics covered").fill("Short-form video for a product launch")
    page.get_by_label("What I learned").fill("How a launch is approved")
    page.get_by_label("What I taught").fill("Hooks in the first two seconds")
    page.get_by_role("radio", name=rating).check()
    page.get_by_label("Notes for both of us").fill(shared)
    page.get_by_label("Private notes").fill(private)
    page.get_by_role("button", name="Save my log").click()


def _cancel(page, meeting, reason: str):
    page.goto(f"/meetings/{meeting.uuid}/")
    page.get_by_label("Why you cancel").fill(reason)
    page.get_by_role("button", name="Cancel the meeting").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pair_from_agreement_to_certificate(page, new_page, pair, cast, tmp_path):
    juno, sterling, board = page, new_page(), new_page()
    log_in(juno, cast.juno.email, CAST_PASSWORD)
    log_in(sterling, cast.sterling.email, CAST_PASSWORD)

    # Both write and sign the agreement.
    _open_pair(juno, pair)
    juno.get_by_role("link", name="Edit the agreement").click()
    juno.get_by_label("What Juno (mentor) wants to learn").fill("Negotiating my first budget")
    juno.get_by_role("button", name="Save as version 2").click()
    expect(juno.get_by_role("status")).to_contain_text("Agreement saved")
    _sign(juno, pair, "partner is asked to sign")
    _sign(sterling, pair, "You have both signed")
    expect(
        sterling.get_by_role("definition").filter(has_text="Negotiating my first budget").first
    ).to_be_visible()

    # Sterling schedules a series of three meetings.
    _open_pair(sterling, pair)
    sterling.get_by_role("link", name="Schedule a meeting").click()
    day = timezone.localdate() + dt.timedelta(days=3)
    sterling.get_by_label("Date").fill(day.isoformat())
    sterling.get_by_label("Start time").fill("09:30")
    sterling.get_by_label("Time zone").select_option("Europe/London")
    sterling.get_by_label("Repeat as a series of").fill("3")
    sterling.get_by_role("button", name="Plan and send the invite").click()
    expect(sterling.get_by_role("status")).to_contain_text("gets the invite by e-mail")
    meetings = list(Meeting.objects.filter(pair=pair).order_by("starts_at"))
    assert len(meetings) == 3
    expect(
        sterling.get_by_role("link", name="invite.ics")
        .or_(sterling.get_by_role("link", name="Add to calendar (.ics)"))
        .first
    ).to_be_visible()

    # The first meeting took place (the clock moves on), and both log it.
    first = meetings[0]
    Meeting.objects.filter(pk=first.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    _log(juno, first, "5", "Try a 20-second pitch next time", "Juno's own worry")
    _log(sterling, first, "4", "Bring the launch plan", "Sterling's own worry")
    expect(sterling.get_by_text("Try a 20-second pitch next time")).to_be_visible()
    expect(sterling.get_by_text("Juno's own worry")).to_have_count(0)

    # The manager sees the pair healthy, and none of what they wrote.
    log_in(board, cast.priya.email, CAST_PASSWORD)
    board.goto(f"/programs/{pair.program.slug}/health/")
    row = board.get_by_role("row").filter(has_text="Juno Park & Sterling Hayes")
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text("1 / 1")
    expect(board.get_by_text("Try a 20-second pitch")).to_have_count(0)

    # Sterling cancels the next two: the pair turns at risk, and says why.
    _cancel(sterling, meetings[1], "Board offsite")
    _cancel(sterling, meetings[2], "Travelling")
    board.reload()
    row = board.get_by_role("row").filter(has_text="Juno Park & Sterling Hayes")
    expect(row).to_contain_text("At risk")
    expect(row).to_contain_text("The mentee cancelled the last two meetings")

    # Both reflect: the planned meeting is logged, so the pair completes.
    for person_page, changed in ((juno, "I speak up in budget meetings"), (sterling, "I film")):
        _open_pair(person_page, pair)
        reflection = person_page.get_by_role("region", name="Closing reflections")
        reflection.get_by_label("What changed for me").fill(changed)
        reflection.get_by_label("What I will do differently").fill("Ask first")
        reflection.get_by_role("button", name="Save my reflection").click()
    expect(sterling.get_by_role("status")).to_contain_text("Your pair is complete")
    board.reload()
    expect(board.get_by_role("row").filter(has_text="Juno Park & Sterling Hayes")).to_contain_text(
        "Completed"
    )

    # Juno downloads the certificate, and it names both people and the program.
    _open_pair(juno, pair)
    link = juno.get_by_role("link", name="Your certificate (PDF)")
    response = juno.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.body())
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Juno Park" in text and "Sterling Hayes" in text and pair.program.name in text

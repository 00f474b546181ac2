from dataclasses import asdict
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from twoway.meetings.models import Meeting
from twoway.meetings.selectors import meetings_panel
from twoway.meetings.services import meeting_cancel, meeting_reschedule
from twoway.meetings.tests.helpers import held, juno_pair, local_in, log, plan, sign_both
from twoway.testing.queries import queries_in

JUNO_PRIVATE = "Sterling interrupts a lot; raise it gently"
STERLING_PRIVATE = "Juno is sharper than my directors"
STERLING_SHARED = "Try a 30-second reel of the results"


@pytest.fixture
def story(published):
    """Two meetings held and logged, one cancelled and one moved ahead."""
    pair = juno_pair()
    sign_both(
        pair,
        mentor_goals="Read a balance sheet\nNegotiate my first budget",
        mentee_goals="Post a video a week",
    )
    first = held(pair, published.juno, hours_ago=24 * 21)
    second = held(pair, published.sterling, hours_ago=2)
    log(
        first,
        published.juno,
        private_notes=JUNO_PRIVATE,
        goal_progress=[{"goal": "Read a balance sheet", "progress": 1}],
    )
    log(
        second,
        published.juno,
        goal_progress=[{"goal": "Read a balance sheet", "progress": 3}],
    )
    log(
        first,
        published.sterling,
        private_notes=STERLING_PRIVATE,
        shared_notes=STERLING_SHARED,
        goal_progress=[{"goal": "Post a video a week", "progress": 2}],
    )
    cancelled, moved = plan(pair, published.juno, repeat=2, days=3)
    meeting_cancel(
        actor=None, meeting=cancelled, person=published.sterling, reason="Audit committee"
    )
    meeting_reschedule(
        actor=None,
        meeting=moved,
        person=published.juno,
        starts_at_local=local_in(40, hour=16),
        time_zone="Europe/London",
        duration_minutes=60,
        place="",
        video_url="",
        reason="Exams that week",
    )
    return pair, first, second, cancelled, moved


def test_the_partner_sees_next_upcoming_past_and_counts(story, published):
    pair, first, second, cancelled, moved = story
    panel = meetings_panel(pair=pair, person=published.juno, now=timezone.now())

    assert panel.side == "mentor" and panel.is_partner
    assert panel.next is not None
    assert panel.next.meeting == moved and [r.meeting for r in panel.upcoming] == [moved]
    assert [r.meeting for r in panel.past] == [second, first]  # latest first
    assert [r.meeting for r in panel.cancelled] == [cancelled]
    assert (panel.held, panel.planned) == (2, pair.program.planned_sessions)
    assert panel.cancelled_by == {"mentor": 0, "mentee": 1}
    first_row = panel.past[1]
    assert first_row.mentor_logged and first_row.mentee_logged and first_row.both_logged
    assert panel.past[0].mentor_logged and not panel.past[0].mentee_logged


def test_the_ledger_says_who_changed_what_and_why_to_the_partners(story, published):
    pair, *_ = story
    panel = meetings_panel(pair=pair, person=published.sterling, now=timezone.now())
    kinds = [(c.kind, c.by, c.reason) for c in panel.changes if c.kind != "scheduled"]
    assert ("cancelled", "Sterling Hayes", "Audit committee") in kinds
    assert ("rescheduled", "Juno Park", "Exams that week") in kinds
    assert panel.changes == sorted(panel.changes, key=lambda c: c.at, reverse=True)


def test_i_read_my_private_notes_and_not_my_partners(story, published):
    pair, first, *_ = story
    for me, mine, theirs in (
        (published.juno, JUNO_PRIVATE, STERLING_PRIVATE),
        (published.sterling, STERLING_PRIVATE, JUNO_PRIVATE),
    ):
        panel = meetings_panel(pair=pair, person=me, now=timezone.now())
        row = next(r for r in panel.past if r.meeting == first)
        assert row.mine is not None and row.theirs is not None
        assert row.mine.private_notes == mine
        assert row.theirs.private_notes == ""
        assert theirs not in repr(asdict(panel.past[1]))
    sterling_view = meetings_panel(pair=pair, person=published.sterling, now=timezone.now())
    juno_view = meetings_panel(pair=pair, person=published.juno, now=timezone.now())
    theirs_to_juno, mine_to_sterling = juno_view.past[1].theirs, sterling_view.past[1].mine
    assert theirs_to_juno is not None and mine_to_sterling is not None
    assert theirs_to_juno.shared_notes == mine_to_sterling.shared_notes == STERLING_SHARED


def test_the_latest_progress_on_each_goal_for_each_side(story, published):
    pair, *_ = story
    panel = meetings_panel(pair=pair, person=published.sterling, now=timezone.now())
    assert [(g.goal, g.progress) for g in panel.partner_goals] == [
        ("Read a balance sheet", 3),
        ("Negotiate my first budget", None),
    ]
    assert [(g.goal, g.progress, g.label) for g in panel.my_goals] == [
        ("Post a video a week", 2, "Some progress")
    ]


def test_a_manager_gets_dates_statuses_counts_and_who_logged_only(story, published):
    pair, first, *_ = story
    panel = meetings_panel(pair=pair, person=None, now=timezone.now())

    assert panel.side == "" and not panel.is_partner and panel.goals == {}
    assert panel.held == 2 and panel.cancelled_by == {"mentor": 0, "mentee": 1}
    row = next(r for r in panel.past if r.meeting == first)
    assert row.mentor_logged and row.mentee_logged
    for row in panel.past + panel.upcoming + panel.cancelled:
        assert row.mine is None and row.theirs is None
    for change in panel.changes:
        assert change.by == "" and change.reason == ""
    everything = repr(asdict(panel)) + repr([c.__dict__ for c in panel.changes])
    for words in (JUNO_PRIVATE, STERLING_PRIVATE, STERLING_SHARED, "Audit committee", "reel"):
        assert words not in everything


def test_someone_outside_the_pair_is_treated_as_a_manager(story, published):
    pair, *_ = story
    panel = meetings_panel(pair=pair, person=published.richard, now=timezone.now())
    assert not panel.is_partner and all(r.mine is None for r in panel.past)


@pytest.mark.parametrize("reader", ["partner", "manager"])
def test_the_panel_reads_in_the_same_queries_for_more_meetings(story, published, reader):
    pair, *_ = story
    now = timezone.now()
    person = published.juno if reader == "partner" else None

    def read():
        return meetings_panel(pair=pair, person=person, now=now)

    few = queries_in(read), len(read().past)
    for _ in range(10):
        held(pair, published.juno, hours_ago=48)
    assert (queries_in(read), len(read().past)) == (few[0], few[1] + 10)


def test_the_partial_renders_the_next_meeting_and_the_schedule_link(story, published):
    pair, *_, moved = story
    panel = meetings_panel(pair=pair, person=published.juno, now=timezone.now())
    html = render_to_string("meetings/_pair_panel.html", {"panel": panel})
    assert f"/meetings/{moved.uuid}/" in html
    assert f"/pairs/{pair.uuid}/meetings/" in html and "Schedule a meeting" in html
    assert "Read a balance sheet" in html and "Good progress" in html
    assert "Exams that week" in html
    assert JUNO_PRIVATE not in html and STERLING_PRIVATE not in html


def test_the_partial_shows_a_manager_no_words(story):
    pair, *_ = story
    panel = meetings_panel(pair=pair, person=None, now=timezone.now())
    html = render_to_string("meetings/_pair_panel.html", {"panel": panel})
    assert "Mentor logged" in html and "Cancelled by the mentee" in html
    for words in (JUNO_PRIVATE, STERLING_SHARED, "Audit committee", "Exams that week",
                  "Read a balance sheet", "Schedule a meeting"):  # fmt: skip
        assert words not in html


def test_an_empty_panel_invites_to_plan_the_first_meeting(published):
    pair = juno_pair()
    panel = meetings_panel(pair=pair, person=published.sterling, now=timezone.now())
    assert panel.next is None and panel.held == 0 and panel.changes == []
    html = render_to_string("meetings/_pair_panel.html", {"panel": panel})
    assert "No meeting planned" in html


def test_a_meeting_that_started_counts_as_held_not_upcoming(published):
    pair = juno_pair()
    (meeting,) = plan(pair, published.juno)
    now = meeting.starts_at + timedelta(minutes=1)
    panel = meetings_panel(pair=pair, person=published.juno, now=now)
    assert panel.next is None and [r.meeting for r in panel.past] == [meeting]
    assert Meeting.objects.count() == 1

import json
import re

import pytest
from django.db import connection
from django.utils import timezone

from twoway.core.models import AuditEvent
from twoway.meetings import services
from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.services import MeetingError, meeting_cancel
from twoway.meetings.tests.helpers import held, juno_pair, log, plan, sign_both
from twoway.pairs.models import Pair, Reflection
from twoway.pairs.services import pair_end

SECRET = "Sterling seemed tired; I will not push the budget topic"


@pytest.fixture
def meeting(published):
    pair = juno_pair()
    sign_both(pair, mentor_goals="- Learn how budgets are negotiated\n\n  Speak up in meetings  ")
    return held(pair, published.juno)


def test_a_partner_logs_a_meeting_that_took_place(meeting, published):
    entry = log(
        meeting,
        published.juno,
        goal_progress=[
            {"goal": "Speak up in meetings", "progress": 1},
            {"goal": "Learn how budgets are negotiated", "progress": 3},
        ],
        rating=5,
        private_notes=SECRET,
    )
    entry.refresh_from_db()
    assert (entry.author, entry.side, entry.rating) == (published.juno, "mentor", 5)
    assert entry.private_notes == SECRET
    # Progress comes back in the order of the goals in the agreement.
    assert entry.goal_progress == [
        {"goal": "Learn how budgets are negotiated", "progress": 3},
        {"goal": "Speak up in meetings", "progress": 1},
    ]


def test_private_notes_are_not_stored_in_plain_text(meeting, published):
    entry = log(meeting, published.juno, private_notes=SECRET, shared_notes="Captions next")
    table = MeetingLog._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT private_notes, shared_notes FROM {table} WHERE id = %s", [entry.pk])
        private, shared = cursor.fetchone()
    assert shared == "Captions next"  # the read works: plain columns come back as written
    assert private and SECRET not in private and "tired" not in private


def test_the_audit_log_holds_no_words_of_the_log(meeting, published):
    log(meeting, published.juno, private_notes=SECRET, shared_notes="Captions next")
    event = AuditEvent.objects.get(action="meeting.log")
    recorded = json.dumps([event.before, event.after, event.subject_label])
    assert "tired" not in recorded and "Captions" not in recorded and "reel" not in recorded
    assert event.after is not None
    assert event.after["side"] == "mentor" and "private_notes" in event.after["filled"]


def test_logging_twice_is_refused_and_changes_nothing(meeting, published):
    log(meeting, published.juno, topics="First")
    with pytest.raises(MeetingError, match="already logged this meeting — edit your log instead"):
        log(meeting, published.juno, topics="Second")
    assert list(MeetingLog.objects.values_list("topics", flat=True)) == ["First"]
    assert AuditEvent.objects.filter(action="meeting.log").count() == 1


def test_a_double_submit_racing_past_the_check_is_refused_by_the_constraint(
    meeting, published, monkeypatch
):
    log(meeting, published.juno, topics="First")
    # The second request checked before the first one saved.
    monkeypatch.setattr(services, "_already_logged", lambda meeting, person: False)
    with pytest.raises(MeetingError, match="already logged this meeting"):
        log(meeting, published.juno, topics="Second")
    assert list(MeetingLog.objects.values_list("topics", flat=True)) == ["First"]
    assert AuditEvent.objects.filter(action="meeting.log").count() == 1


def test_each_side_logs_once(meeting, published):
    log(meeting, published.juno)
    log(meeting, published.sterling)
    assert sorted(MeetingLog.objects.values_list("side", flat=True)) == ["mentee", "mentor"]


def test_both_sign_the_agreement_before_the_first_log(published):
    pair = juno_pair()
    meeting = held(pair, published.juno)
    with pytest.raises(MeetingError, match="Both of you sign the agreement before logging"):
        log(meeting, published.juno)
    assert not MeetingLog.objects.exists()


def test_a_program_without_the_signing_rule_takes_logs_unsigned(published):
    pair = juno_pair()
    pair.program.sign_before_first_log = False
    pair.program.save()
    meeting = held(pair, published.juno)
    assert log(meeting, published.sterling).side == "mentee"


def test_a_meeting_that_has_not_started_cannot_be_logged(published):
    pair = juno_pair()
    sign_both(pair)
    (meeting,) = plan(pair, published.juno)
    with pytest.raises(MeetingError, match="not started yet"):
        log(meeting, published.juno)


def test_a_cancelled_meeting_cannot_be_logged(meeting, published):
    meeting_cancel(actor=None, meeting=meeting, person=published.juno, reason="Ill")
    with pytest.raises(MeetingError, match="cancelled"):
        log(meeting, published.sterling)


def test_only_the_partners_log(meeting, published):
    with pytest.raises(MeetingError, match="Only the two partners"):
        log(meeting, published.richard)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 0}, "from 1 to 5"),
        ({"rating": 6}, "from 1 to 5"),
        ({"rating": "5"}, "from 1 to 5"),
        ({"topics": "x" * (MeetingLog.MAX_LENGTH + 1)}, "Topics covered"),
        ({"private_notes": "x" * (MeetingLog.MAX_LENGTH + 1)}, "at most 4000 fit"),
        ({"goal_progress": [{"goal": "Become CFO", "progress": 2}]}, "not one of your goals"),
        (
            {"goal_progress": [{"goal": "Speak up in meetings", "progress": 5}]},
            "goes from 0 to 4",
        ),
        (
            {
                "goal_progress": [
                    {"goal": "Speak up in meetings", "progress": 1},
                    {"goal": "Speak up in meetings", "progress": 2},
                ]
            },
            "two progress steps",
        ),
        ({"goal_progress": [{"goal": "Speak up in meetings"}]}, "needs the goal and a step"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(meeting, published, fields, message):
    with pytest.raises(MeetingError, match=message):
        log(meeting, published.juno, **fields)
    assert not MeetingLog.objects.exists()


def test_the_partners_goals_are_not_mine_to_rate(published):
    pair = juno_pair()
    sign_both(pair, mentor_goals="Read a balance sheet", mentee_goals="Edit a reel")
    meeting = held(pair, published.juno)
    with pytest.raises(MeetingError, match="not one of your goals"):
        log(meeting, published.juno, goal_progress=[{"goal": "Edit a reel", "progress": 2}])


def test_poor_ratings_put_the_pair_at_risk(meeting, published):
    log(meeting, published.juno, rating=1)
    pair = Pair.objects.get(pk=meeting.pair_id)
    assert pair.status == Pair.Status.AT_RISK
    assert "Ratings fell to 1.0 out of 5" in pair.risk_reasons


def test_logging_the_last_planned_meeting_completes_the_pair_once_both_reflected(published):
    pair = juno_pair()
    pair.program.planned_sessions = 1
    pair.program.save()
    sign_both(pair)
    meeting = held(pair, published.juno)
    for person in (published.juno, published.sterling):
        Reflection.objects.create(pair=pair, author=person, changed="a", differently="b")
    log(meeting, published.juno)
    assert Pair.objects.get(pk=pair.pk).status != Pair.Status.COMPLETED
    log(meeting, published.sterling)
    pair = Pair.objects.get(pk=pair.pk)
    assert pair.status == Pair.Status.COMPLETED and pair.completed_at is not None
    assert pair.completed_at <= timezone.now()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_a_meeting_of_a_pair_that_ended_cannot_be_logged(meeting, published):
    pair = meeting.pair
    pair_end(actor=published.juno.user, pair=pair, person=published.juno, reason="New job")
    refusal = "This pair has ended, so its meetings can no longer be logged."
    with pytest.raises(MeetingError, match=re.escape(refusal)):
        log(meeting, published.sterling)
    assert not MeetingLog.objects.exists()


def test_a_completed_pair_still_logs_a_meeting_it_held(meeting, published):
    Pair.objects.filter(pk=meeting.pair_id).update(status=Pair.Status.COMPLETED)
    assert log(meeting, published.sterling).side == "mentee"

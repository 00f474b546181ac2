from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from twoway.meetings.models import Meeting, MeetingChange, MeetingLog
from twoway.meetings.services import meeting_cancel
from twoway.meetings.tests.helpers import held, juno_pair, local_in, log, plan, sign_both
from twoway.pairs.services import pair_end

PRIVATE = "I worry my team sees this as a gimmick"
SHARED = "Bring last quarter's deck"
TOPICS = "How the board reads a forecast"


def detail(meeting):
    return reverse("meetings:detail", kwargs={"uuid": meeting.uuid})


def action(name, meeting):
    return reverse(f"meetings:{name}", kwargs={"uuid": meeting.uuid})


def logged_meeting(published):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    log(meeting, published.sterling, topics=TOPICS, private_notes=PRIVATE, shared_notes=SHARED)
    return meeting


def schedule_data(**fields):
    day = local_in(14)
    data = {
        "date": day.date().isoformat(),
        "time": "10:30",
        "time_zone": "Europe/London",
        "duration_minutes": "60",
        "place": "Room 2",
        "video_url": "",
        "repeat": "1",
    }
    return data | fields


# --- access ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, published):
    (meeting,) = plan(juno_pair(), published.juno)
    urls = [detail(meeting), action("ics", meeting)]
    urls.append(reverse("meetings:schedule", kwargs={"uuid": juno_pair().uuid}))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(action("cancel", meeting), {"cancel-reason": "x"})
    assert response.status_code == 302 and not Meeting.objects.get(pk=meeting.pk).is_cancelled


def test_people_outside_the_pair_and_other_programs_managers_get_404(
    client, published, cast, morgan
):
    (meeting,) = plan(juno_pair(), published.juno)
    for user in (published.maya.user, published.richard.user, cast.otto, cast.sol, morgan):
        client.force_login(user)
        assert client.get(detail(meeting)).status_code == 404, user
        assert client.get(action("ics", meeting)).status_code == 404, user
        post = client.post(action("cancel", meeting), {"cancel-reason": "Mine now"})
        assert post.status_code == 404, user
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled


def test_an_unknown_meeting_is_not_found(client, cast):
    client.force_login(cast.priya)
    assert client.get("/meetings/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_manager_cannot_plan_move_cancel_or_log(client, published, cast):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    client.force_login(cast.priya)
    schedule = reverse("meetings:schedule", kwargs={"uuid": pair.uuid})
    assert client.get(schedule).status_code == 404
    assert client.post(schedule, schedule_data()).status_code == 404
    assert client.post(action("cancel", meeting), {"cancel-reason": "x"}).status_code == 404
    assert client.post(action("log", meeting), {"log-rating": "3"}).status_code == 404
    assert Meeting.objects.count() == 1 and not MeetingLog.objects.exists()


# --- what each one reads ---------------------------------------------------------------


def test_the_partner_reads_my_shared_log_but_not_my_private_notes(client, published, cast):
    meeting = logged_meeting(published)
    client.force_login(cast.juno)
    page = client.get(detail(meeting)).content.decode()
    assert "Sterling's log" in page and TOPICS in page
    assert "Bring last quarter&#x27;s deck" in page
    assert "gimmick" not in page


def test_the_author_reads_their_private_notes(client, published, cast):
    meeting = logged_meeting(published)
    client.force_login(cast.sterling)
    page = client.get(detail(meeting)).content.decode()
    assert "I worry my team sees this as a gimmick" in page
    assert "Save changes" in page  # still editable


def test_a_manager_sees_date_status_and_who_logged_but_no_words(client, published, cast):
    meeting = logged_meeting(published)
    client.force_login(cast.priya)
    response = client.get(detail(meeting))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mentee: yes" in page and "Mentor: not yet" in page and "Scheduled" in page
    for words in ("gimmick", "quarter", "forecast", "Room", "Cancel the meeting", "Your log"):
        assert words not in page


def test_a_partner_downloads_the_invite(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno, time_zone="Europe/Berlin")
    client.force_login(cast.sterling)
    response = client.get(action("ics", meeting))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    event = Calendar.from_ical(response.content).events[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_a_manager_gets_no_invite_so_no_place_or_reason_reaches_them(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno, place="Café Nord")
    meeting_cancel(
        actor=cast.juno, meeting=meeting, person=published.juno, reason="My divorce hearing"
    )
    client.force_login(cast.priya)
    assert client.get(action("ics", meeting)).status_code == 404
    page = client.get(detail(meeting)).content.decode()
    assert "Cancelled" in page and action("ics", meeting) not in page
    assert "divorce" not in page and "Café Nord" not in page
    client.force_login(cast.sterling)
    invite = client.get(action("ics", meeting)).content.decode()
    assert "divorce" in invite.replace("\r\n ", "")


# --- planning -------------------------------------------------------------------------


def test_the_form_defaults_to_my_zone_and_the_programs_session_length(client, published, cast):
    published.juno.time_zone = "America/Toronto"
    published.juno.save()
    client.force_login(cast.juno)
    response = client.get(reverse("meetings:schedule", kwargs={"uuid": juno_pair().uuid}))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="America/Toronto" selected>' in page
    assert 'name="duration_minutes" value="60"' in page
    assert 'for="id_repeat"' in page and "csrfmiddlewaretoken" in page


def test_planning_from_the_form_saves_and_sends_the_invites(
    client, published, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.juno)
    url = reverse("meetings:schedule", kwargs={"uuid": juno_pair().uuid})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, schedule_data(repeat="2"))
    meetings = list(Meeting.objects.all())
    assert len(meetings) == 2 and response.status_code == 302
    assert response["Location"] == detail(meetings[0])
    assert len(mail.outbox) == 2


def test_bad_input_shows_the_form_again_with_the_message_and_saves_nothing(client, published, cast):
    client.force_login(cast.juno)
    url = reverse("meetings:schedule", kwargs={"uuid": juno_pair().uuid})
    for data, message in (
        (schedule_data(duration_minutes="5"), "between 15 and 480 minutes"),
        (schedule_data(video_url="ftp://x.example.org"), "must be a web address"),
        (schedule_data(date=local_in(-3).date().isoformat()), "already passed"),
        (schedule_data(date="not a date"), "Enter a valid date"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert not Meeting.objects.exists()


def test_posting_without_the_csrf_token_is_refused(csrf_client, published, cast):
    csrf_client.force_login(cast.juno)
    url = reverse("meetings:schedule", kwargs={"uuid": juno_pair().uuid})
    assert csrf_client.post(url, schedule_data()).status_code == 403
    assert not Meeting.objects.exists()


# --- moving and cancelling ---------------------------------------------------------------


def test_moving_from_the_page(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno)
    client.force_login(cast.sterling)
    day = local_in(20).date().isoformat()
    data = {
        "move-date": day,
        "move-time": "08:00",
        "move-time_zone": "Europe/London",
        "move-duration_minutes": "45",
        "move-place": "",
        "move-video_url": "https://meet.example.org/r",
        "move-reason": "Offsite",
    }
    response = client.post(action("reschedule", meeting), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.duration_minutes == 45


def test_a_bad_move_shows_the_page_with_the_message(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno)
    client.force_login(cast.sterling)
    data = {
        "move-date": local_in(20).date().isoformat(),
        "move-time": "08:00",
        "move-time_zone": "Nowhere/Land",
        "move-duration_minutes": "45",
    }
    response = client.post(action("reschedule", meeting), data)
    assert response.status_code == 400 and "The meeting was not moved" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_cancelling_from_the_page_and_a_second_submit(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno)
    client.force_login(cast.juno)
    response = client.post(action("cancel", meeting), {"cancel-reason": "Sick"}, follow=True)
    assert "Meeting cancelled" in response.content.decode()
    again = client.post(action("cancel", meeting), {"cancel-reason": "Twice"})
    assert again.status_code == 400 and "cancelled already" in again.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).cancel_reason == "Sick"
    assert MeetingChange.objects.filter(kind="cancelled").count() == 1


def test_cancelling_needs_a_reason(client, published, cast):
    (meeting,) = plan(juno_pair(), published.juno)
    client.force_login(cast.juno)
    response = client.post(action("cancel", meeting), {"cancel-reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled


# --- logging --------------------------------------------------------------------------


def test_logging_from_the_page_then_changing_it(client, published, cast):
    pair = juno_pair()
    sign_both(pair, mentor_goals="Read a balance sheet")
    meeting = held(pair, published.juno)
    client.force_login(cast.juno)
    page = client.get(detail(meeting)).content.decode()
    assert "Read a balance sheet" in page and "Save my log" in page
    data = {"log-rating": "4", "log-topics": "Forecasts", "log-goal_0": "2"}
    assert client.post(action("log", meeting), data).status_code == 302
    entry = MeetingLog.objects.get()
    assert entry.goal_progress == [{"goal": "Read a balance sheet", "progress": 2}]
    data |= {"log-rating": "5", "log-private_notes": "Felt good"}
    assert client.post(action("log", meeting), data).status_code == 302
    entry.refresh_from_db()
    assert (entry.rating, entry.private_notes) == (5, "Felt good")
    assert MeetingLog.objects.count() == 1


def test_the_log_form_waits_for_both_signatures(client, published, cast):
    meeting = held(juno_pair(), published.juno)
    client.force_login(cast.juno)
    page = client.get(detail(meeting)).content.decode()
    assert "Both of you sign the agreement before logging a meeting." in page
    assert "Save my log" not in page
    response = client.post(action("log", meeting), {"log-rating": "4"})
    assert response.status_code == 400
    assert "Both of you sign the agreement" in response.content.decode()
    assert not MeetingLog.objects.exists()


def test_a_log_with_no_rating_is_refused(client, published, cast):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    client.force_login(cast.juno)
    response = client.post(action("log", meeting), {"log-topics": "Things"})
    assert response.status_code == 400 and "Your log was not saved" in response.content.decode()
    assert not MeetingLog.objects.exists()


# --- a pair that ended ------------------------------------------------------------------


def test_the_page_of_an_ended_pairs_meeting_offers_nothing_and_says_why(client, published, cast):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="New job")
    client.force_login(cast.sterling)
    page = client.get(detail(meeting)).content.decode()
    assert "This pair has ended: its meetings can no longer be moved, cancelled or logged." in page
    for form in ("Cancel the meeting", "Save my log", "Move and send the new invite"):
        assert form not in page

    response = client.post(action("cancel", meeting), {"cancel-reason": "Too late"})
    assert response.status_code == 400
    assert "This pair has ended, so its meetings can no longer be cancelled." in (
        response.content.decode()
    )
    response = client.post(action("log", meeting), {"log-rating": "4"})
    assert response.status_code == 400
    assert "This pair has ended, so its meetings can no longer be logged." in (
        response.content.decode()
    )
    assert not Meeting.objects.get(pk=meeting.pk).is_cancelled and not MeetingLog.objects.exists()


def test_a_running_pairs_meeting_page_offers_the_forms(client, published, cast):
    pair = juno_pair()
    sign_both(pair)
    meeting = held(pair, published.juno)
    client.force_login(cast.sterling)
    page = client.get(detail(meeting)).content.decode()
    assert "This pair has ended" not in page
    assert "Cancel the meeting" in page and "Save my log" in page


def test_the_partner_of_an_ended_pair_gets_the_cancellation_as_the_invite(client, published, cast):
    pair = juno_pair()
    (meeting,) = plan(pair, published.juno)
    pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="New job")
    client.force_login(cast.sterling)
    calendar = Calendar.from_ical(client.get(action("ics", meeting)).content)
    assert calendar["METHOD"] == "CANCEL" and calendar.events[0]["STATUS"] == "CANCELLED"
    page = client.get(detail(meeting)).content.decode()
    assert "Cancelled when the pair ended" in page and "The pair ended." in page
    assert "New job" not in page

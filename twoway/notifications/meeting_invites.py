"""The meetings' e-mails: invites, their updates and cancellations, sent in the
background when ``meetings.signals.meeting_invites_due`` says a change was made
(``notifications.receivers``). Each partner's e-mail preferences apply.

Arguments are ids (task arguments travel as JSON). A task delivered twice
sends the same invite twice, which calendars take as one: same UID and SEQUENCE.
"""

from __future__ import annotations

from django_tasks import task

from twoway.core.mail import site_link
from twoway.meetings.ics import ics_attachment_name, meeting_ics, meeting_url, meetings_ics
from twoway.meetings.models import Meeting
from twoway.meetings.templatetags.meetings_tags import meeting_span
from twoway.notifications.mail import notice_send
from twoway.notifications.models import Kind
from twoway.people.models import Person, time_zone_lookup

CANCEL_TYPE = "text/calendar; method=CANCEL"
CHANGES = {
    "scheduled": "New meeting",
    "rescheduled": "Meeting moved",
    "cancelled": "Meeting cancelled",
}
# The changes whose e-mail takes meetings out of the calendar.
CANCELLED = ("cancelled", "pair_ended")


def _when(meeting: Meeting, time_zone: str) -> str:
    return meeting_span(meeting, time_zone, time_zone)


def _own_zone(person: Person, meeting_zone: str) -> str:
    """The recipient's zone when it differs from the meeting's ("" otherwise)."""
    zone = time_zone_lookup(person.time_zone)
    return zone if zone and zone != meeting_zone else ""


@task()
def meeting_invites_send(*, meeting_ids: list[int], change: str) -> int:
    """E-mail both partners the invites (``change`` "scheduled" or
    "rescheduled") or the cancellation ("cancelled", or "pair_ended" for the
    meetings cancelled because the pair ended) of ``meeting_ids``, one pair's
    meetings; returns how many e-mails went out."""
    cancel = change in CANCELLED
    wanted = Meeting.Status.CANCELLED if cancel else Meeting.Status.SCHEDULED
    # A meeting cancelled since it was planned gets its cancellation instead.
    meetings = list(
        Meeting.objects.filter(pk__in=meeting_ids, status=wanted)
        .select_related(
            "pair__program",
            "pair__mentor__user",
            "pair__mentee__user",
            "proposed_by",
            "cancelled_by",
        )
        .order_by("starts_at", "id")
    )
    if not meetings:
        return 0
    pair = meetings[0].pair
    method = "CANCEL" if cancel else "REQUEST"
    if change == "pair_ended":
        # One calendar file that takes every one of them out.
        attachments = [("cancelled.ics", meetings_ics(meetings, cancel=True), CANCEL_TYPE)]
    else:
        attachments = [
            (
                ics_attachment_name(index, len(meetings)),
                meeting_ics(meeting, cancel=cancel),
                f"text/calendar; method={method}",
            )
            for index, meeting in enumerate(meetings)
        ]
    first = meetings[0]
    sent = 0
    for person in (pair.mentor, pair.mentee):
        if person.user is None:
            continue
        partner = pair.partner_of(person)
        own_zone = _own_zone(person, first.time_zone)
        rows = [
            {
                "when": _when(meeting, meeting.time_zone),
                "when_here": _when(meeting, own_zone) if own_zone else "",
                "url": meeting_url(meeting),
            }
            for meeting in meetings
        ]
        if change == "pair_ended":
            count = "Your meeting" if len(meetings) == 1 else f"Your {len(meetings)} meetings"
            subject = f"{count} with {partner.name} cancelled: your pair has ended"
        else:
            series = f" (a series of {len(meetings)})" if len(meetings) > 1 else ""
            subject = f"{CHANGES[change]} with {partner.name}: {rows[0]['when']}{series}"
        context = {
            "person": person,
            "partner": partner,
            "pair": pair,
            "program": pair.program,
            "change": change,
            "meetings": rows,
            "meeting": first,
            "series": len(meetings) > 1,
            "pair_url": site_link("home:pair", uuid=pair.uuid),
        }
        sent += notice_send(
            user=person.user,
            kind=Kind.MEETING_INVITE,
            subject=subject,
            template="meetings/email/invite.txt",
            context=context,
            attachments=attachments,
        )
    return sent

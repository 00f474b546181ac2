"""The circles' e-mails: invites to a circle's sessions, their moves and
cancellations, sent in the background when ``circles.signals.circle_invites_due``
says a change was made (``notifications.receivers``). Each member's e-mail
preferences apply (the kind of meeting invitations).

Arguments are ids (task arguments travel as JSON). A task delivered twice
sends the same invite twice, which calendars take as one: same UID and SEQUENCE.
"""

from __future__ import annotations

from django_tasks import task

from twoway.circles.ics import session_url, sessions_ics
from twoway.circles.models import CircleMember, CircleSession
from twoway.circles.selectors import session_span
from twoway.core.mail import site_link
from twoway.notifications.mail import notice_send
from twoway.notifications.models import Kind
from twoway.people.models import time_zone_lookup

CHANGES = {
    "planned": "New circle sessions",
    "moved": "Circle session moved",
    "cancelled": "Circle session cancelled",
}


@task()
def circle_invites_send(*, session_ids: list[int], change: str) -> int:
    """E-mail every member of the circle the invites (``change`` "planned" or
    "moved") or the cancellation ("cancelled") of ``session_ids``, one
    circle's sessions; returns how many e-mails went out."""
    cancel = change == "cancelled"
    wanted = CircleSession.Status.CANCELLED if cancel else CircleSession.Status.PLANNED
    sessions = list(
        CircleSession.objects.filter(pk__in=session_ids, status=wanted)
        .select_related("circle__program", "presenter")
        .order_by("starts_at", "id")
    )
    if not sessions:
        return 0
    circle = sessions[0].circle
    members = [
        member.person
        for member in CircleMember.objects.filter(circle=circle)
        .select_related("person__user")
        .order_by("side", "id")
    ]
    method = "CANCEL" if cancel else "REQUEST"
    name = "invite.ics" if len(sessions) == 1 else "invites.ics"
    attachments = [(name, sessions_ics(sessions, members), f"text/calendar; method={method}")]
    first = sessions[0]
    sent = 0
    for person in members:
        if person.user is None:
            continue
        zone = time_zone_lookup(person.time_zone) or ""
        own = zone if zone and zone != first.time_zone else ""
        rows = [
            {
                "number": session.number,
                "topic": session.topic,
                "when": session_span(session),
                "when_here": session_span(session, own) if own else "",
                "presenter": session.presenter,
                "url": session_url(session),
            }
            for session in sessions
        ]
        count = f" ({len(sessions)} sessions)" if len(sessions) > 1 else ""
        subject = f"{CHANGES[change]}: {circle.name}, {rows[0]['when']}{count}"
        context = {
            "person": person,
            "circle": circle,
            "program": circle.program,
            "change": change,
            "sessions": rows,
            "session": first,
            "series": len(sessions) > 1,
            "circle_url": site_link("circles:detail", uuid=circle.uuid),
        }
        sent += notice_send(
            user=person.user,
            kind=Kind.MEETING_INVITE,
            subject=subject,
            template="circles/email/invite.txt",
            context=context,
            attachments=attachments,
        )
    return sent

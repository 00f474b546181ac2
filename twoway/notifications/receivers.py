"""How notifications react to what happens below them (``meetings.signals``,
``circles.signals``).

``meetings`` and ``circles`` do not import this app; they send
``meeting_invites_due`` and ``circle_invites_due``, and these receivers queue
the e-mails once the change is committed (a rolled-back change sends
nothing). Connected in ``NotificationsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from twoway.circles.models import CircleSession
from twoway.circles.signals import circle_invites_due
from twoway.meetings.models import Meeting
from twoway.meetings.signals import meeting_invites_due
from twoway.notifications.circle_invites import circle_invites_send
from twoway.notifications.meeting_invites import meeting_invites_send


@receiver(meeting_invites_due, sender=Meeting, dispatch_uid="notifications.meeting_invites")
def meeting_invites_queue(
    sender: type[Meeting], *, meeting_ids: list[int], change: str, **kwargs: Any
) -> None:
    transaction.on_commit(
        lambda: meeting_invites_send.enqueue(meeting_ids=meeting_ids, change=change)
    )


@receiver(circle_invites_due, sender=CircleSession, dispatch_uid="notifications.circle_invites")
def circle_invites_queue(
    sender: type[CircleSession], *, session_ids: list[int], change: str, **kwargs: Any
) -> None:
    transaction.on_commit(
        lambda: circle_invites_send.enqueue(session_ids=session_ids, change=change)
    )

"""How notifications react to what happens below them (``meetings.signals``).

``meetings`` does not import this app; it sends ``meeting_invites_due`` and
this receiver queues the e-mails once the change is committed (a rolled-back
change sends nothing). Connected in ``NotificationsConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from twoway.meetings.models import Meeting
from twoway.meetings.signals import meeting_invites_due
from twoway.notifications.meeting_invites import meeting_invites_send


@receiver(meeting_invites_due, sender=Meeting, dispatch_uid="notifications.meeting_invites")
def meeting_invites_queue(
    sender: type[Meeting], *, meeting_ids: list[int], change: str, **kwargs: Any
) -> None:
    transaction.on_commit(
        lambda: meeting_invites_send.enqueue(meeting_ids=meeting_ids, change=change)
    )

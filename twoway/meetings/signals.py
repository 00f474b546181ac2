"""Hooks the apps above ``meetings`` hang their reactions on, so that ``meetings``
imports none of them (see the layers in docs/architecture.md).

``meeting_invites_due`` is sent by the meetings' services inside their
transaction when partners should hear of a change: ``meeting_ids`` (one pair's
meetings) and ``change`` ("scheduled", "rescheduled", "cancelled", or
"pair_ended" for the meetings cancelled with their pair). Notifications send the
e-mails with their calendar files once the change is committed.
"""

from __future__ import annotations

from django.dispatch import Signal

meeting_invites_due = Signal()

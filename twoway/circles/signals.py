"""Hooks the apps above ``circles`` hang their reactions on, so that ``circles``
imports none of them (see the layers in docs/architecture.md).

``circle_invites_due`` is sent by the circles' services inside their
transaction when members should hear of a change: ``session_ids`` (one
circle's sessions) and ``change`` ("planned", "moved" or "cancelled").
Notifications send the e-mails with their calendar files once the change is
committed.
"""

from __future__ import annotations

from django.dispatch import Signal

circle_invites_due = Signal()

"""Hooks other apps hang their reactions on, so that ``pairs`` imports none of them.

``pair_ended`` is sent by ``pairs.services.pair_end`` inside its transaction,
after the pair is marked ended and audited; a receiver that raises undoes the
ending with it. Arguments: ``pair`` (ended), ``actor`` and ``at`` (the moment
it ended). Meetings hang the cancelling of the meetings still to come on it.
"""

from __future__ import annotations

from django.dispatch import Signal

pair_ended = Signal()

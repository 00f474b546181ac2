"""How meetings react to what happens to their pair (``pairs.signals``).

``pairs`` sits below ``meetings`` and does not import it; it sends a signal
instead, and these receivers call the meetings' own services. Connected in
``MeetingsConfig.ready``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from twoway.meetings.services import meetings_cancel_with_pair
from twoway.pairs.models import Pair
from twoway.pairs.signals import pair_ended


@receiver(pair_ended, sender=Pair, dispatch_uid="meetings.cancel_with_pair")
def meetings_cancel_when_pair_ends(
    sender: type[Pair], *, pair: Pair, actor: Any, at: datetime, **kwargs: Any
) -> None:
    meetings_cancel_with_pair(actor=actor, pair=pair, now=at)

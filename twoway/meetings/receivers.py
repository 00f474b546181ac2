"""How meetings react to what happens to their pair (``pairs.signals``).

``pairs`` sits below ``meetings`` and does not import it; it sends a signal
instead, and these receivers call the meetings' own services. Connected in
``MeetingsConfig.ready``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from twoway.core.actors import Actor
from twoway.meetings.progress import pair_complete_if_done, pair_health_update
from twoway.meetings.services import meetings_cancel_with_pair
from twoway.pairs.models import Agreement, Pair, Reflection
from twoway.pairs.signals import agreement_signed, pair_ended, reflection_written


@receiver(pair_ended, sender=Pair, dispatch_uid="meetings.cancel_with_pair")
def meetings_cancel_when_pair_ends(
    sender: type[Pair], *, pair: Pair, actor: Actor, at: datetime, **kwargs: Any
) -> None:
    meetings_cancel_with_pair(actor=actor, pair=pair, now=at)


@receiver(agreement_signed, sender=Agreement, dispatch_uid="meetings.health_on_signing")
def pair_health_when_signed(
    sender: type[Agreement], *, agreement: Agreement, actor: Actor, **kwargs: Any
) -> None:
    pair_health_update(pairs=[agreement.pair])


@receiver(reflection_written, sender=Reflection, dispatch_uid="meetings.complete_on_reflection")
def pair_complete_when_reflected(
    sender: type[Reflection], *, reflection: Reflection, actor: Actor, **kwargs: Any
) -> None:
    pair_complete_if_done(actor=actor, pair=reflection.pair)

"""How recognition reacts to a pair completing (``pairs.signals.pair_completed``).

The pair completes in ``meetings.progress``, below this app; it sends a signal
and this receiver awards both partners, in the same transaction. Connected in
``RecognitionConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from twoway.core.actors import Actor
from twoway.pairs.models import Pair
from twoway.pairs.signals import pair_completed
from twoway.recognition.services import recognition_award_completion


@receiver(pair_completed, sender=Pair, dispatch_uid="recognition.award_on_completion")
def recognition_award_when_completed(
    sender: type[Pair], *, pair: Pair, actor: Actor, **kwargs: Any
) -> None:
    recognition_award_completion(actor=actor, pair=pair)

"""How surveys react to pairs starting and completing.

``pairs.signals.pairs_published`` (a run published, a self-match accepted, a
re-match) sends the baseline survey to both sides of each new pair;
``pairs.signals.pair_completed`` sends the closing one. Both in the sender's
transaction. Pairs made any other way (historical pairs imported from a file)
send neither and get no survey. Connected in ``SurveysConfig.ready``.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from twoway.core.actors import Actor
from twoway.pairs.models import Pair
from twoway.pairs.signals import pair_completed, pairs_published
from twoway.surveys import instrument
from twoway.surveys.services import surveys_create


@receiver(pairs_published, sender=Pair, dispatch_uid="surveys.baseline_on_publish")
def surveys_send_baseline(
    sender: type[Pair], *, pairs: list[Pair], actor: Actor, **kwargs: Any
) -> None:
    surveys_create(pairs=pairs, kind=instrument.BASELINE)


@receiver(pair_completed, sender=Pair, dispatch_uid="surveys.closing_on_completion")
def surveys_send_closing(sender: type[Pair], *, pair: Pair, actor: Actor, **kwargs: Any) -> None:
    surveys_create(pairs=[pair], kind=instrument.CLOSING)

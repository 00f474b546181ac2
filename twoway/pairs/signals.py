"""Hooks the apps above ``pairs`` hang their reactions on, so that ``pairs``
imports none of them (see the layers in docs/architecture.md).

Each signal is sent inside the transaction of the service that sends it; a
receiver that raises undoes that service's change with its own.

- ``pair_ended`` (``pairs.services.pair_end``): ``pair`` (ended), ``actor`` and
  ``at`` (the moment it ended). Meetings cancel the meetings still to come.
- ``agreement_signed`` (``pairs.services.agreement_sign``): ``agreement`` and
  ``actor``. Meetings bring the pair's health status up to date (a signed
  agreement is one of the rules).
- ``reflection_written`` (``pairs.services.reflection_write``): ``reflection``
  and ``actor``. Meetings complete the pair when its meetings are logged and
  both partners reflected.
- ``pair_completed`` (``meetings.progress.pair_complete_if_done``): ``pair``
  (completed) and ``actor``. Recognition awards both partners; surveys send
  both the closing survey.
- ``pairs_published`` (``matching.services``: publishing a run, accepting a
  self-match request, re-matching): ``pairs`` (a list of the new pairs) and
  ``actor``. Surveys send both sides of each pair the baseline survey.
  Pairs made any other way (imported history) do not send it.
"""

from __future__ import annotations

from django.dispatch import Signal

pair_ended = Signal()
agreement_signed = Signal()
reflection_written = Signal()
pair_completed = Signal()
pairs_published = Signal()

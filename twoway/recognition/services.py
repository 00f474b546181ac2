"""Writes about recognition (being written)."""

from __future__ import annotations

from typing import Any

from twoway.pairs.models import Pair


def recognition_award_completion(*, actor: Any, pair: Pair) -> list:
    raise NotImplementedError

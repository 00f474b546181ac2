"""A pair's fit on a scale a person reads: 0 to 100, and a word.

The engine scores a pair as a weighted sum of six parts, each bounded
(``docs/matching-format.md``): what the mentor teaches and what comes back
count up to 3 topics' worth each, the other four up to 1. So under a run's
weights there is a best possible score, and a pair's fit is its score as a
share of it: 100 would be three topics taught in full each way, every valued
line crossed, the widest level gap and the same free times and working hours.
The scale stays the same from run to run of a program with the same weights,
which a scale against the run's own best pair would not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from twoway.engine import COMPONENTS

# How many units each component can reach (weights multiply these).
COMPONENT_MAX = {"teach": 3.0, "teach_back": 3.0}
# The words, from the least share of the best possible score that earns each.
FIT_WORDS: tuple[tuple[int, str], ...] = ((60, "strong"), (40, "good"), (20, "fair"), (0, "weak"))
FIT_EXPLAINED = (
    "Fit is a pair's score out of the best score any pair could get with this run's "
    "weights (100): three topics taught in full each way, every valued line crossed, the "
    "widest level gap, and the same free times and working hours."
)


def fit_best_possible(weights: Mapping[str, Any] | None) -> float:
    """The best score a pair can get under ``weights`` (0 when every weight is 0).

    >>> fit_best_possible({"teach": 1.0, "teach_back": 0.5, "crossing": 0.5,
    ...                    "level_gap": 0.2, "availability": 0.3, "time_zone": 0.2})
    5.7
    """
    weights = weights or {}
    total = sum(COMPONENT_MAX.get(name, 1.0) * float(weights.get(name) or 0) for name in COMPONENTS)
    return round(total, 9)


def fit_percent(score: float | None, best: float) -> int | None:
    """``score`` as a whole share of ``best`` (0–100); None without a score or a scale.

    >>> fit_percent(4.1, 5.7), fit_percent(0, 5.7), fit_percent(None, 5.7)
    (72, 0, None)
    """
    if score is None or best <= 0:
        return None
    return max(0, min(100, round(float(score) / best * 100)))


def fit_word(percent: int | None) -> str:
    """ "strong" (60+), "good" (40+), "fair" (20+) or "weak".

    >>> [fit_word(p) for p in (72, 43, 27, 5)]
    ['strong', 'good', 'fair', 'weak']
    """
    if percent is None:
        return ""
    for least, word in FIT_WORDS:
        if percent >= least:
            return word
    return FIT_WORDS[-1][1]


@dataclass(frozen=True)
class Fit:
    percent: int | None
    word: str

    def __str__(self) -> str:
        return f"{self.percent} ({self.word})" if self.percent is not None else "–"


def fit_of(score: float | None, best: float) -> Fit:
    percent = fit_percent(score, best)
    return Fit(percent, fit_word(percent))


def run_best_possible(settings: Mapping[str, Any] | None) -> float:
    """The best possible pair score of a run, from the weights it ran with."""
    return fit_best_possible((settings or {}).get("weights"))


def run_average_fit(*, total: float | None, pairs: int | None, best: float) -> Fit:
    """A run's total as the average fit of its pairs."""
    if total is None or not pairs:
        return Fit(None, "")
    return fit_of(float(total) / pairs, best)

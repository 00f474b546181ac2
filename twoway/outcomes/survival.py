"""Survival statistics for the outcome report, by lifelines (nothing written by hand).

Pure functions of arrays: no Django. A duration is a whole number of days from a
person's time origin (the day they joined the program, or for a person of the
comparison group the day their participant joined) to the day they left the
organisation (an event) or to the report's date (censored).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.exceptions import ConvergenceError
from lifelines.statistics import logrank_test

# The report's horizons, in months; t months is t x 365.25 / 12 days.
MONTHS = (6, 12, 24)
DAYS_PER_MONTH = 365.25 / 12
CONFIDENCE = 0.95

Days = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


def months_in_days(months: float) -> float:
    """>>> months_in_days(12)
    365.25
    """
    return months * DAYS_PER_MONTH


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95 % confidence interval."""

    estimate: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Curve:
    """A Kaplan-Meier curve as steps: at ``days[i]`` the survival becomes ``survival[i]``."""

    days: list[float]
    survival: list[float]
    low: list[float]
    high: list[float]


@dataclass(frozen=True)
class Survival:
    """Kaplan-Meier of one group: the survival at each horizon (None where nobody
    was followed that long) and the whole curve."""

    at: dict[int, Estimate | None]
    curve: Curve


def kaplan_meier(durations: Days, events: Flags, months: Sequence[int] = MONTHS) -> Survival:
    """Kaplan-Meier estimate of staying in the organisation.

    >>> s = kaplan_meier(np.array([100, 200, 300, 400]), np.array([True, False, False, False]))
    >>> round(s.at[6].estimate, 2), s.at[24]
    (0.75, None)
    """
    durations = np.asarray(durations, dtype=np.int64)
    events = np.asarray(events, dtype=bool)
    horizons = {m: months_in_days(m) for m in months}
    timeline = np.union1d(np.unique(durations).astype(float), [0.0, *horizons.values()])
    fitter = KaplanMeierFitter(alpha=1 - CONFIDENCE).fit(durations, events, timeline=timeline)
    survival = fitter.survival_function_.iloc[:, 0]
    bounds = fitter.confidence_interval_survival_function_
    low, high = bounds.iloc[:, 0], bounds.iloc[:, 1]
    longest = float(durations.max()) if len(durations) else -1.0
    at: dict[int, Estimate | None] = {}
    for month, day in horizons.items():
        # Beyond the longest follow-up the curve says nothing.
        at[month] = (
            Estimate(float(survival[day]), float(low[day]), float(high[day]))
            if day <= longest
            else None
        )
    shown = timeline <= max(longest, 0.0)
    curve = Curve(
        days=[float(d) for d in timeline[shown]],
        survival=[float(v) for v in survival.to_numpy()[shown]],
        low=[float(v) for v in low.to_numpy()[shown]],
        high=[float(v) for v in high.to_numpy()[shown]],
    )
    return Survival(at=at, curve=curve)


@dataclass(frozen=True)
class Comparison:
    """Participants against the comparison group: Cox hazard ratio of leaving
    (below 1: participants left less) and the log-rank test."""

    hazard_ratio: Estimate | None
    log_rank_p: float | None
    log_rank_statistic: float | None


def compare(
    durations: Days, events: Flags, participant: Flags, *, min_events: int = 1
) -> Comparison:
    """Cox proportional hazards (one covariate: took part) and log-rank.

    Without at least ``min_events`` leavers in each group the hazard ratio is
    not estimable (None); so is a model that does not converge.
    """
    durations = np.asarray(durations, dtype=np.int64)
    events = np.asarray(events, dtype=bool)
    participant = np.asarray(participant, dtype=bool)
    ours, theirs = participant, ~participant
    if not ours.any() or not theirs.any():
        return Comparison(None, None, None)
    test = logrank_test(durations[ours], durations[theirs], events[ours], events[theirs])
    p_value = float(test.p_value) if np.isfinite(test.p_value) else None
    statistic = float(test.test_statistic) if np.isfinite(test.test_statistic) else None
    ratio: Estimate | None = None
    if events[ours].sum() >= min_events and events[theirs].sum() >= min_events:
        frame = pd.DataFrame(
            {"days": durations, "left": events, "took_part": participant.astype(int)}
        )
        try:
            model = CoxPHFitter(alpha=1 - CONFIDENCE).fit(frame, "days", "left")
        except ConvergenceError:
            model = None
        if model is not None:
            row = model.summary.loc["took_part"]
            values = (
                float(row["exp(coef)"]),
                float(row[f"exp(coef) lower {CONFIDENCE:.0%}"]),
                float(row[f"exp(coef) upper {CONFIDENCE:.0%}"]),
            )
            if all(np.isfinite(v) for v in values):
                ratio = Estimate(*values)
    return Comparison(ratio, p_value, statistic)

"""What the outcome report holds, and its JSON form (``twoway outcomes --json``).

Every figure here has already been through the small-group rule
(``outcomes.selectors``): a hidden figure is None, never a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from twoway.outcomes.survival import MONTHS, Curve, Estimate


def _rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _estimate(value: Estimate | None) -> dict[str, float | None] | None:
    if value is None:
        return None
    return {
        "estimate": _rounded(value.estimate),
        "low": _rounded(value.low),
        "high": _rounded(value.high),
    }


@dataclass(frozen=True)
class Group:
    """Participants, or the comparison group: size, leavers, retention."""

    label: str
    n: int | None
    left_org: int | None
    retention: dict[int, Estimate | None]
    curve: Curve | None

    @classmethod
    def hidden(cls, label: str) -> Group:
        return cls(label, None, None, dict.fromkeys(MONTHS), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "left_org": self.left_org,
            "retention": {
                str(m): _rounded(e.estimate) if e else None for m, e in self.retention.items()
            },
            "retention_ci": {
                str(m): [_rounded(e.low), _rounded(e.high)] if e else None
                for m, e in self.retention.items()
            },
        }


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole`` (a share of people or pairs), None when hidden."""

    label: str
    whole: int | None
    part: int | None

    @property
    def share(self) -> float | None:
        if self.whole is None or self.part is None or self.whole == 0:
            return None
        return self.part / self.whole

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": self.whole,
            "count": self.part,
            "share": _rounded(self.share),
        }


@dataclass(frozen=True)
class SideRow:
    """One side of the program (junior mentors, senior mentees...)."""

    side: str
    label: str
    n: int | None
    left_org: int | None
    retention_12: float | None
    hidden: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "label": self.label,
            "n": self.n,
            "left_org": self.left_org,
            "retention_12": _rounded(self.retention_12),
            "suppressed": self.hidden,
        }


@dataclass(frozen=True)
class Topic:
    name: str
    people: int


@dataclass(frozen=True)
class Learning:
    """What one side learned: from their meeting logs and their goals."""

    side: str
    label: str
    logged_learning: Share  # people who wrote what they learned, of those who logged
    goals_reached: Share  # goals rated "Reached" in the latest log, of goals rated
    topics: list[Topic]  # catalogue topics named in their logs, by at least k people

    def as_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "label": self.label,
            "logged_learning": self.logged_learning.as_json(),
            "goals_reached": self.goals_reached.as_json(),
            "topics": [{"name": t.name, "people": t.people} for t in self.topics],
        }


@dataclass(frozen=True)
class Meetings:
    pairs: int | None
    planned: int | None
    logged: int | None

    @property
    def share(self) -> float | None:
        if not self.planned or self.logged is None:
            return None
        return self.logged / self.planned

    def as_json(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "planned": self.planned,
            "logged": self.logged,
            "share": _rounded(self.share),
        }


@dataclass(frozen=True)
class OutcomeReport:
    program: str  # slug
    program_name: str
    as_of: dt.date
    k: int
    suppressed: bool
    participants: Group
    comparison: Group
    method: str
    matched_participants: int | None
    hazard_ratio: Estimate | None
    log_rank_p: float | None
    promotions: list[Share] = field(default_factory=list)  # participants, comparison
    by_side: list[SideRow] = field(default_factory=list)
    learning: list[Learning] = field(default_factory=list)
    meetings: Meetings | None = None
    reach: list[Share] = field(default_factory=list)
    surveys: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        comparison = self.comparison.as_json()
        comparison["method"] = self.method
        comparison["matched_participants"] = self.matched_participants
        comparison["hazard_ratio"] = _estimate(self.hazard_ratio)
        return {
            "program": self.program,
            "as_of": self.as_of.isoformat(),
            "k": self.k,
            "suppressed": self.suppressed,
            "participants": self.participants.as_json(),
            "comparison": comparison,
            "hazard_ratio": _estimate(self.hazard_ratio),
            "log_rank": {"p": _rounded(self.log_rank_p)},
            "promotions_12_months": [row.as_json() for row in self.promotions],
            "by_side": [row.as_json() for row in self.by_side],
            "learning": [row.as_json() for row in self.learning],
            "meetings": self.meetings.as_json() if self.meetings else None,
            "reach": [row.as_json() for row in self.reach],
            "surveys": self.surveys,
        }

"""The matching engine: pure Python and numpy/numba/OR-Tools, no Django, no I/O, no clock.

See ``twoway.engine.types`` for the contract and ``docs/matching-format.md``
for the semantics and the JSON format of ``python -m twoway.engine``.

Names are imported on first use (``__getattr__`` below), so that importing
the package alone imports nothing heavy: ``python -m twoway.engine`` sets
numpy up before numpy is imported (see ``__main__``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twoway.engine.matching import match
    from twoway.engine.scoring import RULES
    from twoway.engine.suggestions import check_pair, score_pair, suggest
    from twoway.engine.types import (
        COMPONENTS,
        GIVEN,
        LINES,
        Constraints,
        EngineInputError,
        MatchedPair,
        MatchResult,
        Options,
        Participant,
        Problem,
        ScoreTable,
        Suggestion,
        Topic,
        Unmatched,
        Weights,
    )
    from twoway.engine.validation import validate

# Each public name, and the module it comes from.
_EXPORTS = {
    "COMPONENTS": "twoway.engine.types",
    "GIVEN": "twoway.engine.types",
    "LINES": "twoway.engine.types",
    "RULES": "twoway.engine.scoring",
    "Constraints": "twoway.engine.types",
    "EngineInputError": "twoway.engine.types",
    "MatchResult": "twoway.engine.types",
    "MatchedPair": "twoway.engine.types",
    "Options": "twoway.engine.types",
    "Participant": "twoway.engine.types",
    "Problem": "twoway.engine.types",
    "ScoreTable": "twoway.engine.types",
    "Suggestion": "twoway.engine.types",
    "Topic": "twoway.engine.types",
    "Unmatched": "twoway.engine.types",
    "Weights": "twoway.engine.types",
    "check_pair": "twoway.engine.suggestions",
    "match": "twoway.engine.matching",
    "score_pair": "twoway.engine.suggestions",
    "suggest": "twoway.engine.suggestions",
    "validate": "twoway.engine.validation",
}

__all__ = [
    "COMPONENTS",
    "GIVEN",
    "LINES",
    "RULES",
    "Constraints",
    "EngineInputError",
    "MatchResult",
    "MatchedPair",
    "Options",
    "Participant",
    "Problem",
    "ScoreTable",
    "Suggestion",
    "Topic",
    "Unmatched",
    "Weights",
    "check_pair",
    "match",
    "score_pair",
    "suggest",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

"""Small filters for the matching pages: shares as per cent, fit on a 0–100 scale,
scores, engine phases."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.matching.fit import Fit, fit_of, run_average_fit, run_best_possible
from twoway.matching.selectors import COMPONENT_LABELS
from twoway.programs.weights import weight_label

register = template.Library()

PHASE_WORDS = {
    "loading": "Loading the program",
    "load": "Loading the program",
    "store": "Saving the results",
    "validate": "Checking the input",
    "eligibility": "Applying the program's rules",
    "candidates": "Finding good candidates",
    "scoring": "Scoring candidate pairs",
    "solve": "Finding the best set of pairs",
    "widen": "Widening the search",
    "certify": "Proving the result is optimal",
    "explain": "Writing the reasons",
    "done": "Done",
}


@register.filter
def percent(value: Any) -> str:
    """0.734 -> "73%"; None -> "–"."""
    if value is None or value == "":
        return "–"
    return f"{float(value) * 100:.0f}%"


@register.filter
def score(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return f"{float(value):.2f}"


@register.filter
def signed(value: Any) -> str:
    """A change with its sign: +1.20, −0.40, ±0."""
    if value is None:
        return "–"
    number = float(value)
    if abs(number) < 0.005:
        return "±0"
    return f"+{number:.2f}" if number > 0 else f"−{abs(number):.2f}"


@register.filter
def svgnum(value: Any) -> str:
    """A number for an SVG attribute: never localised, two decimals."""
    return f"{float(value or 0):.2f}"


@register.filter
def phase_words(phase: str) -> str:
    return PHASE_WORDS.get(phase, (phase or "").replace("_", " ").capitalize())


@register.filter
def seconds(value: Any) -> str:
    number = float(value or 0)
    return f"{number * 1000:.0f} ms" if number < 1 else f"{number:.1f} s"


@register.filter
def run_fit(run: Any) -> Fit:
    """A run's average fit per pair (0–100 and a word), from its total and weights."""
    best = run_best_possible(run.settings)
    return run_average_fit(total=run.total, pairs=(run.counts or {}).get("pairs"), best=best)


@register.filter
def fit(value: Any, best: Any) -> Fit:
    """A score on the 0–100 fit scale of a run whose best possible score is ``best``."""
    if value is None or value == "":
        return Fit(None, "")
    return fit_of(float(value), float(best or 0))


@register.filter
def component_words(component: str) -> str:
    """ "teach_back" -> "Teaches back"."""
    return COMPONENT_LABELS.get(component, (component or "").replace("_", " ").capitalize())


@register.filter
def weight_words(value: Any) -> str:
    """1.0 -> "Matters a lot (1)"; 0.35 -> "Custom (0.35)"."""
    if value is None or value == "":
        return "–"
    label = weight_label(float(value))
    return label if label.startswith("Custom") else f"{label} ({float(value):g})"

"""How much each part of a pair's fit counts, in words a program manager reads.

A weight is a number the engine multiplies a score component by; people choose
among four labelled levels instead. The levels and their numbers are written
here once, for every form that shows weights (a program's settings, a matching
run). A weight that matches no level (set before the levels existed, or on the
command line) shows as "Custom (0.35)" and is kept as it is unless changed.
"""

from __future__ import annotations

from typing import Any

from django import forms

# The labelled levels, most first: (number, label).
WEIGHT_LEVELS: tuple[tuple[float, str], ...] = (
    (1.0, "Matters a lot"),
    (0.5, "Matters some"),
    (0.2, "Matters a little"),
    (0.0, "Doesn't matter"),
)


def weight_value(value: Any) -> str:
    """A weight as its option value in a form: ``1`` and ``1.0`` both give "1.0"."""
    return str(float(value))


def weight_label(value: float | None) -> str:
    """ "Matters some" for 0.5; "Custom (0.35)" for a number no level has."""
    if value is None:
        return ""
    for number, label in WEIGHT_LEVELS:
        if abs(float(value) - number) < 1e-9:
            return label
    return f"Custom ({float(value):g})"


def weight_choices(current: Any = None) -> list[tuple[str, str]]:
    """The levels as ``<select>`` options, with the current value first when no
    level matches it, so that sending the form back unchanged keeps it."""
    choices = [(weight_value(number), label) for number, label in WEIGHT_LEVELS]
    try:
        value = None if current in (None, "") else float(current)
    except (TypeError, ValueError):
        value = None
    if value is not None and weight_value(value) not in dict(choices):
        choices.insert(0, (weight_value(value), weight_label(value)))
    return choices


class WeightSelect(forms.Select):
    """A ``<select>`` of the levels that offers the current value too when it is custom."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        current = value[0] if isinstance(value, list | tuple) and value else value
        self.choices = weight_choices(current)
        return super().get_context(name, value, attrs)

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        try:
            return [weight_value(value)]
        except (TypeError, ValueError):
            return [str(value)]


class WeightField(forms.FloatField):
    """A weight chosen by its label; any number within the bounds is accepted
    back, so a custom weight survives a form sent unchanged."""

    widget = WeightSelect

    def __init__(self, *, max_value: float = 100, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(max_value=max_value, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # FloatField adds min/max/step, which mean nothing on a <select>.
        return {}

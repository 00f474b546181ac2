"""Template helpers for skill levels, so that every page words them the same way."""

from __future__ import annotations

from typing import Any

from django import template

from twoway.skills.models import LEVEL_CHOICES, LEVEL_WORDS

register = template.Library()


@register.simple_tag
def level_choices() -> list[dict[str, Any]]:
    """The five levels, each with its number, its word and the number as text
    (to compare with a form value)."""
    return [{"value": v, "key": str(v), "word": w} for v, w in LEVEL_CHOICES]


@register.filter
def level_word(level: Any) -> str:
    try:
        return LEVEL_WORDS.get(int(level), "")
    except (TypeError, ValueError):
        return ""

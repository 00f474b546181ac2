from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def level_dots(level: int | None) -> str:
    """1..5 as filled and empty dots, for a quick read of a skill level."""
    if not level:
        return ""
    return "●" * int(level) + "○" * (5 - int(level))


@register.simple_tag(takes_context=True)
def sort_link(context: Any, key: str) -> str:
    """The query string that sorts a table by ``key`` (toggling the direction)."""
    request = context["request"]
    query = request.GET.copy()
    current = query.get("sort", "")
    query["sort"] = f"-{key}" if current == key else key
    query.pop("page", None)
    return "?" + query.urlencode()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None

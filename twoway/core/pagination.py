"""Pagination shared by every list page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items: Any, per_page: int | None = None) -> dict[str, Any]:
    """``page_obj`` for the template and ``page_query``: the other GET parameters,
    so that the pagination links keep the filters."""
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    page: Page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "page_query": f"{encoded}&" if encoded else ""}

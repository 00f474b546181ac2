"""Pagination shared by every list page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property


class _CountedPaginator(Paginator):
    """A paginator told how many items there are, so it does not count them."""

    def __init__(self, items: Any, per_page: int, known_count: int, capped: bool = False) -> None:
        super().__init__(items, per_page)
        self.known_count = known_count
        # Counting stopped at ``known_count``: that many are listed, and there are more.
        self.capped = capped

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number: Any) -> Page:
        """A page of ``per_page`` items, not cut at the known count: a count a little
        behind (remembered figures) never hides someone at the end of the list."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)


def paginate(
    request: HttpRequest,
    items: Any,
    per_page: int | None = None,
    count: int | None = None,
    count_at_most: int | None = None,
) -> dict[str, Any]:
    """``page_obj`` for the template and ``page_query``: the other GET parameters,
    so that the pagination links keep the filters. ``count``, when the caller knows
    it, saves counting ``items``. ``count_at_most`` (a query set) stops counting
    there: a search matching thousands would otherwise read every match only to say
    how many. Past it, that many are listed and the page says there are more."""
    size = per_page or settings.PAGE_SIZE
    paginator: Paginator
    if count is None and count_at_most is not None:
        found = items[: count_at_most + 1].count()
        capped = found > count_at_most
        listed = items[:count_at_most] if capped else items
        paginator = _CountedPaginator(listed, size, min(found, count_at_most), capped=capped)
    elif count is None:
        paginator = Paginator(items, size)
    else:
        paginator = _CountedPaginator(items, size, count)
    page: Page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return {"page_obj": page, "page_query": f"{encoded}&" if encoded else ""}

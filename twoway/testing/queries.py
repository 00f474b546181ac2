"""Counting queries, to show that a page or a read does not grow with the data.

A fixed cap cannot catch a query per row: the cap holds while the test's data is
small. So a test measures twice, with a little data and with more, and compares::

    few = queries_for(client, url)  # two rows
    add_rows(10)
    assert queries_for(client, url) == few  # twelve rows, no more queries
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_in(read: Callable[[], object]) -> int:
    """The queries ``read`` makes, measured on its second call.

    The first call fills what is cached per process or per session (content types,
    the user's roles), so that two measurements taken before and after adding data
    start alike. ``read`` must change nothing.
    """
    read()
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def queries_for(client: Client, url: str, data: Mapping[str, Any] | None = None) -> int:
    """The queries one GET of ``url`` (with ``data`` as its query string) makes, as
    ``queries_in`` measures them; the page must answer 200."""

    def get() -> None:
        response = client.get(url, data)
        assert response.status_code == 200, f"GET {url} answered {response.status_code}"

    return queries_in(get)

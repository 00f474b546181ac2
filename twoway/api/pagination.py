"""Cursor pagination: pages that hold still while rows are added.

A page ends with the ordering values of its last row; the next page starts
strictly after them (``WHERE (a, b) > (x, y)``, spelled out as ``Q`` objects),
so a row inserted before the cursor never shifts the rows after it, as an
offset would. The cursor is those values, signed (``django.core.signing``) so a
client can neither read meaning into it nor forge one: it is opaque.

The ordering must end with a unique field (``pk``) and name no field that can
be NULL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

SALT = "twoway.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
BAD_CURSOR = "This cursor is not valid: start again from the first page."

M = TypeVar("M", bound=Model)


@dataclass
class CursorPage(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value


def _after(fields: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the order ``fields`` (``-name`` descending)."""
    condition = Q()
    for index, spec in enumerate(fields):
        name = spec.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if spec.startswith('-') else 'gt'}": values[index]})
        equal_before = Q(
            **{
                field.lstrip("-"): value
                for field, value in zip(fields[:index], values, strict=False)
            }
        )
        condition |= equal_before & beyond
    return condition


def _value(row: Model, spec: str) -> Any:
    value: Any = row
    for part in spec.lstrip("-").split("__"):
        value = getattr(value, part)
    return value


def cursor_page(
    queryset: QuerySet[M], ordering: Sequence[str], cursor: str | None, limit: int
) -> CursorPage[M]:
    """One page of ``queryset`` in ``ordering``, starting after ``cursor``.

    A cursor that was not made here (or for another ordering) is a
    ``ValidationError`` on the field "cursor".
    """
    fields = list(ordering)
    rows = queryset.order_by(*fields)
    if cursor:
        try:
            values = signing.loads(cursor, salt=SALT)
        except signing.BadSignature:
            raise ValidationError({"cursor": BAD_CURSOR}) from None
        if not isinstance(values, list) or len(values) != len(fields):
            raise ValidationError({"cursor": BAD_CURSOR})
        rows = rows.filter(_after(fields, values))
    limit = max(1, min(limit, MAX_LIMIT))
    items = list(rows[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = signing.dumps([_plain(_value(last, f)) for f in fields], salt=SALT)
    return CursorPage(items=items, next_cursor=next_cursor)


def next_link(request: HttpRequest, page: CursorPage[Any]) -> str | None:
    """The absolute URL of the next page: this one's, with the new cursor."""
    if page.next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = page.next_cursor
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

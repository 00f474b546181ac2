"""File downloads of skills reports."""

from __future__ import annotations

import csv
import io
from typing import Any

# A cell starting with one of these is run as a formula by spreadsheet apps.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value``, with a quote before text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def skill_map_csv(rows: list[dict[str, Any]]) -> str:
    """The skills map as CSV, the same rows and order as the page."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Skill", "Category", "Key skill", "Can teach", "Want to learn", "Gap", "Average level"]
    )
    for row in rows:
        average = "" if row["avg_level"] is None else f"{row['avg_level']:.1f}"
        writer.writerow(
            [
                spreadsheet_cell(row["name"]),
                row["category_label"],
                "yes" if row["is_key"] else "no",
                row["offered"],
                row["wanted"],
                row["gap"],
                average,
            ]
        )
    return out.getvalue()

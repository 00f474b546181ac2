"""What an import reports: counts, every problem, the first rows as read.

``ImportReport`` is what ``person_import`` returns. ``ImportUpload`` keeps it
in two JSON-safe, bounded forms: the review (``as_review``) and the result of
the applied import (``as_dict``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PREVIEW_ROWS = 10
# Characters of a preview value kept for the review page (it shows 60).
PREVIEW_CHARS = 200
RESULT_MAX_ERRORS = 1000
# Error lines kept for the review page and its download.
REVIEW_MAX_ERRORS = 10_000


@dataclass(frozen=True)
class RowError:
    """One problem, at one row (None: the file as a whole) and one column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}"
        return f"row {self.row}: {self.column}: {self.message}"


@dataclass(frozen=True)
class PreviewRow:
    """One of the first rows of the file, as the mapping reads it."""

    row: int
    status: str  # "new", "update", "unchanged" or "error"
    values: list[str]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a file with errors, would do)."""

    filename: str = ""
    # "file": an HR file; "scim": one write of SCIM provisioning, through the import.
    source: str = "file"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    leavers: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    rows: int = 0
    new_departments: list[str] = field(default_factory=list)
    labels_changed: int = 0
    preview: list[PreviewRow] = field(default_factory=list)
    dry_run: bool = False
    partial: bool = False
    mark_leavers: bool = False
    applied: bool = False
    # The file could not be read as a table at all (the one error says why).
    unreadable: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def people(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary_line(self) -> str:
        line = (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} errors={len(self.errors)}"
        )
        return f"{line} leavers={self.leavers}" if self.mark_leavers else line

    def _figures(self) -> dict[str, Any]:
        """What both stored forms of a report say."""
        return {
            "summary": self.summary_line(),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "leavers": self.leavers,
            "error_count": len(self.errors),
            "new_departments": len(self.new_departments),
            "ignored_columns": self.ignored_columns,
            "mapping": self.mapping,
        }

    def as_dict(self, max_errors: int = RESULT_MAX_ERRORS) -> dict[str, Any]:
        """A JSON-safe summary for ``ImportUpload.result``, the error list capped."""
        lines = [str(error) for error in self.errors[:max_errors]]
        more = len(self.errors) - len(lines)
        if more > 0:
            lines.append(f"and {more} more")
        return {**self._figures(), "errors": lines, "applied": self.applied}

    def as_review(self) -> dict[str, Any]:
        """What the review page shows, JSON-safe, so that it never reads the file again.

        Everything is bounded: at most ``MAX_COLUMNS`` headers of limited
        length, ``REVIEW_MAX_ERRORS`` error lines, ``PREVIEW_ROWS`` short rows.
        """
        return {
            **self._figures(),
            "people": self.people,
            "rows": self.rows,
            "errors": [str(error) for error in self.errors[:REVIEW_MAX_ERRORS]],
            "headers": self.headers,
            "mark_leavers": self.mark_leavers,
            "preview": [
                {
                    "row": line.row,
                    "status": line.status,
                    "values": [value[:PREVIEW_CHARS] for value in line.values],
                }
                for line in self.preview
            ],
        }


def import_errors_text(errors: Iterable[RowError | str]) -> str:
    return "".join(f"{error}\n" for error in errors)

"""Stage 1 of the import: read the file, match its headers, clean every row.

``twoway.integrations.hr_csv`` turns the bytes into a table. Here its headers
are matched to the import columns (or to the mapping chosen), problems with
the columns are reported at the header row, and each row is cleaned on its own
(``clean.row_clean``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from twoway.integrations.hr_csv import ReadError, Table, columns_resolve, table_read
from twoway.integrations.hr_csv.columns import REQUIRED
from twoway.people.importing.clean import CleanRow, row_clean
from twoway.people.importing.report import ImportReport, RowError

# Headers named in "required column is missing; the file's columns are ...".
HEADERS_NAMED = 20


@dataclass
class ParsedFile:
    """The file as read: its table, where each import column is, the cleaned rows."""

    table: Table
    columns: dict[str, int]  # import column -> index in the row
    rows: list[CleanRow]


def file_read(
    content: bytes, filename: str, mapping: Mapping[str, str] | None, report: ImportReport
) -> ParsedFile | None:
    """Read and clean the file; None, with the errors in ``report``, if it goes no further."""
    try:
        table = table_read(content, filename)
    except ReadError as exc:
        report.errors.append(RowError(exc.row, exc.where, exc.message))
        report.unreadable = True
        return None
    report.headers = list(table.headers)
    report.rows = len(table.rows)
    chosen, problems = columns_resolve(table.headers, mapping)
    report.mapping = chosen
    report.ignored_columns = [header for header in table.headers if header not in chosen.values()]
    header_row = table.header_row
    for name, message in problems:
        report.errors.append(RowError(header_row, name, message))
    faulty = {name for name, _ in problems}
    named = ", ".join(f'"{header}"' for header in table.headers[:HEADERS_NAMED])
    if len(table.headers) > HEADERS_NAMED:
        named += f" and {len(table.headers) - HEADERS_NAMED:,} more"
    for name in REQUIRED:
        if name not in chosen and name not in faulty:
            report.errors.append(
                RowError(
                    header_row,
                    name,
                    f"required column is missing; the file's columns are {named}",
                )
            )
    if "level_label" in chosen and "level" not in chosen:
        report.errors.append(
            RowError(
                header_row, "level_label", "labels name levels, so the file needs a level column"
            )
        )
    if "level_since" in chosen and "level" not in chosen:
        report.errors.append(
            RowError(
                header_row,
                "level_since",
                "level_since dates a change of level, so the file needs a level column",
            )
        )
    if report.errors:
        return None
    if not table.rows:
        report.errors.append(RowError(None, "file", "the file has a header but no people"))
        return None
    index = {header: position for position, header in enumerate(table.headers)}
    columns = {name: index[header] for name, header in chosen.items()}
    rows = [row_clean(row, columns, report.errors) for row in table.rows]
    return ParsedFile(table, columns, rows)

"""The shape every reader returns (a header and numbered rows), and its checks.

``table_build`` turns (row number, values) records, from a CSV file or a
worksheet, into a ``Table``: it finds the header, trims every value, skips
blank rows and refuses what no real export holds (too many rows or columns,
a value longer than a cell can be, a NUL character), naming the row.

Example
-------
>>> table = table_build([(1, ["Employee ID", "Name", ""]), (2, ["E1", " Ada "]), (3, [])])
>>> table.headers, table.rows
(['Employee ID', 'Name'], [Row(number=2, values=['E1', 'Ada'])])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from twoway.integrations.hr_csv.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_HEADER_CHARS,
    MAX_ROWS,
)


class ReadError(ValueError):
    """The file cannot be read as a table.

    ``row`` is the spreadsheet row at fault (None for the file as a whole) and
    ``where`` names what is wrong there ("file", "encoding", "columns" or a
    header name), so that callers can print ``row <n>: <where>: <message>``.
    """

    def __init__(self, message: str, *, row: int | None = None, where: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.where = where


class Row(NamedTuple):
    """One row: its spreadsheet number and its values, without empty ones at the end."""

    number: int
    values: list[str]

    def cell(self, index: int) -> str:
        """The value in column ``index`` (from 0); a row may end before the header does."""
        return self.values[index] if index < len(self.values) else ""


class Table(NamedTuple):
    headers: list[str]
    rows: list[Row]
    header_row: int = 1


def column_letters(number: int) -> str:
    """A column's name in a spreadsheet.

    >>> column_letters(1), column_letters(28), column_letters(16_384)
    ('A', 'AB', 'XFD')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def rows_refusal(number: int) -> ReadError:
    return ReadError(
        f"this row is beyond row {MAX_ROWS:,}, the last one Twoway reads; delete any rows "
        "below your data, or split the file into parts of at most "
        f"{MAX_ROWS - 1:,} people",
        row=number,
        where="rows",
    )


def columns_refusal(
    number: int, column: int, *, header: bool = False, delimiters: bool = False
) -> ReadError:
    """A row (or the header) wider than ``MAX_COLUMNS``; ``delimiters``: counted, not read."""
    if header:
        message = (
            f"the header names {column:,} columns; Twoway reads at most {MAX_COLUMNS:,}. "
            "Delete the columns Twoway does not use (the Columns list of the import page "
            "names the ones it reads), then upload the file again"
        )
    elif delimiters:
        message = (
            f"this row has {column - 1:,} delimiters, so {column:,} or so columns; Twoway "
            f"reads at most {MAX_COLUMNS:,}. Delete the columns to the right of your data "
            "(empty ones too), then upload the file again"
        )
    else:
        message = (
            f"this row has a value in column {column_letters(column)} (column {column:,}), "
            f"even if it looks empty; Twoway reads at most {MAX_COLUMNS:,} columns. Delete "
            "the columns to the right of your data, then upload the file again"
        )
    return ReadError(message, row=number, where="columns")


def cell_refusal(number: int | None, where: str, length: int | None = None) -> ReadError:
    size = f"{length:,} characters long" if length else f"longer than {MAX_CELL_CHARS:,} characters"
    return ReadError(
        f"a value is {size}; a spreadsheet cell holds at most {MAX_CELL_CHARS:,}. Shorten "
        "it, or delete that column if Twoway does not use it, then upload the file again",
        row=number,
        where=where,
    )


def cells_refusal(limit: int, what: str = "values") -> ReadError:
    return ReadError(
        f"the file holds more than {limit:,} {what}, more than Twoway reads at once; "
        "delete the columns Twoway does not use, or split the file into parts"
    )


def nul_refusal(number: int) -> ReadError:
    return ReadError(
        "this row contains a NUL character (byte 0x00), which a text export never has; "
        "save the file again as CSV UTF-8 (in Excel: Save as › CSV UTF-8), then upload it",
        row=number,
        where="encoding",
    )


def table_build(records: Iterable[tuple[int, Sequence[str]]], *, source: str = "csv") -> Table:
    """The header and the rows of ``records``, checked against the limits.

    ``source`` ("csv" or "xlsx") only changes the advice for a row wider than
    its header.

    Raises
    ------
    ReadError
        For an empty table, duplicate header names, a row wider than its header
        or past a limit of ``twoway.integrations.hr_csv.limits``.
    """
    headers: list[str] | None = None
    header_row = width = held = 0
    rows: list[Row] = []
    for number, record in records:
        if number > MAX_ROWS:
            raise rows_refusal(number)
        if not record:
            continue
        if max(map(len, record)) > MAX_CELL_CHARS:
            raise _long_cell(number, record, headers)
        cells = [cell.strip() for cell in record]
        # Exports often end every line with delimiters: drop the empty tail.
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if "\x00" in "".join(cells):
            raise nul_refusal(number)
        if len(cells) > MAX_COLUMNS:
            raise columns_refusal(number, len(cells), header=headers is None)
        if headers is None:
            headers = _headers_check(cells, number)
            header_row, width = number, len(headers)
            continue
        if len(cells) > width:
            raise _wide_row(number, len(cells), width, source)
        held += len(cells)
        if held > MAX_CELLS:
            raise cells_refusal(MAX_CELLS)
        rows.append(Row(number, cells))
    if headers is None:
        raise ReadError("the file is empty")
    return Table(headers, rows, header_row)


def _long_cell(number: int, record: Sequence[str], headers: list[str] | None) -> ReadError:
    index, longest = max(enumerate(map(len, record)), key=lambda pair: pair[1])
    where = headers[index] if headers and index < len(headers) else "columns"
    return cell_refusal(number, where, longest)


def _wide_row(number: int, filled: int, width: int, source: str) -> ReadError:
    advice = (
        "give those columns a header, or delete them"
        if source == "xlsx"
        else "a value containing the delimiter may be missing its quotes"
    )
    return ReadError(
        f"this row has {filled} values but the header names {width} columns; {advice}",
        row=number,
        where="columns",
    )


def _headers_check(cells: list[str], number: int) -> list[str]:
    headers = [cell or f"(column {index})" for index, cell in enumerate(cells, start=1)]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, start=1):
        if len(header) > MAX_HEADER_CHARS:
            raise ReadError(
                f"the name of column {column_letters(index)} is {len(header):,} characters "
                f"long; name each column in at most {MAX_HEADER_CHARS} characters (is the "
                "first row really the header?)",
                row=number,
                where="columns",
            )
        if header in seen:
            raise ReadError(
                f"the header names this column twice (columns {seen[header]} and {index}); "
                "rename or remove one",
                row=number,
                where=header,
            )
        seen[header] = index
    return headers

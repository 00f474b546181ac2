"""Uploaded bytes to a header and rows, for ``.csv`` and ``.xlsx`` files.

Every row carries the number a person sees in a spreadsheet program (the
header is row 1, the first person row 2), so that an error message points at
the right line. A CSV record whose quoted value spans several lines is still
one row, as in Excel; blank lines count as rows but are skipped.

Example
-------
>>> table = table_read(b"Employee ID;Name\\nE1;Ada\\n\\nE2;Bo\\n", "people.csv")
>>> table.headers
['Employee ID', 'Name']
>>> [(row.number, row.values) for row in table.rows]
[(2, ['E1', 'Ada']), (4, ['E2', 'Bo'])]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import PurePath
from typing import Any, NamedTuple

EXTENSIONS = (".csv", ".xlsx")
DELIMITERS = ",;\t|"
# Enough lines for the sniffer to see a pattern, small enough to stay fast.
SNIFF_BYTES = 32 * 1024
SNIFF_LINES = 20
# A safety net against zip bombs and runaway files, far above any real export.
MAX_ROWS = 500_000

# HR exports carry long free-text columns (job descriptions, notes); the csv
# module's default field limit of 128 KiB would reject them mid-file.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


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
    number: int
    values: list[str]


class Table(NamedTuple):
    headers: list[str]
    rows: list[Row]
    header_row: int = 1


def table_read(content: bytes, filename: str) -> Table:
    """Read an uploaded ``.csv`` or ``.xlsx`` file.

    Cell values come back as trimmed strings, each row as long as the header.
    A file with a header and no rows is not an error here (the caller decides).

    Raises
    ------
    ReadError
        For an empty file, an unsupported extension, undecodable text,
        duplicate header names or a row with more values than the header.
    """
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        return _csv_read(content)
    if extension == ".xlsx":
        return _xlsx_read(content)
    shown = extension or "files without an extension"
    raise ReadError(
        f"{shown} files cannot be imported; upload a .csv or .xlsx file "
        "(in Excel: Save as › CSV UTF-8 or Excel Workbook)"
    )


# --- CSV ----------------------------------------------------------------------


def _csv_encoding(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8-sig"


def _csv_read(content: bytes) -> Table:
    encoding = _csv_encoding(content)
    sample_bytes = content[:SNIFF_BYTES]
    if encoding == "utf-16":
        sample_bytes = sample_bytes[: len(sample_bytes) // 2 * 2]
    elif b"\x00" in sample_bytes:
        raise ReadError(
            "the file looks like UTF-16 text without a byte-order mark; "
            "save it as CSV UTF-8 and upload it again"
        )
    sample = sample_bytes.decode(encoding, errors="ignore")
    if not sample.strip():
        raise ReadError("the file is empty")
    delimiter = _delimiter_sniff(sample)
    # Decode while reading instead of decoding the whole file up front: a
    # large export then never exists twice in memory as one giant string.
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"', doublequote=True)
    try:
        return _table_build(enumerate(reader, start=1))
    except UnicodeDecodeError:
        raise _decode_error(content, encoding, delimiter) from None
    except csv.Error as exc:
        raise ReadError(
            f"the file cannot be read as CSV after line {reader.line_num}: {exc}"
        ) from None


def _delimiter_sniff(sample: str) -> str:
    """The delimiter among ``, ; tab |``: csv.Sniffer first, the header line second."""
    lines = [line for line in sample.splitlines() if line.strip()]
    header = lines[0] if lines else ""
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    by_count = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines[:SNIFF_LINES]), DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    # The sniffer looks at data rows too and can be fooled by values full of
    # commas; a delimiter that never appears in the header cannot be right.
    if sniffed and sniffed in counts and counts[sniffed] > 0:
        return sniffed
    return by_count if counts[by_count] > 0 else ","


def _decode_error(content: bytes, encoding: str, delimiter: str) -> ReadError:
    try:
        content.decode(encoding)
    except UnicodeDecodeError as exc:
        start, bad = exc.start, content[exc.start : exc.start + 1]
    else:  # pragma: no cover - only called after a decode failure
        start, bad = len(content), b""
    prefix = content[:start].decode(encoding, errors="replace")
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter))
    except csv.Error:
        records = prefix.count("\n") + 1
    # The bad byte opens a new record when the prefix ends at a line break.
    number = records + 1 if not prefix or prefix.endswith(("\n", "\r")) else records
    label = "UTF-16" if encoding == "utf-16" else "UTF-8"
    return ReadError(
        f"the file is not {label} text (cannot read byte 0x{bad.hex().upper()}); "
        "in Excel use Save as › CSV UTF-8, then upload it again",
        row=max(number, 1),
        where="encoding",
    )


# --- Excel --------------------------------------------------------------------


def _xlsx_read(content: bytes) -> Table:
    if not content:
        raise ReadError("the file is empty")
    import openpyxl  # imported here: CSV-only callers never pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors for broken files
        raise ReadError(
            "this is not a readable .xlsx workbook; open it in Excel and save it again "
            "as Excel Workbook (.xlsx)"
        ) from None
    try:
        if not workbook.worksheets:
            raise ReadError("the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        records = (
            (number, [_xlsx_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        )
        return _table_build(records)
    finally:
        workbook.close()


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float: employee number 1042 must not
        # come back as "1042.0".
        return str(int(value))
    return str(value)


# --- both ---------------------------------------------------------------------


def _table_build(records: Any) -> Table:
    headers: list[str] | None = None
    header_row = width = 0
    rows: list[Row] = []
    for number, record in records:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if headers is None:
            headers = _headers_check(cells, number)
            header_row, width = number, len(headers)
            continue
        if len(cells) > width:
            if any(cells[width:]):
                raise ReadError(
                    f"this row has {_last_filled(cells)} values but the header names {width} "
                    "columns; a value containing the delimiter may be missing its quotes",
                    row=number,
                    where="columns",
                )
            del cells[width:]
        elif len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        rows.append(Row(number, cells))
        if len(rows) > MAX_ROWS:
            raise ReadError(f"the file has more than {MAX_ROWS:,} rows; split it into parts")
    if headers is None:
        raise ReadError("the file is empty")
    return Table(headers, rows, header_row)


def _last_filled(cells: list[str]) -> int:
    return max(index for index, cell in enumerate(cells, start=1) if cell)


def _headers_check(cells: list[str], number: int) -> list[str]:
    # Exports often end every line with a delimiter: drop the unnamed tail.
    while cells and not cells[-1]:
        cells.pop()
    headers = [cell or f"(column {index})" for index, cell in enumerate(cells, start=1)]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, start=1):
        if header in seen:
            raise ReadError(
                f"the header names this column twice (columns {seen[header]} and {index}); "
                "rename or remove one",
                row=number,
                where=header,
            )
        seen[header] = index
    return headers

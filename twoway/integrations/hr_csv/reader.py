"""Uploaded bytes to a header and rows, for ``.csv`` and ``.xlsx`` files.

Every row carries the number a person sees in a spreadsheet program (the
header is row 1, the first person row 2), so that an error message points at
the right line. A CSV record whose quoted value spans several lines is still
one row, as in Excel; blank lines count as rows but are skipped.

A file is read within the limits of ``limits`` (size, rows, columns, the
length of one value), checked while it is read, so that a hostile file is
refused before it is held whole; ``.xlsx`` files are read by ``xlsx``.

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
import io
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from twoway.integrations.hr_csv.limits import MAX_CSV_DELIMITERS, MAX_UNPACKED_BYTES, size_text
from twoway.integrations.hr_csv.table import (
    ReadError,
    Row,
    Table,
    cell_refusal,
    columns_refusal,
    table_build,
)
from twoway.integrations.hr_csv.xlsx import xlsx_records

__all__ = ["EXTENSIONS", "ReadError", "Row", "Table", "table_read"]

EXTENSIONS = (".csv", ".xlsx")
DELIMITERS = ",;\t|"
# Enough lines for the sniffer to see a pattern, small enough to stay fast.
SNIFF_BYTES = 32 * 1024
SNIFF_LINES = 20


def table_read(content: bytes, filename: str) -> Table:
    """Read an uploaded ``.csv`` or ``.xlsx`` file.

    Cell values come back as trimmed strings; a row ends at its last value, so
    read them with ``Row.cell``. A file with a header and no rows is not an
    error here (the caller decides).

    Raises
    ------
    ReadError
        For an empty file, an unsupported extension, undecodable text,
        duplicate header names, a row with more values than the header, or a
        file beyond the limits of ``twoway.integrations.hr_csv.limits``.
    """
    extension = PurePath(filename).suffix.lower()
    if extension == ".csv":
        return _csv_read(content)
    if extension == ".xlsx":
        if not content:
            raise ReadError("the file is empty")
        return table_build(xlsx_records(content), source="xlsx")
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


def _looks_like_utf16(sample: bytes) -> bool:
    """Text in UTF-16 has a NUL in every other byte (for Latin letters); a stray NUL does not."""
    half = len(sample) // 2
    return half > 0 and max(sample[0::2].count(0), sample[1::2].count(0)) * 2 >= half


def _csv_read(content: bytes) -> Table:
    if len(content) > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"the file is {size_text(len(content))}; Twoway reads files of at most "
            f"{size_text(MAX_UNPACKED_BYTES)}. Delete the columns Twoway does not use, or "
            "split the file into parts"
        )
    encoding = _csv_encoding(content)
    sample_bytes = content[:SNIFF_BYTES]
    if encoding == "utf-16":
        sample_bytes = sample_bytes[: len(sample_bytes) // 2 * 2]
    elif _looks_like_utf16(sample_bytes):
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
    records = _CsvRecords(stream, delimiter)
    try:
        return table_build(records, source="csv")
    except UnicodeDecodeError:
        raise _decode_error(content, encoding, delimiter) from None
    except csv.Error as exc:
        row = records.number + 1
        if "field larger than field limit" in str(exc):
            raise cell_refusal(row, "columns") from None
        raise ReadError(
            f"the file cannot be read as CSV after line {records.reader.line_num}: {exc}"
        ) from None


class _CsvRecords:
    """The records of a CSV stream as (row number, values), each kept narrow.

    The csv module builds a record's whole list of values before handing it
    over, so a line of millions of delimiters would cost gigabytes before its
    width could be checked: count the delimiters of the lines a record is made
    of as they are read, and refuse the record before it is parsed.
    """

    def __init__(self, stream: Iterable[str], delimiter: str) -> None:
        self.delimiter = delimiter
        self.number = 0
        self.pending = 0
        self.reader = csv.reader(
            self._lines(stream), delimiter=delimiter, quotechar='"', doublequote=True
        )

    def _lines(self, stream: Iterable[str]) -> Iterator[str]:
        for line in stream:
            self.pending += line.count(self.delimiter)
            if self.pending > MAX_CSV_DELIMITERS:
                row = self.number + 1
                header = self.number == 0
                raise columns_refusal(row, self.pending + 1, header=header, delimiters=True)
            yield line

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for record in self.reader:
            self.number += 1
            self.pending = 0
            yield self.number, record


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
        records = sum(1 for _ in _CsvRecords(io.StringIO(prefix, newline=""), delimiter))
    except (csv.Error, ReadError):
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

"""The first worksheet of an ``.xlsx`` file, read as a stream, within the limits.

An ``.xlsx`` file is a zip of XML parts. A general workbook library reads it
trustingly: openpyxl loads every shared string before the first row (one cell
of 400 MB took a server to 2.2 GB), pads the rows out to the range the sheet
*declares* (a dimension of A1:XFD1000000 kept an import busy for minutes) and
builds whole element trees of the parts it reads in one go. So this module
reads the few parts an import needs itself, with the expat parser, chunk by
chunk, and checks every limit of ``limits`` as the bytes arrive:

1. the zip's directory (how many parts) before the zip is opened;
2. each part's declared size before it is opened, and the bytes it really
   unpacks to as they come (a zip header can lie);
3. the sheet's declared dimension, each row's number and each cell's column
   as read, and each value's length while its text is still arriving.

Only the parts the table needs are read: the package and workbook
relationships, the workbook's sheet list, the styles (which cells are dates),
the shared strings and the first worksheet. Values come back as text, the way
the import wants them: dates as ``YYYY-MM-DD``, whole numbers without ``.0``.
openpyxl still decides which number formats are dates and turns Excel's day
numbers into dates, so those rules stay the same as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from twoway.integrations.hr_csv.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_STRUCTURE_BYTES,
    size_text,
)
from twoway.integrations.hr_csv.table import (
    ReadError,
    cell_refusal,
    cells_refusal,
    column_letters,
    columns_refusal,
    rows_refusal,
)

CHUNK = 256 * 1024
# What a zip entry of the central directory starts with: every part has one.
DIRECTORY_ENTRY = b"PK\x01\x02"
# An OLE2 compound file: an old .xls workbook, or an encrypted .xlsx.
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
CELL_REFERENCE = re.compile(r"\$?(?P<column>[A-Za-z]{1,10})\$?(?P<row>[0-9]{1,12})$")

UNREADABLE = (
    "this is not a readable .xlsx workbook; open it in Excel and save it again "
    "as Excel Workbook (.xlsx)"
)


def unreadable(detail: str = "", row: int | None = None) -> ReadError:
    return ReadError(f"{UNREADABLE}{f' ({detail})' if detail else ''}", row=row)


def xlsx_records(content: bytes) -> Iterator[tuple[int, list[str]]]:
    """The rows of the first worksheet as (row number, values), values as text.

    Rows the sheet leaves out are not yielded; each row's values run from
    column A to its last cell.

    Raises
    ------
    ReadError
        For a file that is not a workbook or breaks a limit of ``limits``.
    """
    archive = _archive_open(content)
    budget = _Budget(archive)
    workbook_path = _office_document(budget)
    workbook = _Workbook()
    budget.parse(workbook_path, workbook, structure=True)
    relations = _relations(budget, workbook_path)
    sheet_path = _first_worksheet(workbook.sheets, relations)
    styles = _Styles()
    styles_path = _target(relations, "styles") or "xl/styles.xml"
    if styles_path in budget.parts:
        budget.parse(styles_path, styles, structure=True)
    strings = _SharedStrings()
    strings_path = _target(relations, "sharedStrings") or "xl/sharedStrings.xml"
    if strings_path in budget.parts:
        budget.parse(strings_path, strings)
    sheet = _Sheet(strings.strings, styles, MAC_EPOCH if workbook.date1904 else WINDOWS_EPOCH)
    yield from budget.stream(sheet_path, sheet)


# --- the zip --------------------------------------------------------------------


def _archive_open(content: bytes) -> zipfile.ZipFile:
    if content.startswith(COMPOUND_FILE):
        raise ReadError(
            "this is an Excel 97-2003 workbook (.xls) or a password-protected one; in Excel "
            "remove the password (File › Info › Protect Workbook) and use Save as › Excel "
            "Workbook (.xlsx), then upload that file"
        )
    # Opening a zip reads its whole directory into memory, so count the
    # entries first: each one starts with the same four bytes.
    entries = content.count(DIRECTORY_ENTRY)
    if entries > MAX_XLSX_PARTS:
        raise ReadError(
            f"the workbook is made of about {entries:,} parts (sheets, pictures, charts…); "
            f"Twoway reads workbooks of at most {MAX_XLSX_PARTS:,}. Copy the sheet with the "
            "people into a new workbook, save it and upload that"
        )
    try:
        return zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise unreadable() from None


class _Budget:
    """Reads parts of the archive, counting every byte they unpack to."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.parts = {info.filename: info for info in archive.infolist()}
        self.used = 0

    def chunks(self, path: str, limit: int) -> Iterator[bytes]:
        info = self.parts.get(path)
        if info is None:
            raise unreadable(f"{path} is missing")
        limit = min(limit, MAX_UNPACKED_BYTES - self.used)
        if info.file_size > limit:
            raise self._too_large(self.used + info.file_size)
        read = 0
        try:
            with self._open(info) as stream:
                while chunk := self._read(stream):
                    read += len(chunk)
                    # The header said less: it lied, and only counting tells.
                    if read > info.file_size or read > limit:
                        raise self._too_large(self.used + read)
                    yield chunk
        finally:
            self.used += read

    # Bad checksums, unknown compression, encryption, truncated data: the
    # zip module's many ways of saying the file is broken.
    _BROKEN = (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError)

    def _open(self, info: zipfile.ZipInfo) -> Any:
        try:
            return self.archive.open(info)
        except (*self._BROKEN, ValueError):
            raise unreadable() from None

    def _read(self, stream: Any) -> bytes:
        try:
            return stream.read(CHUNK)
        except (*self._BROKEN, ValueError):
            raise unreadable() from None

    def parse(self, path: str, handler: _Handler, *, structure: bool = False) -> None:
        for _ in self.stream(path, handler, structure=structure):
            pass

    def stream(self, path: str, handler: _Handler, *, structure: bool = False) -> Iterator[Any]:
        """Feed a part to ``handler`` chunk by chunk, yielding what it completes."""
        parser = _parser(handler)
        limit = MAX_XLSX_STRUCTURE_BYTES if structure else MAX_UNPACKED_BYTES
        try:
            for chunk in self.chunks(path, limit):
                parser.Parse(chunk, False)
                yield from handler.drain()
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise unreadable(f"{path}, line {exc.lineno}: {expat.ErrorString(exc.code)}") from None
        yield from handler.drain()

    @staticmethod
    def _too_large(size: int) -> ReadError:
        return ReadError(
            f"the workbook unpacks to {size_text(size)} or more; Twoway reads workbooks of at "
            f"most {size_text(MAX_UNPACKED_BYTES)} unpacked. Save the sheet as CSV UTF-8 and "
            "upload that, or delete the columns and sheets Twoway does not use, then upload "
            "the workbook again"
        )


def _parser(handler: _Handler) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    # Whole runs of text in one call, in pieces of at most 64 KB.
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _doctype_refuse
    parser.EntityDeclHandler = _doctype_refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _doctype_refuse(*_: Any) -> None:
    # Excel never writes one; entities are how an XML bomb multiplies itself.
    raise ReadError(
        "this workbook contains XML that Excel never writes (a document type declaration); "
        "open it in Excel, save it again as Excel Workbook (.xlsx), then upload that"
    )


def _local(name: str) -> str:
    return name[name.rfind(" ") + 1 :]


class _Handler:
    def start(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass

    def drain(self) -> list[Any]:
        return []


# --- the structure: which part is the first worksheet ----------------------------

_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_RELATIONSHIP = "http://purl.oclc.org/ooxml/officeDocument/relationships/"


class _Relations(_Handler):
    def __init__(self, base: str) -> None:
        self.base = base
        self.by_id: dict[str, tuple[str, str]] = {}  # id -> (type, target path)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "Relationship" or attrs.get("TargetMode") == "External":
            return
        target = attrs.get("Target", "")
        if target.startswith("/"):
            path = target[1:]
        else:
            path = posixpath.normpath(posixpath.join(self.base, target))
        kind = attrs.get("Type", "")
        for prefix in (_RELATIONSHIP, _STRICT_RELATIONSHIP):
            kind = kind.removeprefix(prefix)
        self.by_id[attrs.get("Id", "")] = (kind, path)


def _relations(budget: _Budget, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", f"{name}.rels")
    handler = _Relations(folder)
    if path in budget.parts:
        budget.parse(path, handler, structure=True)
    return handler.by_id


def _target(relations: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((path for found, path in relations.values() if found == kind), None)


def _office_document(budget: _Budget) -> str:
    relations = _relations(budget, "")
    path = _target(relations, "officeDocument") or "xl/workbook.xml"
    if path not in budget.parts:
        raise unreadable("it has no workbook part")
    return path


class _Workbook(_Handler):
    def __init__(self) -> None:
        self.sheets: list[str] = []  # relationship ids, in the workbook's order
        self.date1904 = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "sheet":
            self.sheets.extend(value for key, value in attrs.items() if _local(key) == "id")
        elif local == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


def _first_worksheet(sheets: list[str], relations: dict[str, tuple[str, str]]) -> str:
    for rid in sheets:
        kind, path = relations.get(rid, ("", ""))
        if kind == "worksheet":
            return path
    raise ReadError("the workbook has no worksheet")


class _Styles(_Handler):
    """Which cell styles show numbers as dates (or as durations)."""

    def __init__(self) -> None:
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []  # number format id of each cell style
        self.in_cell_xfs = False
        self._dates: set[int] | None = None
        self._durations: set[int] = set()

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt":
            self.custom[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            self.formats.append(_int(attrs.get("numFmtId")))

    def end(self, name: str) -> None:
        if _local(name) == "cellXfs":
            self.in_cell_xfs = False

    def date_styles(self) -> tuple[set[int], set[int]]:
        if self._dates is None:
            self._dates = set()
            for index, number_format in enumerate(self.formats):
                code = self.custom.get(number_format) or builtin_format_code(number_format)
                if is_date_format(code):
                    self._dates.add(index)
                if is_timedelta_format(code):
                    self._durations.add(index)
        return self._dates, self._durations


def _int(value: str | None, row: int | None = None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise unreadable(f'"{value[:20] if value else ""}" is not a number', row) from None


# --- the data ---------------------------------------------------------------------


def _unescape(text: str) -> str:
    # Excel writes characters XML cannot hold as _xHHHH_ (a carriage return
    # is _x000D_); _x005F_ escapes the underscore of a literal "_x...".
    if "_x" not in text:
        return text
    return ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


class _SharedStrings(_Handler):
    """Every shared string, each refused as soon as it outgrows a cell."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.length = 0
        self.collecting = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            self.parts, self.length = [], 0
        elif local == "t":
            self.collecting = self.parts is not None and not self.phonetic
        elif local == "rPh":
            self.phonetic += 1

    def end(self, name: str) -> None:
        local = _local(name)
        if local == "t":
            self.collecting = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "si" and self.parts is not None:
            self.strings.append(_unescape("".join(self.parts)))
            self.parts = None
            if len(self.strings) > MAX_CELLS:
                raise cells_refusal(MAX_CELLS, "different texts")

    def text(self, data: str) -> None:
        if self.collecting and self.parts is not None:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                # Read before the sheet, so no row is known yet.
                raise ReadError(
                    f"the workbook holds a text of more than {MAX_CELL_CHARS:,} characters, "
                    "longer than a spreadsheet cell can be: the file is damaged or was not "
                    "written by a spreadsheet program. Open it in Excel, save it again as "
                    "Excel Workbook (.xlsx), then upload it"
                )
            self.parts.append(data)


class _Sheet(_Handler):
    """Rows of a worksheet, each checked as it is read."""

    def __init__(self, strings: list[str], styles: _Styles, epoch: dt.datetime) -> None:
        self.strings = strings
        self.dates, self.durations = styles.date_styles()
        self.epoch = epoch
        self.done: list[tuple[int, list[str]]] = []
        self.row = 0
        self.cells: dict[int, str] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.parts: list[str] = []
        self.length = 0
        self.collecting = False
        self.inline = False
        self.phonetic = 0
        self.in_data = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "c":
            ref = attrs.get("r")
            self.column = _column(ref, self.row) if ref else self.column + 1
            if self.column > MAX_COLUMNS:
                raise columns_refusal(self.row, self.column)
            self.kind = attrs.get("t", "n")
            self.style = _int(attrs.get("s"), self.row)
            self.parts, self.length, self.inline = [], 0, False
        elif local == "v":
            self.collecting = not self.inline
        elif local == "t":
            self.collecting = self.inline and not self.phonetic
        elif local == "is":
            self.inline = True
        elif local == "rPh":
            self.phonetic += 1
        elif local == "row":
            ref = attrs.get("r")
            number = _int(ref, self.row + 1) if ref else self.row + 1
            if number > MAX_ROWS:
                raise rows_refusal(number)
            if number <= self.row:
                raise unreadable(f"row {number} comes after row {self.row}", number)
            self.row, self.cells, self.column = number, {}, 0
        elif local == "sheetData":
            self.in_data = True
        elif local == "dimension" and not self.in_data:
            _dimension_check(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            self.collecting = False
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "c":
            value = self._value()
            if value:
                self.cells[self.column] = value
        elif local == "row" and self.cells:
            last = max(self.cells)
            self.done.append(
                (self.row, [self.cells.get(column, "") for column in range(1, last + 1)])
            )

    def text(self, data: str) -> None:
        if self.collecting:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise cell_refusal(self.row, column_letters(self.column))
            self.parts.append(data)

    def drain(self) -> list[tuple[int, list[str]]]:
        done, self.done = self.done, []
        return done

    def _value(self) -> str:
        raw = "".join(self.parts)
        kind = self.kind
        if kind == "inlineStr":
            return _unescape(raw)
        if not raw:
            return ""
        try:
            if kind == "s":
                return self.strings[int(raw)]
            if kind in ("str", "e"):
                return _unescape(raw) if kind == "str" else raw
            if kind == "b":
                return "TRUE" if int(raw) else "FALSE"
            if kind == "d":
                return _text(from_ISO8601(raw))
            number = float(raw) if "." in raw or "e" in raw or "E" in raw else int(raw)
        except (ValueError, IndexError):
            where = f"{column_letters(self.column)}{self.row}"
            detail = f"cell {where} holds {raw[:20]!r} as a {kind!r} value"
            raise unreadable(detail, self.row) from None
        if self.style in self.dates:
            try:
                return _text(from_excel(number, self.epoch, timedelta=self.style in self.durations))
            except (OverflowError, ValueError):
                return "#VALUE!"
        return _text(number)


def _column(ref: str, row: int) -> int:
    """The column number of a cell reference such as ``XFD5``."""
    number = 0
    for character in ref:
        if "A" <= character <= "Z":
            number = number * 26 + ord(character) - 64
        elif "a" <= character <= "z":
            number = number * 26 + ord(character) - 96
        else:
            break
        if number > MAX_COLUMNS:
            break  # no need to read the rest of a forged reference
    if not number:
        raise unreadable(f'"{ref[:20]}" is not a cell reference', row)
    return number


def _dimension_check(ref: str) -> None:
    """Refuse a sheet that declares more rows or columns than an import reads."""
    match = CELL_REFERENCE.match(ref.rpartition(":")[2])
    if match is None:
        return  # a dimension is only a hint; the rows and cells are checked as read
    columns, rows = _column(match["column"], 0), int(match["row"])
    beyond = []
    if rows > MAX_ROWS:
        beyond.append(f"down to row {rows:,} (Twoway reads at most {MAX_ROWS:,} rows)")
    if columns > MAX_COLUMNS:
        beyond.append(f"across {columns:,} columns (Twoway reads at most {MAX_COLUMNS:,})")
    if beyond:
        raise ReadError(
            f"the sheet says it uses the cells {ref[:40]}, {' and '.join(beyond)}. If your "
            "data ends earlier, delete the empty rows below it and the columns to its right "
            "(formatting counts too), save and upload again; otherwise split the file"
        )


def _text(value: Any) -> str:
    """A cell's value as the import reads it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        # Excel stores every number as a float: employee number 1042 must not
        # come back as "1042.0".
        return str(int(value))
    return str(value)

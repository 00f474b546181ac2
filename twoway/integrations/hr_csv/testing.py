"""Crafted HR files for tests and benchmarks: small workbooks and hostile ones.

A hostile upload is cheap to make and expensive to read: one cell of 400 MB
compresses to 400 KB, a sheet can claim a million rows while holding two, and
a CSV header can name 200,000 columns. These builders write such files the
way an attacker would, by hand with ``zipfile``, streaming the large parts so
that building a bomb never costs its unpacked size in memory.

Example
-------
>>> from twoway.integrations.hr_csv import table_read
>>> content = xlsx_workbook([(1, ["employee_id", "name"]), (2, ["E1", "Ada"])])
>>> [row.values for row in table_read(content, "people.xlsx").rows]
[['E1', 'Ada']]
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

from twoway.integrations.hr_csv.table import column_letters

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ("employee_id", "name", "email")
CHUNK = 1024 * 1024

_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
    "</Types>"
).encode()
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
).encode()
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
).encode()


class Shared(int):
    """A cell that refers to the shared string with this index."""


def _cell(row: int, column: int, value: str | Shared) -> bytes:
    ref = f"{column_letters(column)}{row}"
    if isinstance(value, Shared):
        return f'<c r="{ref}" t="s"><v>{int(value)}</v></c>'.encode()
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'.encode()


Values = Sequence[str | Shared] | Mapping[int, str | Shared]


def _sheet_parts(rows: Iterable[tuple[int, Values]], dimension: str | None) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN_NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    for number, values in rows:
        by_column = values if isinstance(values, Mapping) else dict(enumerate(values, start=1))
        cells = b"".join(
            _cell(number, column, value)
            for column, value in sorted(by_column.items())
            if value != ""
        )
        yield f'<row r="{number}">'.encode() + cells + b"</row>"
    yield b"</sheetData></worksheet>"


def _shared_parts(strings: Iterable[str | Iterable[bytes]]) -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}">'.encode()
    for text in strings:
        yield b"<si><t>"
        if isinstance(text, str):
            yield escape(text).encode()
        else:
            yield from text
        yield b"</t></si>"
    yield b"</sst>"


def _write(archive: zipfile.ZipFile, name: str, parts: Iterable[bytes]) -> None:
    # Streamed, so that a part of gigabytes is never held whole in memory.
    with archive.open(name, "w") as member:
        for part in parts:
            member.write(part)


def xlsx_workbook(
    rows: Iterable[tuple[int, Values]],
    *,
    dimension: str | None = None,
    shared: Iterable[str | Iterable[bytes]] = (),
) -> bytes:
    """A minimal one-sheet workbook, written part by part like any zip.

    ``rows`` are (row number, values), the values a list from column A or a
    dict by column number; a ``str`` is an inline string, a ``Shared(i)``
    points at the i-th of ``shared``, whose items are strings or
    iterables of UTF-8 chunks (for strings too large to build in memory).
    ``dimension`` is the range the sheet claims to use, e.g. ``"A1:B1000000"``.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _write(archive, "xl/worksheets/sheet1.xml", _sheet_parts(rows, dimension))
        _write(archive, "xl/sharedStrings.xml", _shared_parts(shared))
    return buffer.getvalue()


def _repeat(byte: bytes, count: int) -> Iterable[bytes]:
    block = byte * CHUNK
    while count > 0:
        yield block[:count]
        count -= CHUNK


def xlsx_huge_cell(characters: int) -> bytes:
    """A workbook whose one person's name is a shared string of ``characters`` letters.

    400 MB of the same letter compresses to about 400 KB.
    """
    return xlsx_workbook(
        [(1, list(HEADER)), (2, ["E1", Shared(0), "e1@example.org"])],
        shared=[_repeat(b"A", characters)],
    )


def xlsx_far_row(row: int = 1_000_000, *, last_column: str | None = "C") -> bytes:
    """A header on row 1 and one person on row ``row``, nothing in between.

    Unless ``last_column`` is None, the sheet's dimension claims the range
    from A1 to that column on ``row``, as a file with stray formatting far down
    (or a forged one) would: ``"XFD"`` claims every column Excel has.
    """
    dimension = f"A1:{last_column}{row}" if last_column else None
    return xlsx_workbook(
        [(1, list(HEADER)), (row, ["E1", "Ada Okafor", "ada@example.org"])],
        dimension=dimension,
    )


def xlsx_far_column(column: int = 16_384, rows: int = 1) -> bytes:
    """People rows that each hold one more value in column ``column`` (XFD by default)."""
    people = (
        (number, {1: f"E{number}", 2: f"Person {number}", 3: f"p{number}@x.org", column: "x"})
        for number in range(2, rows + 2)
    )
    return xlsx_workbook([(1, list(HEADER)), *people])


def csv_wide(columns: int = 200_000) -> bytes:
    """A CSV whose header names ``columns`` columns, with one person under it."""
    extra = columns - len(HEADER)
    header = ",".join([*HEADER, *(f"Extra {n}" for n in range(1, extra + 1))])
    person = ",".join(["E1", "Ada Okafor", "ada@example.org", *([""] * extra)])
    return f"{header}\n{person}\n".encode()


def zip_lying_sizes(content: bytes, member: str, declared: int) -> bytes:
    """``content`` (a zip) with ``member``'s uncompressed size rewritten to ``declared``.

    The data is untouched, so the member unpacks to more than its headers say:
    the trick that defeats a reader who trusts the header.
    """
    data = bytearray(content)
    name = member.encode()
    # (signature, offset of the uncompressed size, of the name length, of the name)
    layouts = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))
    for signature, size_at, length_at, name_at in layouts:
        start = data.find(signature)
        while start != -1:
            (length,) = struct.unpack_from("<H", data, start + length_at)
            if data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<I", data, start + size_at, declared)
            start = data.find(signature, start + 4)
    return bytes(data)

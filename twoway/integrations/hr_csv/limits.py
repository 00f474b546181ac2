"""What one import file may hold, checked while it is read, before it is held whole.

A hostile file is cheap to make: a 400 KB workbook can unpack to one cell of
400 MB, a sheet can claim a million rows while holding two, a CSV header can
name 200,000 columns. Every limit below is far above a real HR export and is
checked as the bytes arrive, so that such a file is refused within about a
second and a few megabytes of memory, and no later step ever sees it.
"""

from __future__ import annotations

from pathlib import Path

MB = 1024 * 1024

# Rows of the sheet, header included: a row numbered higher is refused, as
# read and (for .xlsx) as the sheet's dimension declares it. A quarter of a
# million people is an organisation larger than almost any; split bigger files.
MAX_ROWS = 250_000
# Columns of the header and of any row. Full HR exports have a few hundred;
# the review page lists every header in each column's mapping menu.
MAX_COLUMNS = 1_000
# Values held in memory, all rows together (for .xlsx, the shared strings
# too): each costs about 80 bytes once read, so this keeps a file within a
# few hundred MB. 100,000 people with 50 columns fit.
MAX_CELLS = 5_000_000
# Characters in one header name: real ones are short, and the review page
# repeats every header in each column's mapping menu.
MAX_HEADER_CHARS = 255
# Characters in one value: a spreadsheet cell holds at most 32,767 (Excel's
# own limit), so a longer value is a damaged or forged file.
MAX_CELL_CHARS = 32_767
# Bytes of text: a CSV file's size, or what the parts of an .xlsx file that
# are read unpack to (checked against what their zip headers declare, and
# counted again as they unpack, since a header can lie). 50,000 people take
# about 10 MB as CSV and 30 MB unpacked as .xlsx.
MAX_UNPACKED_BYTES = 100 * MB
# An .xlsx file is a zip of parts (sheets, styles, pictures). A real one has
# dozens; opening a zip costs memory for every entry of its directory.
MAX_XLSX_PARTS = 2_000
# The workbook's structure (its relationships, sheet list and styles) is read
# before the sheet; real ones take kilobytes, a very large style sheet a few MB.
MAX_XLSX_STRUCTURE_BYTES = 16 * MB
# Delimiters in one CSV record before it is parsed: the csv module builds a
# record's whole list of values at once, so a line of millions of commas
# would cost gigabytes before its width could be checked. Counted on the raw
# text, so commas inside quoted values count too, hence the margin.
MAX_CSV_DELIMITERS = 20 * MAX_COLUMNS


def size_text(size: int) -> str:
    """A byte count as an HR person reads it.

    >>> size_text(100 * MB), size_text(1_500_000), size_text(900)
    ('100 MB', '1.4 MB', '900 bytes')
    """
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    megabytes = size / MB
    return f"{megabytes:.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"


def file_bytes(path: Path, *, limit: int, too_large: str = "") -> bytes:
    """The bytes of the file at ``path``, unless it is larger than ``limit``
    (then it is not read at all): OSError with a sentence for the person, to
    which ``too_large`` adds what to do about it."""
    try:
        size = path.stat().st_size
        if size <= limit:
            return path.read_bytes()
    except OSError as exc:
        raise OSError(exc.errno, f"cannot read {path}: {exc.strerror}") from None
    advice = f". {too_large}" if too_large else ""
    raise OSError(
        0, f"{path} is {size_text(size)}; Twoway reads files of at most {size_text(limit)}{advice}"
    )

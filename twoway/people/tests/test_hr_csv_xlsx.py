"""integrations.hr_csv.xlsx: the first worksheet, read as a stream within the limits."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from twoway.integrations.hr_csv import testing, xlsx
from twoway.integrations.hr_csv.reader import ReadError, table_read
from twoway.integrations.hr_csv.testing import Shared, xlsx_workbook

HEADER = ["employee_id", "name", "email"]


def rows(content: bytes) -> list[tuple[int, list[str]]]:
    return [(row.number, row.values) for row in table_read(content, "people.xlsx").rows]


def refusal(content: bytes) -> ReadError:
    with pytest.raises(ReadError) as caught:
        table_read(content, "people.xlsx")
    return caught.value


def peak_memory(content: bytes) -> int:
    """Bytes allocated at the peak while the file is read (or refused)."""
    tracemalloc.start()
    try:
        table_read(content, "people.xlsx")
    except ReadError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def part_replaced(content: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return buffer.getvalue()


def sheet_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{testing.MAIN_NS}">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


# --- what a real workbook holds -----------------------------------------------------


def test_reads_values_the_way_a_spreadsheet_shows_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["Employee ID", "Name", "Hired", "Level", "Score", "Active", "Start", "Hours"])
    sheet.append([1042, "  Ada  ", dt.date(2024, 9, 2), 5.0, 2.5, True, dt.time(9, 30), 1.5])
    sheet.append([1043, "Bo", dt.datetime(2020, 1, 6, 9, 30), 3, None, False, None, None])
    sheet["C4"], sheet["A4"] = 45_000, 1044
    sheet["C4"].number_format = "dd/mm/yyyy"
    sheet["H2"].number_format = "[h]:mm"

    assert rows(saved(workbook)) == [
        (2, ["1042", "Ada", "2024-09-02", "5", "2.5", "TRUE", "09:30:00", "1 day, 12:00:00"]),
        (3, ["1043", "Bo", "2020-01-06", "3", "", "FALSE"]),
        (4, ["1044", "", "2023-03-15"]),
    ]


def test_reads_shared_rich_and_escaped_text():
    workbook = openpyxl.Workbook()
    workbook.worksheets[0].append(["employee_id", "name", "title"])
    bold = InlineFont(b=True)
    workbook.worksheets[0].append(
        ["E1", CellRichText(TextBlock(bold, "Ada"), " Okafor"), "Head_x0020_of_x005F_x0020_"]
    )

    assert rows(saved(workbook)) == [(2, ["E1", "Ada Okafor", "Head of_x0020_"])]


def test_dates_of_a_1904_workbook_count_from_1904():
    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    workbook.worksheets[0].append(["employee_id", "hire_date"])
    workbook.worksheets[0].append(["E1", dt.date(2024, 9, 2)])

    assert rows(saved(workbook)) == [(2, ["E1", "2024-09-02"])]


def test_reads_the_first_worksheet_even_after_a_chart_sheet():
    workbook = openpyxl.Workbook()
    workbook.worksheets[0].append(["employee_id", "name"])
    workbook.worksheets[0].append(["E1", "Ada"])
    workbook.create_chartsheet("Chart", 0)
    workbook.create_sheet("Lookup").append(["not", "this"])

    assert rows(saved(workbook)) == [(2, ["E1", "Ada"])]


# --- hostile workbooks: refused at once, in little memory -----------------------------


def test_one_cell_of_40_mb_is_refused_while_it_unpacks():
    content = testing.xlsx_huge_cell(40_000_000)  # 40 KB on disk

    error = refusal(content)
    peak = peak_memory(content)

    assert error.message.startswith(
        "the workbook holds a text of more than 32,767 characters, longer than a "
        "spreadsheet cell can be"
    )
    assert peak < 4 * 2**20


def test_a_part_declaring_more_than_the_limit_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 2**20)

    error = refusal(testing.xlsx_huge_cell(2 * 2**20))

    assert error.message.startswith(
        "the workbook unpacks to 2.0 MB or more; Twoway reads workbooks of at most "
        "1.0 MB unpacked. Save the sheet as CSV UTF-8"
    )


def test_a_part_that_unpacks_to_more_than_its_header_says_is_refused():
    honest = testing.xlsx_huge_cell(10_000_000)
    lying = testing.zip_lying_sizes(honest, "xl/sharedStrings.xml", 1_000)

    error = refusal(lying)

    assert error.message.startswith("this is not a readable .xlsx workbook")
    assert peak_memory(lying) < 4 * 2**20


def test_a_sheet_that_declares_a_million_rows_is_refused_at_once():
    content = testing.xlsx_far_row(1_000_000)

    error = refusal(content)

    assert error.row is None
    assert error.message.startswith(
        "the sheet says it uses the cells A1:C1000000, down to row 1,000,000 "
        "(Twoway reads at most 250,000 rows). If your data ends earlier, delete the "
        "empty rows below it"
    )
    assert peak_memory(content) < 2**20


def test_a_sheet_that_declares_every_column_is_refused_at_once():
    error = refusal(testing.xlsx_far_row(600, last_column="XFD"))

    assert "across 16,384 columns (Twoway reads at most 1,000)" in error.message


def test_a_row_numbered_beyond_the_limit_is_refused_as_it_is_read():
    content = testing.xlsx_far_row(1_000_000, last_column=None)

    error = refusal(content)

    assert (error.row, error.where) == (1_000_000, "rows")
    assert error.message.startswith("this row is beyond row 250,000, the last one Twoway reads")
    assert peak_memory(content) < 2**20


def test_a_cell_beyond_the_last_column_is_refused_with_its_row():
    error = refusal(testing.xlsx_far_column(16_384, rows=3))

    assert (error.row, error.where) == (2, "columns")
    assert error.message.startswith(
        "this row has a value in column XFD (column 16,384), even if it looks empty"
    )


def test_an_inline_value_longer_than_a_cell_is_refused_with_its_row_and_column():
    content = xlsx_workbook([(1, HEADER), (2, ["E1", "x" * 40_000, "e1@example.org"])])

    error = refusal(content)

    assert (error.row, error.where) == (2, "B")
    assert error.message.startswith("a value is longer than 32,767 characters")


def test_a_workbook_of_too_many_parts_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_XLSX_PARTS", 5)

    error = refusal(xlsx_workbook([(1, HEADER)]))

    assert error.message.startswith("the workbook is made of about 6 parts")


def test_a_document_type_declaration_is_refused():
    entities = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>', entities)
    content = part_replaced(xlsx_workbook([(1, HEADER)]), "xl/worksheets/sheet1.xml", sheet)

    error = refusal(content)

    assert error.message.startswith("this workbook contains XML that Excel never writes")


def test_an_old_excel_file_renamed_to_xlsx_is_named_as_such():
    error = refusal(xlsx.COMPOUND_FILE + bytes(1000))

    assert error.message.startswith(
        "this is an Excel 97-2003 workbook (.xls) or a password-protected one"
    )


@pytest.mark.parametrize(
    ("cell", "detail"),
    [
        ('<c r="A2" t="s"><v>7</v></c>', "cell A2 holds '7' as a 's' value"),
        ('<c r="A2"><v>twelve</v></c>', "cell A2 holds 'twelve' as a 'n' value"),
    ],
)
def test_a_cell_that_contradicts_its_type_makes_the_file_unreadable(cell, detail):
    sheet = sheet_xml(
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2">{cell}</row>'
    )
    content = part_replaced(xlsx_workbook([(1, HEADER)]), "xl/worksheets/sheet1.xml", sheet)

    error = refusal(content)

    assert error.row == 2
    assert (
        error.message == f"this is not a readable .xlsx workbook; open it in Excel and "
        f"save it again as Excel Workbook (.xlsx) ({detail})"
    )


def test_rows_listed_out_of_order_make_the_file_unreadable():
    error = refusal(xlsx_workbook([(1, HEADER), (3, ["E3"]), (2, ["E2"])]))

    assert error.row == 2
    assert "(row 2 comes after row 3)" in error.message


def test_shared_strings_are_numbered_as_written():
    content = xlsx_workbook(
        [(1, [Shared(0), Shared(1)]), (2, [Shared(1), Shared(0)])], shared=["id", "name"]
    )

    assert rows(content) == [(2, ["name", "id"])]


def test_more_shared_strings_than_values_held_at_once_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 3)

    error = refusal(xlsx_workbook([(1, [Shared(0)])], shared=["a", "b", "c", "d"]))

    assert error.message.startswith("the file holds more than 3 different texts")


EXCEL_SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{testing.MAIN_NS}" xmlns:r="{testing.REL_NS}"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac"
 xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">
<dimension ref="A1:D3"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>
<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>
<cols><col min="1" max="1" width="12" customWidth="1"/></cols><sheetData>
<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v>
</c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>
<row r="2" spans="1:4"><c r="A2"><v>1042</v></c><c r="B2" t="s"><v>4</v></c>
<c r="C2" s="1"><v>45537</v></c><c r="D2" t="s"><v>5</v></c></row>
<row r="3" spans="1:4"><c r="A3" t="str"><f>"E"&amp;1043</f><v>E1043</v></c>
<c r="B3" t="s"><v>6</v></c><c r="C3" s="2"><v>45537.5</v></c><c r="D3" t="b"><v>1</v></c></row>
</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</worksheet>""".encode()
EXCEL_STRINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{testing.MAIN_NS}" count="7" uniqueCount="7"><si><t>Employee ID</t></si>
<si><t>Name</t></si><si><t>Hire Date</t></si><si><t>Active</t></si>
<si><r><rPr><b/><sz val="11"/><rFont val="Calibri"/></rPr><t>Ada</t></r>
<r><rPr><sz val="11"/></rPr><t xml:space="preserve"> Okafor</t></r></si><si><t>ok</t></si>
<si><t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si></sst>""".encode()
EXCEL_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{testing.MAIN_NS}"><numFmts count="1">
<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""".encode()


def test_reads_a_workbook_the_way_excel_writes_it():
    content = xlsx_workbook([(1, HEADER)])
    content = part_replaced(content, "xl/worksheets/sheet1.xml", EXCEL_SHEET)
    content = part_replaced(content, "xl/sharedStrings.xml", EXCEL_STRINGS)
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/styles.xml", EXCEL_STYLES)

    assert rows(buffer.getvalue()) == [
        (2, ["1042", "Ada Okafor", "2024-09-02", "ok"]),
        (3, ["E1043", "山田", "2024-09-02", "TRUE"]),
    ]

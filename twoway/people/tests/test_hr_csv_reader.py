"""integrations.hr_csv.reader: uploaded bytes to a header and numbered rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc

import openpyxl
import pytest

from twoway.integrations.hr_csv import reader, table, testing
from twoway.integrations.hr_csv.reader import ReadError, table_read


def rows(table) -> list[tuple[int, list[str]]]:
    return [(row.number, row.values) for row in table.rows]


def xlsx(*records: list[object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    for record in records:
        sheet.append(record)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_reads_a_plain_comma_separated_file():
    table = table_read(b"employee_id,name\nE1,Ada\nE2,Bo\n", "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert rows(table) == [(2, ["E1", "Ada"]), (3, ["E2", "Bo"])]


def test_strips_a_utf8_byte_order_mark_from_the_first_header():
    table = table_read("\ufeffemployee_id,name\nE1,Zoë\n".encode(), "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert rows(table) == [(2, ["E1", "Zoë"])]


def test_reads_utf16_with_a_byte_order_mark():
    table = table_read("employee_id\tname\r\nE1\tZoë\r\n".encode("utf-16"), "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert rows(table) == [(2, ["E1", "Zoë"])]


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_sniffs_the_delimiter(delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([["employee_id", "name", "email"], ["E1", "Okafor, Ada", "ada@example.org"]])

    table = table_read(out.getvalue().encode(), "people.csv")

    assert table.headers == ["employee_id", "name", "email"]
    assert rows(table) == [(2, ["E1", "Okafor, Ada", "ada@example.org"])]


def test_falls_back_to_the_header_when_the_data_fools_the_sniffer():
    text = "employee_id;name\nE1;a,b,c,d\nE2;e,f,g,h\n"

    table = table_read(text.encode(), "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert rows(table)[0] == (2, ["E1", "a,b,c,d"])


def test_a_quoted_value_with_newlines_and_delimiters_is_one_row():
    text = 'employee_id,name,notes\nE1,Ada,"line one\nline two, still notes"\nE2,Bo,\n'

    table = table_read(text.encode(), "people.csv")

    assert rows(table) == [
        (2, ["E1", "Ada", "line one\nline two, still notes"]),
        (3, ["E2", "Bo"]),
    ]


def test_blank_lines_are_skipped_but_keep_their_row_numbers():
    table = table_read(b"employee_id,name\n\nE1,Ada\n,\n  \nE2,Bo\n\n", "people.csv")

    assert rows(table) == [(3, ["E1", "Ada"]), (6, ["E2", "Bo"])]


def test_header_names_and_values_are_trimmed():
    table = table_read(b" employee_id , name \n E1 , Ada \n", "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert rows(table) == [(2, ["E1", "Ada"])]


def test_short_rows_end_at_their_last_value_and_a_trailing_delimiter_is_ignored():
    table = table_read(b"employee_id,name,email,\nE1,Ada,\nE2,Bo,bo@example.org,,\n", "x.csv")

    assert table.headers == ["employee_id", "name", "email"]
    assert rows(table) == [(2, ["E1", "Ada"]), (3, ["E2", "Bo", "bo@example.org"])]
    assert [row.cell(2) for row in table.rows] == ["", "bo@example.org"]


def test_a_header_without_rows_is_not_an_error_here():
    table = table_read(b"employee_id,name\n", "people.csv")

    assert table.headers == ["employee_id", "name"]
    assert table.rows == []


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b"  \r\n"])
def test_rejects_an_empty_file(content):
    with pytest.raises(ReadError, match="the file is empty"):
        table_read(content, "people.csv")


def test_rejects_an_unsupported_extension():
    with pytest.raises(ReadError, match=r"\.xls files cannot be imported"):
        table_read(b"anything", "people.xls")


def test_rejects_duplicate_header_names_naming_the_columns():
    with pytest.raises(ReadError) as caught:
        table_read(b"employee_id,name,name\nE1,Ada,Ada\n", "people.csv")

    assert (caught.value.row, caught.value.where) == (1, "name")
    assert "columns 2 and 3" in caught.value.message


def test_rejects_a_row_with_more_values_than_the_header():
    with pytest.raises(ReadError) as caught:
        table_read(b"employee_id,name\nE1,Ada\nE2,Okafor, Ada\n", "people.csv")

    assert (caught.value.row, caught.value.where) == (3, "columns")
    assert caught.value.message.startswith("this row has 3 values but the header names 2")


def test_rejects_bytes_that_are_not_utf8_naming_the_first_bad_row():
    content = b'employee_id,name\nE1,Ada\nE2,"Multi\nline"\nE3,Ren\xe9e\nE4,Jos\xe9\n'

    with pytest.raises(ReadError) as caught:
        table_read(content, "people.csv")

    assert (caught.value.row, caught.value.where) == (4, "encoding")
    assert "not UTF-8 text (cannot read byte 0xE9)" in caught.value.message


def test_rejects_utf16_without_a_byte_order_mark():
    with pytest.raises(ReadError, match="UTF-16"):
        table_read("employee_id,name\nE1,Ada\n".encode("utf-16-le"), "people.csv")


def test_reads_a_large_csv_in_one_pass():
    lines = [f"E{n},Person {n},p{n}@example.org,{'x' * 100}" for n in range(60_000)]
    content = ("employee_id,name,email,notes\n" + "\n".join(lines)).encode()

    table = table_read(content, "big.csv")

    assert len(table.rows) == 60_000
    assert table.rows[-1].number == 60_001


def test_reads_the_first_worksheet_of_an_xlsx_file():
    content = xlsx(
        ["Employee ID", "Name", "Hired", "Level", "Score"],
        [1042, "Ada", dt.date(2024, 9, 2), 5.0, 2.5],
        [1043, "Bo", dt.datetime(2020, 1, 6, 9, 30), 3, None],
        [None, None, None],
        [None],
    )

    table = table_read(content, "people.xlsx")

    assert table.headers == ["Employee ID", "Name", "Hired", "Level", "Score"]
    assert rows(table) == [
        (2, ["1042", "Ada", "2024-09-02", "5", "2.5"]),
        (3, ["1043", "Bo", "2020-01-06", "3"]),
    ]


def test_xlsx_row_numbers_match_the_sheet_when_it_starts_lower_down():
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet["A3"], sheet["B3"] = "employee_id", "name"
    sheet["A4"], sheet["B4"] = "E1", "Ada"
    sheet["A6"], sheet["B6"] = "E2", "Bo"
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = table_read(buffer.getvalue(), "people.XLSX")

    assert rows(table) == [(4, ["E1", "Ada"]), (6, ["E2", "Bo"])]


def test_rejects_an_xlsx_file_that_is_not_a_workbook():
    with pytest.raises(ReadError, match=r"not a readable \.xlsx workbook"):
        table_read(b"employee_id,name\nE1,Ada\n", "people.xlsx")


# --- hostile and broken files: refused with a reason, within the limits ---------


def refusal(content: bytes, name: str = "people.csv") -> ReadError:
    with pytest.raises(ReadError) as caught:
        table_read(content, name)
    return caught.value


def peak_memory(read) -> int:
    """Bytes allocated at the peak while ``read`` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        read()
    except ReadError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_nul_byte_in_utf8_text_is_named_with_its_row_not_called_utf16():
    error = refusal(b"employee_id,name,email\nE1,Ada,ada@example.org\nE2,B\x00o,bo@example.org\n")

    assert (error.row, error.where) == (3, "encoding")
    assert error.message.startswith("this row contains a NUL character (byte 0x00)")
    assert "save the file again as CSV UTF-8" in error.message


def test_a_nul_byte_far_into_the_file_is_found_too():
    lines = [f"E{n},Person {n}" for n in range(5_000)]
    lines[4_000] = "E4000,Per\x00son"
    content = ("employee_id,name\n" + "\n".join(lines)).encode()

    assert refusal(content).row == 4_002


def test_a_header_of_200000_columns_is_refused_before_it_is_parsed():
    content = testing.csv_wide(200_000)

    error = refusal(content)
    peak = peak_memory(lambda: table_read(content, "wide.csv"))

    assert (error.row, error.where) == (1, "columns")
    assert error.message.startswith("the header names 200,000 columns; Twoway reads at most 1,000.")
    # The line itself (2.7 MB) is read; its 200,000 values never are.
    assert peak < 12 * 2**20


def test_a_header_of_a_few_thousand_columns_is_refused_too():
    header = ",".join(f"Column {n}" for n in range(1, 1_502))

    error = refusal(f"{header}\nE1\n".encode())

    assert error.message.startswith("the header names 1,501 columns")


def test_a_row_of_thousands_of_delimiters_is_refused_with_its_row():
    content = b"employee_id,name\nE1,Ada\nE2,Bo" + b"," * 30_000 + b"x\n"

    error = refusal(content)

    assert (error.row, error.where) == (3, "columns")
    assert "30,001 delimiters" in error.message


def test_many_empty_columns_at_the_end_of_each_line_are_still_fine():
    content = b"employee_id,name" + b"," * 900 + b"\nE1,Ada" + b"," * 900 + b"\n"

    assert rows(table_read(content, "people.csv")) == [(2, ["E1", "Ada"])]


def test_a_value_longer_than_a_spreadsheet_cell_is_refused_naming_row_and_column():
    error = refusal(b"employee_id,notes\nE1,short\nE2," + b"x" * 40_000 + b"\n")

    assert (error.row, error.where) == (3, "notes")
    assert error.message.startswith(
        "a value is 40,000 characters long; a spreadsheet cell holds at most 32,767"
    )


def test_a_value_beyond_the_csv_modules_own_limit_is_refused_the_same_way():
    error = refusal(b'employee_id,notes\nE1,"' + b"x" * 200_000 + b'"\n')

    assert (error.row, error.where) == (2, "columns")
    assert error.message.startswith("a value is longer than 32,767 characters")


def test_a_header_name_longer_than_a_header_can_be_is_refused():
    error = refusal(b"employee_id," + b"n" * 300 + b"\nE1,Ada\n")

    assert (error.row, error.where) == (1, "columns")
    assert error.message.startswith("the name of column B is 300 characters long")


def test_rows_beyond_the_last_one_read_are_refused(monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 5)

    error = refusal(b"employee_id,name\n" + b"".join(b"E%d,P\n" % n for n in range(6)))

    assert (error.row, error.where) == (6, "rows")
    assert error.message.startswith("this row is beyond row 5, the last one Twoway reads")


def test_a_csv_file_larger_than_the_limit_is_refused_unread(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1_000)

    error = refusal(b"employee_id,name\n" + b"E1,Ada\n" * 200)

    assert error.row is None
    assert error.message.startswith("the file is 1 KB; Twoway reads files of at most 1000 bytes")


def test_more_values_than_are_held_at_once_are_refused(monkeypatch):
    monkeypatch.setattr(table, "MAX_CELLS", 10)

    error = refusal(b"employee_id,name,email\n" + b"E1,Ada,a@example.org\n" * 4)

    assert error.row is None
    assert error.message == (
        "the file holds more than 10 values, more than Twoway reads at once; delete the "
        "columns Twoway does not use, or split the file into parts"
    )

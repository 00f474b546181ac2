"""The report's tables as CSV and XLSX downloads (``outcomes.tables``).

A hidden figure is an empty cell, and the row's last column, "Note", says why.
Shares are written from 0 to 1 (the XLSX shows them as percentages); text that a
spreadsheet would run as a formula gets a quote first (``skills.exports``).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from twoway.outcomes.report import OutcomeReport
from twoway.outcomes.tables import Table, Value
from twoway.skills.exports import spreadsheet_cell

NOTE = "Note"
DIGITS = {"share": 4, "ratio": 4, "p": 4, "score": 2, "change": 2}


def _value(value: Value, kind: str) -> Value:
    if value is None:
        return ""
    if isinstance(value, float) and kind in DIGITS:
        return round(value, DIGITS[kind])
    return spreadsheet_cell(value)


def _rows(table: Table) -> list[list[Value]]:
    header: list[Value] = [spreadsheet_cell(column.label) for column in table.columns]
    rows = [[*header, NOTE]]
    for row in table.rows:
        cells = [
            _value(value, column.kind)
            for value, column in zip(row.cells, table.columns, strict=True)
        ]
        rows.append([*cells, spreadsheet_cell(row.note)])
    return rows


def table_csv(table: Table) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(_rows(table))
    return out.getvalue()


def table_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = table.key
    for row in _rows(table):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        if column.kind == "share":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, min(40, len(column.label))
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(report: OutcomeReport, key: str, extension: str) -> str:
    return f"{report.program}-outcomes-{key}-{report.as_of.isoformat()}.{extension}"

"""A seated event's table plan as a PDF to print for the room: one block per
table (names, department, level), then a name-card list (everyone by name,
with their table). A4, reportlab, the house's fonts (``core.pdf_fonts``)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from twoway.core.pdf_fonts import BOLD, MUTED, NAVY, pdf_fonts_register, pdf_style
from twoway.events.models import Event
from twoway.events.selectors import PlanView
from twoway.events.services import event_when

RULE = HexColor("#d5d9e2")


TITLE = pdf_style("tables-title", 20, font=BOLD, color=NAVY)
LEAD = pdf_style("tables-lead", 11, color=MUTED)
HEADING = pdf_style("tables-heading", 14, font=BOLD, color=NAVY)
CELL = pdf_style("tables-cell", 10)


def _text(value: str) -> str:
    return escape(value or "")


def _grid(rows: list[list[str]], widths: list[float]) -> Table:
    table = Table(
        [[Paragraph(_text(cell), CELL) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def table_plan_pdf(event: Event, view: PlanView) -> bytes:
    pdf_fonts_register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Table plan: {event.title}",
    )
    width = A4[0] - 40 * mm
    story: list = [
        Paragraph(f"Table plan: {_text(event.title)}", TITLE),
        Spacer(0, 2 * mm),
        Paragraph(
            _text(f"{event_when(event)} · {event.place}" if event.place else event_when(event)),
            LEAD,
        ),
        Spacer(0, 6 * mm),
    ]
    for table in view.tables:
        rows = [["Name", "Department", "Level"]] + [
            [seat.name, seat.department, seat.level] for seat in table.seats
        ]
        story.append(
            KeepTogether(
                [
                    Paragraph(f"Table {table.number}", HEADING),
                    Paragraph(f"{len(table.seats)} people · {table.summary}", LEAD),
                    Spacer(0, 2 * mm),
                    _grid(rows, [width * 0.42, width * 0.38, width * 0.20]),
                    Spacer(0, 6 * mm),
                ]
            )
        )
    if view.unplaced:
        names = ", ".join(seat.name for seat in view.unplaced)
        story.append(Paragraph(f"Not seated yet: {_text(names)}", LEAD))
    cards = sorted(
        ((seat.name, table.number) for table in view.tables for seat in table.seats),
        key=lambda row: row[0].lower(),
    )
    story += [
        PageBreak(),
        Paragraph("Name cards", TITLE),
        Paragraph("Everyone by name, with their table.", LEAD),
        Spacer(0, 4 * mm),
        _grid(
            [["Name", "Table"]] + [[name, str(number)] for name, number in cards],
            [width * 0.75, width * 0.25],
        ),
    ]
    document.build(story)
    return buffer.getvalue()

"""A program's outcomes as a PDF, drawn with reportlab: the page's figures, charts
and explanations, for a sponsor to read or pass on.

The charts are the page's own matplotlib figures, rendered as PNG at twice their
size; the tables are ``outcomes.tables``; the sentences ``outcomes.text``. The
fonts are reportlab's bundled Vera files, embedded (as on the certificate), so
names with accents print as written.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from twoway.core.pdf_fonts import BOLD, INK, MUTED, REGULAR, pdf_fonts_register, pdf_style
from twoway.outcomes.charts import Chart, report_charts
from twoway.outcomes.report import OutcomeReport
from twoway.outcomes.tables import Table, report_tables
from twoway.outcomes.text import (
    CANNOT_SAY,
    CAVEAT_CHOICE,
    CAVEAT_SMALL,
    MEANING_HAZARD,
    MEANING_LEARNING,
    MEANING_LOG_RANK,
    MEANING_MEETINGS,
    MEANING_PROMOTIONS,
    MEANING_REACH,
    MEANING_RETENTION,
    MEANING_SIDES,
    MEANING_SURVEYS,
    SUPPRESSED_PAGE,
    hazard_sentence,
    headline,
    percent,
)

LINE = colors.HexColor("#c5cbd8")
HEAD = colors.HexColor("#f0f2f7")
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
# The tallest a chart may be: most of a page, leaving room for its heading.
CHART_HEIGHT = (A4[1] - 2 * MARGIN) * 0.75


def _style(
    name: str,
    size: float,
    *,
    font: str = REGULAR,
    color: colors.Color = INK,
    space_before: float = 0,
    space_after: float = 4,
) -> ParagraphStyle:
    return pdf_style(
        f"outcomes-{name}",
        size,
        font=font,
        color=color,
        leading=1.3,
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": _style("title", 20, font=BOLD, space_after=2),
        "subtitle": _style("subtitle", 11, color=MUTED, space_after=10),
        "lead": _style("lead", 12, space_after=8),
        "h2": _style("h2", 14, font=BOLD, space_before=12, space_after=4),
        "body": _style("body", 9.5),
        "muted": _style("muted", 8.5, color=MUTED),
        "cell": _style("cell", 8, space_after=0),
        "head": _style("head", 7.5, font=BOLD, color=MUTED, space_after=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    header = [_p(column.label, styles["head"]) for column in table.columns]
    body = [[_p(cell, styles["cell"]) for cell in row] for row in table.display_rows()]
    if table.has_notes:
        header.append(_p("Note", styles["head"]))
        for cells, row in zip(body, table.rows, strict=True):
            cells.append(_p(row.note, styles["cell"]))
    result = PdfTable(
        [header, *body], colWidths=[WIDTH / len(header)] * len(header), repeatRows=1, hAlign="LEFT"
    )
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


def _chart(chart: Chart) -> Image:
    """The chart as a picture that fits the page, however many rows it has."""
    width, height = chart.figure.get_size_inches()
    scale = min(1.0, WIDTH / (width * 72), CHART_HEIGHT / (height * 72))
    return Image(io.BytesIO(chart.png()), width=width * 72 * scale, height=height * 72 * scale)


def _section(
    title: str,
    texts: Sequence[str],
    styles: dict[str, ParagraphStyle],
    *,
    chart: Chart | None = None,
    tables: Sequence[Table | None] = (),
) -> list[Flowable]:
    heading: list[Flowable] = [_p(title, styles["h2"])]
    flow: list[Flowable] = []
    if chart is not None:
        flow.append(_chart(chart))
        flow.append(_p(chart.description, styles["muted"]))
    for table in tables:
        if table is not None:
            flow.append(_table(table, styles))
            flow.append(Spacer(1, 4))
    flow.extend(_p(text, styles["body"]) for text in texts)
    # A heading never ends a page on its own.
    return [KeepTogether([*heading, *flow[:2]]), *flow[2:]]


def outcomes_pdf(report: OutcomeReport, *, generated_on: dt.date) -> bytes:
    pdf_fonts_register()
    styles = _styles()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{report.program_name}: outcomes as of {report.as_of.isoformat()}",
        author="Twoway",
    )
    footer = f"Generated by Twoway on {generated_on:%-d %B %Y}"

    def on_page(canvas: Canvas, _: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN, footer)
        canvas.drawRightString(A4[0] - MARGIN, MARGIN, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    k = report.k
    story: list[Flowable] = [
        _p(f"{report.program_name}: outcomes", styles["title"]),
        _p(f"As of {report.as_of:%-d %B %Y}", styles["subtitle"]),
        _p(headline(report), styles["lead"]),
    ]
    if report.suppressed:
        story.append(_p(SUPPRESSED_PAGE.format(k=k), styles["body"]))
    else:
        charts = report_charts(report)
        tables = report_tables(report)
        story += _section(
            "Staying with the organisation",
            [MEANING_RETENTION],
            styles,
            chart=charts.get("survival"),
        )
        story += _section(
            "Retention at 6, 12 and 24 months",
            [],
            styles,
            chart=charts.get("retention"),
            tables=[tables.get("retention")],
        )
        story += _section(
            "The comparison group",
            [
                report.method,
                hazard_sentence(report),
                MEANING_HAZARD,
                MEANING_LOG_RANK,
                CAVEAT_CHOICE,
            ],
            styles,
            tables=[tables.get("comparison")],
        )
        story += _section(
            "Promotions", [MEANING_PROMOTIONS], styles, tables=[tables.get("promotions")]
        )
        story += _section("Each side", [MEANING_SIDES], styles, tables=[tables.get("sides")])
        story += _section(
            "Learning both ways",
            [MEANING_LEARNING],
            styles,
            chart=charts.get("learning"),
            tables=[tables.get("learning")],
        )
        if report.meetings is not None and report.meetings.planned:
            meetings = report.meetings
            story += _section(
                "Meetings",
                [
                    f"{meetings.logged} of {meetings.planned} planned meetings logged "
                    f"({percent(meetings.share)}), across {meetings.pairs} pairs.",
                    MEANING_MEETINGS,
                ],
                styles,
            )
        story += _section(
            "Reach",
            [MEANING_REACH],
            styles,
            chart=charts.get("reach"),
            tables=[tables.get("reach")],
        )
        if "surveys" in tables:
            story += _section(
                "Surveys",
                [MEANING_SURVEYS],
                styles,
                chart=charts.get("surveys"),
                tables=[tables["surveys"]],
            )
    about = [CAVEAT_CHOICE, CAVEAT_SMALL.format(k=k), CANNOT_SAY]
    if not report.suppressed:
        about.insert(0, report.method)
    story += _section("About these figures", about, styles)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()

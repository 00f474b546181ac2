"""The completion certificate: one A4 landscape page, drawn with reportlab.

The fonts are the Bitstream Vera TrueType files that ship with reportlab,
embedded in the PDF, so names with accents (Zoë, Łukasz, Núñez) print as written
on any machine; the 14 standard PDF fonts cannot promise that.
"""

from __future__ import annotations

import io
from typing import Literal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.dateformat import format as date_format
from django.utils.text import slugify
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from twoway.core.pdf_fonts import (
    ACCENT,
    BOLD,
    INK,
    MUTED,
    NAVY,
    OBLIQUE,
    PRIMARY,
    REGULAR,
    pdf_fonts_register,
    pdf_style,
)
from twoway.recognition.models import Recognition
from twoway.recognition.selectors import CertificateFacts, recognition_certificate_facts

PAPER = HexColor("#fbfaf6")
PANEL = HexColor("#f1f3fa")
LINE = HexColor("#c5cbd8")

# The values of reportlab's TA_LEFT, TA_CENTER, TA_RIGHT and TA_JUSTIFY.
Alignment = Literal[0, 1, 2, 4]
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
KIND_WORDS = {
    "reverse": "Reverse mentoring",
    "traditional": "Mentoring",
    "mutual": "Two-way mentoring",
    "group": "Group mentoring",
    "circles": "Mentoring circles",
}


def _style(
    size: float,
    *,
    font: str = REGULAR,
    color: Color = INK,
    align: Alignment = TA_CENTER,
    leading: float | None = None,
) -> ParagraphStyle:
    ratio = leading / size if leading else 1.3
    return pdf_style(
        f"cert-{font}-{size}", size, font=font, color=color, leading=ratio, alignment=align
    )


def _paragraph(
    canvas: Canvas, text: str, style: ParagraphStyle, x: float, top: float, width: float
) -> float:
    """Draw ``text`` (markup) in a box of ``width`` whose top is at ``top``; return its height."""
    paragraph = Paragraph(text, style)
    _, height = paragraph.wrapOn(canvas, width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return height


def _fitted_size(text: str, font: str, largest: float, width: float) -> float:
    """The largest font size up to ``largest`` at which ``text`` fits in ``width``."""
    size = largest
    while size > 14 and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _frame(canvas: Canvas) -> None:
    canvas.setFillColor(PAPER)
    canvas.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44, stroke=1, fill=0)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.rect(31, 31, PAGE_WIDTH - 62, PAGE_HEIGHT - 62, stroke=1, fill=0)
    # Small corner marks inside the frame, as printed certificates have.
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(1.2)
    for x, y, dx, dy in (
        (40, 40, 1, 1),
        (PAGE_WIDTH - 40, 40, -1, 1),
        (40, PAGE_HEIGHT - 40, 1, -1),
        (PAGE_WIDTH - 40, PAGE_HEIGHT - 40, -1, -1),
    ):
        canvas.line(x, y, x + 26 * dx, y)
        canvas.line(x, y, x, y + 26 * dy)


def _emblem(canvas: Canvas, cx: float, cy: float) -> None:
    """Two overlapping rings: learning that goes both ways."""
    canvas.setLineWidth(2.4)
    canvas.setStrokeColor(PRIMARY)
    canvas.circle(cx - 8, cy, 13, stroke=1, fill=0)
    canvas.setStrokeColor(ACCENT)
    canvas.circle(cx + 8, cy, 13, stroke=1, fill=0)


def _topic_box(
    canvas: Canvas,
    x: float,
    top: float,
    width: float,
    height: float,
    heading: str,
    topics: list[str],
    colour: Color,
) -> None:
    canvas.setFillColor(PANEL)
    canvas.rect(x, top - height, width, height, stroke=0, fill=1)
    canvas.setFillColor(colour)
    canvas.rect(x, top - height, 4, height, stroke=0, fill=1)
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(colour)
    canvas.drawString(x + 18, top - 20, heading.upper())
    text = " · ".join(escape(topic) for topic in topics) or "Topics the two agreed between them"
    style = _style(13, align=TA_LEFT, color=INK if topics else MUTED, leading=17)
    _paragraph(canvas, text, style, x + 18, top - 30, width - 36)


def _fact(canvas: Canvas, cx: float, y: float, value: str, label: str) -> None:
    canvas.setFillColor(NAVY)
    canvas.setFont(BOLD, 18)
    canvas.drawCentredString(cx, y, value)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 9)
    canvas.drawCentredString(cx, y - 15, label.upper())


def _draw(canvas: Canvas, facts: CertificateFacts) -> None:
    centre = PAGE_WIDTH / 2
    _frame(canvas)
    _emblem(canvas, centre, PAGE_HEIGHT - 78)

    canvas.setFillColor(MUTED)
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 108, " ".join(settings.SITE_NAME.upper()))
    canvas.setFillColor(NAVY)
    canvas.setFont(BOLD, 28)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 146, "Certificate of completion")
    canvas.setFillColor(MUTED)
    canvas.setFont(OBLIQUE, 12)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 176, "This certifies that")

    size = _fitted_size(facts.name, BOLD, 34, PAGE_WIDTH - 160)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 218, facts.name)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1)
    canvas.line(centre - 170, PAGE_HEIGHT - 232, centre + 170, PAGE_HEIGHT - 232)

    role = f" as {escape(facts.role)}" if facts.role else ""
    partner = f", working with <b>{escape(facts.partner)}</b>" if facts.partner else ""
    sentence = f"completed <b>{escape(facts.program)}</b>{role}{partner}."
    for size in (13, 11, 9):  # two lines at most, above the facts
        style = _style(size, leading=size * 1.35)
        if len(simpleSplit(sentence, REGULAR, size, PAGE_WIDTH - 180)) <= 2:
            break
    _paragraph(canvas, sentence, style, 90, PAGE_HEIGHT - 246, PAGE_WIDTH - 180)

    facts_y = PAGE_HEIGHT - 322
    meetings = "meeting held" if facts.meetings_held == 1 else "meetings held"
    for cx, value, label in (
        (centre - 210, str(facts.meetings_held), meetings),
        (centre, date_format(facts.completed_on, "j F Y"), "completed"),
        (centre + 210, KIND_WORDS.get(facts.program_kind, "Mentoring"), "program"),
    ):
        _fact(canvas, cx, facts_y, value, label)

    box_top, box_height, gap = PAGE_HEIGHT - 366, 92, 24
    box_width = (PAGE_WIDTH - 140 - gap) / 2
    _topic_box(canvas, 70, box_top, box_width, box_height, "Taught", facts.taught, ACCENT)
    _topic_box(
        canvas,
        70 + box_width + gap,
        box_top,
        box_width,
        box_height,
        "Learned",
        facts.learned,
        PRIMARY,
    )

    canvas.setFillColor(MUTED)
    canvas.setFont(OBLIQUE, 10.5)
    canvas.drawCentredString(
        centre, 112, "Each partner taught the other: the recognition belongs to both."
    )
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(76, 56, f"Reference {facts.reference}")
    canvas.drawRightString(PAGE_WIDTH - 76, 56, f"{settings.SITE_NAME} · learning both ways")


def certificate_pdf(recognition: Recognition) -> bytes:
    """The completion certificate of ``recognition`` as PDF bytes.

    Refuses other kinds: a hand-given award is a badge, not a certificate."""
    if recognition.kind != Recognition.Kind.COMPLETION:
        raise ValueError("Only a completion recognition has a certificate.")
    pdf_fonts_register()
    facts = recognition_certificate_facts(recognition=recognition)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"Certificate of completion: {facts.name}, {facts.program}")
    canvas.setAuthor(settings.SITE_NAME)
    canvas.setSubject(facts.title)
    canvas.setCreator(settings.SITE_NAME)
    _draw(canvas, facts)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate_filename(recognition: Recognition) -> str:
    """E.g. "certificate-juno-park-reverse-pilot.pdf" (ASCII: safe in every browser)."""
    parts = [slugify(recognition.person.name), slugify(recognition.program.name)]
    return "certificate-" + "-".join(part for part in parts if part)[:80] + ".pdf"

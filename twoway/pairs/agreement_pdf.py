"""The last signed version of a pair's agreement as a PDF, for the two partners to
keep or print: A4, drawn with reportlab in the house's fonts (``core.pdf_fonts``,
embedded, so names with accents print as written)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from twoway.core.pdf_fonts import ACCENT, BOLD, MUTED, NAVY, pdf_fonts_register, pdf_style
from twoway.pairs.models import Agreement, AgreementVersion, Pair

TITLE = pdf_style("agreement-title", 22, font=BOLD, color=NAVY, leading=1.4)
LEAD = pdf_style("agreement-lead", 11, color=MUTED, leading=1.4)
LABEL = pdf_style("agreement-label", 10, font=BOLD, color=ACCENT, leading=1.4)
BODY = pdf_style("agreement-body", 11, leading=1.4)


def part_labels(pair: Pair) -> dict[str, str]:
    """Each part's heading with the partners' names, as the pages show it."""
    mentor, mentee = pair.mentor.name, pair.mentee.name
    return Agreement.LABELS | {
        "mentor_goals": f"What {mentor} (mentor) wants to learn",
        "mentor_offers": f"What {mentor} offers",
        "mentee_goals": f"What {mentee} (mentee) wants to learn",
        "mentee_offers": f"What {mentee} offers",
        "cadence": "How often we meet",
        "meeting_format": "Where and how we meet",
    }


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def agreement_pdf(pair: Pair, kept: AgreementVersion) -> bytes:
    """The PDF of ``kept``, a version of ``pair``'s agreement both signed."""
    pdf_fonts_register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Mentoring agreement: {pair.mentor.name} and {pair.mentee.name}",
        author=pair.program.name,
    )
    signed = date_format(timezone.localtime(kept.signed_at), "j F Y")
    story: list = [
        Paragraph("Mentoring agreement", TITLE),
        Spacer(0, 4 * mm),
        Paragraph(
            f"{_text(pair.program.name)} · {_text(pair.mentor.name)} (mentor) and "
            f"{_text(pair.mentee.name)} (mentee)",
            LEAD,
        ),
        Paragraph(f"Version {kept.version}, signed by both on {signed}", LEAD),
        Spacer(0, 4 * mm),
        HRFlowable(width="100%", color=NAVY, thickness=1.2),
        Spacer(0, 5 * mm),
    ]
    labels = part_labels(pair)
    for part in Agreement.PARTS:
        text = kept.content.get(part, "")
        if not text:
            continue
        # A heading never ends a page on its own: it keeps with its text.
        heading = [Paragraph(_text(labels[part]), LABEL), Spacer(0, 1.5 * mm)]
        story += [KeepTogether([*heading, Paragraph(_text(text), BODY)]), Spacer(0, 5 * mm)]
    document.build(story)
    return buffer.getvalue()


def agreement_pdf_filename(pair: Pair, kept: AgreementVersion) -> str:
    names = slugify(f"{pair.mentor.name} {pair.mentee.name}")
    return f"agreement-{names}-version-{kept.version}.pdf"

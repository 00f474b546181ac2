"""The fonts, colours and paragraph styles of Twoway's PDFs (the completion
certificate, the signed agreement, the outcomes report, a social's table plan).

reportlab keeps one registry of fonts per process, so every PDF registers the
same family through ``pdf_fonts_register``: registering part of it under the same
names in one place would leave another without the faces it expects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Bitstream Vera, shipped with reportlab: the text stays text in the PDF.
REGULAR, BOLD, OBLIQUE = "TwowayVera", "TwowayVera-Bold", "TwowayVera-Oblique"
_FILES = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf", OBLIQUE: "VeraIt.ttf"}

# The stylesheet's colours (app.css), so that a PDF reads like the page it comes from.
INK = HexColor("#1c2333")
MUTED = HexColor("#5d667a")
NAVY = HexColor("#223b8c")
PRIMARY = HexColor("#2f4fb5")
ACCENT = HexColor("#0e7a5f")


def pdf_style(
    name: str,
    size: float,
    *,
    font: str = REGULAR,
    color: Color = INK,
    leading: float = 1.35,
    **more: Any,
) -> ParagraphStyle:
    """A paragraph style in the house font: ``leading`` is a multiple of ``size``;
    ``more`` are reportlab's other settings (``alignment``, ``spaceAfter``...)."""
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * leading, textColor=color, **more
    )


def pdf_fonts_register() -> None:
    """Register each face not registered yet, and the family, once per process."""
    registered = pdfmetrics.getRegisteredFontNames()
    if all(name in registered for name in _FILES):
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=OBLIQUE)

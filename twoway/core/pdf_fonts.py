"""The fonts of Twoway's PDFs (the completion certificate, the outcomes report).

reportlab keeps one registry of fonts per process, so every PDF registers the
same family through ``pdf_fonts_register``: registering part of it under the same
names in one place would leave another without the faces it expects.
"""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Bitstream Vera, shipped with reportlab: the text stays text in the PDF.
REGULAR, BOLD, OBLIQUE = "TwowayVera", "TwowayVera-Bold", "TwowayVera-Oblique"
_FILES = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf", OBLIQUE: "VeraIt.ttf"}


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

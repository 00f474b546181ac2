"""Every PDF registers the whole font family, whichever PDF a process makes first."""

from reportlab.pdfbase import pdfmetrics

from twoway.core.pdf_fonts import BOLD, OBLIQUE, REGULAR, pdf_fonts_register


def test_a_face_missing_from_the_registry_is_registered_even_when_others_are_there():
    pdf_fonts_register()
    # As when one PDF registered the regular and bold faces only, under the same names.
    pdfmetrics._fonts.pop(OBLIQUE, None)  # type: ignore[attr-defined]

    pdf_fonts_register()

    assert {REGULAR, BOLD, OBLIQUE} <= set(pdfmetrics.getRegisteredFontNames())
    assert pdfmetrics.getFont(OBLIQUE).fontName == OBLIQUE

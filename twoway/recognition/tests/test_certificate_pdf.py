import io
import re

import pytest
from pypdf import PdfReader

from twoway.recognition.certificate import certificate_filename, certificate_pdf
from twoway.recognition.models import Recognition
from twoway.recognition.services import recognition_award, recognition_award_completion
from twoway.recognition.tests.steps import complete, meet


def read(recognition):
    reader = PdfReader(io.BytesIO(certificate_pdf(recognition)))
    return reader, " ".join(reader.pages[0].extract_text().split())


def test_the_certificate_says_who_with_whom_where_how_often_and_what(certificates):
    mentor, _ = certificates
    reader, text = read(mentor)

    assert len(reader.pages) == 1
    assert "Certificate of completion" in text
    assert "Juno Park" in text and "Sterling Hayes" in text
    assert "Reverse pilot" in text and "reverse mentor" in text
    assert "20 November 2026" in text
    # Three meetings took place; the cancelled one and the one to come do not count.
    assert re.search(r"\b3 MEETINGS HELD", text)
    assert re.search(r"TAUGHT Short-form video for business LEARNED Negotiation", text)


def test_the_mentee_taught_what_the_mentor_learned(certificates):
    _, mentee = certificates
    _, text = read(mentee)
    assert "Sterling Hayes" in text and "reverse mentee" in text and "Juno Park" in text
    assert re.search(r"TAUGHT Negotiation LEARNED Short-form video for business", text)


def test_it_is_an_a4_landscape_page_with_a_title_and_author(certificates):
    reader, _ = read(certificates[0])
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert reader.metadata.title == "Certificate of completion: Juno Park, Reverse pilot"
    assert reader.metadata.author == "Twoway"


def test_a_name_with_accents_prints_as_written_in_an_embedded_font(certificates):
    mentor, _ = certificates
    mentor.person.name = "Zoë Ångström-Núñez"
    reader, text = read(mentor)

    assert "Zoë Ångström-Núñez" in text
    fonts = [
        font.get_object()
        for font in reader.pages[0]["/Resources"]["/Font"].values()
        if font.get_object()["/Subtype"] == "/TrueType"
    ]
    assert fonts and all("/FontFile2" in font["/FontDescriptor"] for font in fonts)


def test_nothing_private_reaches_the_certificate(certificates):
    _, text = read(certificates[0])
    assert "Budget season" not in text and "reorganisation" not in text


def test_a_meeting_count_of_one_reads_in_the_singular(pair):
    meet(pair, days_ago=5)
    mentor, _ = recognition_award_completion(actor=None, pair=complete(pair))
    _, text = read(mentor)
    assert "1 MEETING HELD" in text


def test_a_hand_given_award_has_no_certificate(published, cast):
    award = recognition_award(
        actor=cast.priya, program=published.program, person=published.juno, title="Star"
    )
    with pytest.raises(ValueError, match="Only a completion"):
        certificate_pdf(award)


def test_the_file_name_is_plain_ascii(certificates):
    mentor: Recognition = certificates[0]
    mentor.person.name = "Zoë Núñez"
    assert certificate_filename(mentor) == "certificate-zoe-nunez-reverse-pilot.pdf"

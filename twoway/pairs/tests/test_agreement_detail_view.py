"""The agreement's own pages: reading it, editing it, signing it, and its PDF."""

import io

from django.urls import reverse
from pypdf import PdfReader

from twoway.pairs.tests.agreements import edit, sign


def url(name, agreement):
    return reverse(name, kwargs={"uuid": agreement.pair.uuid})


def test_a_partner_reads_the_current_version_and_what_is_still_to_write(
    agreement, published, cast, client
):
    edit(agreement, published.juno, 1, mentor_goals="Negotiate my first budget")
    client.force_login(cast.sterling)
    page = client.get(url("pairs:agreement", agreement)).content.decode()
    assert "Your agreement with Juno" in page
    assert "What Juno wants to learn" in page and "Negotiate my first budget" in page
    assert "Still to write:</strong> what you want to learn, what you offer, what Juno offers" in (
        page
    )
    assert "Sign version 2" in page and "Edit the agreement" in page
    assert url("pairs:agreement_edit", agreement) in page
    assert "Juno has not signed yet" in page and "You have not signed yet" in page
    assert url("pairs:agreement_pdf", agreement) not in page  # nothing signed by both yet


def test_signing_on_the_read_view_comes_back_to_it_and_says_who_signed_which_version(
    agreement, published, cast, client
):
    sign(agreement, published.juno, 1)
    client.force_login(cast.sterling)
    response = client.post(url("pairs:sign", agreement), {"seen_version": 1, "back": "agreement"})
    assert response.status_code == 302 and response["Location"] == url("pairs:agreement", agreement)
    agreement.refresh_from_db()
    edit(agreement, published.juno, 1, mentee_goals="Read a budget")
    sign(agreement, published.juno, 2)
    page = client.get(url("pairs:agreement", agreement)).content.decode()
    assert "✓ Juno signed version 2, the current one" in page
    assert "You signed version 1; version 2 is not signed by you yet" in page
    assert "Sign version 2" in page and "Signed version 1 (PDF)" in page


def test_the_edit_page_saves_and_returns_to_the_read_view(agreement, cast, client):
    client.force_login(cast.juno)
    data = agreement.content() | {"seen_version": 1, "mentor_offers": "Short video"}
    response = client.post(url("pairs:agreement_edit", agreement), data)
    assert response.status_code == 302 and response["Location"] == url("pairs:agreement", agreement)
    agreement.refresh_from_db()
    assert agreement.version == 2 and agreement.mentor_offers == "Short video"


def test_the_pdf_is_the_last_version_both_signed(agreement, published, cast, client):
    agreement = edit(agreement, published.juno, 1, mentor_goals="Negotiate my first budget")
    sign(agreement, published.juno, 2)
    sign(agreement, published.sterling, 2)
    edit(agreement, published.sterling, 2, mentee_goals="Not signed by Juno yet")
    for user in (cast.juno, cast.sterling):
        client.force_login(user)
        response = client.get(url("pairs:agreement_pdf", agreement))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "Mentoring agreement" in text and "Version 2, signed by both" in text
        assert "Juno Park (mentor)" in text and "Sterling Hayes (mentee)" in text
        assert "Negotiate my first budget" in text and "Not signed by Juno yet" not in text


def test_no_pdf_before_both_signed(agreement, cast, client):
    client.force_login(cast.juno)
    assert client.get(url("pairs:agreement_pdf", agreement)).status_code == 404


def test_only_the_two_partners_open_the_agreement_or_its_pdf(
    agreement, published, cast, client, morgan
):
    sign(agreement, published.juno, 1)
    sign(agreement, published.sterling, 1)
    names = ("pairs:agreement", "pairs:agreement_edit", "pairs:agreement_pdf")
    # The program's manager sees where it stands on the pair's page, not what it says.
    for user in (cast.priya, cast.ada, cast.sol, cast.otto, morgan, published.maya.user):
        client.force_login(user)
        for name in names:
            assert client.get(url(name, agreement)).status_code == 404, (user, name)
    client.logout()
    for name in names:
        response = client.get(url(name, agreement))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

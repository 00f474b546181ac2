import pytest
from django.urls import reverse

from twoway.recognition.services import recognition_award


def url_of(recognition):
    return reverse("recognition:certificate", kwargs={"uuid": recognition.uuid})


@pytest.fixture
def certificate(certificates):
    """Juno's certificate."""
    return certificates[0]


def test_the_person_downloads_their_own_certificate(client, certificate, cast):
    client.force_login(cast.juno)
    response = client.get(url_of(certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'inline; filename="certificate-juno-park-reverse-pilot.pdf"'
    )
    assert "no-cache" in response["Cache-Control"]


def test_a_manager_of_the_program_may_download_it(client, certificate, cast):
    client.force_login(cast.priya)
    assert client.get(url_of(certificate)).status_code == 200


@pytest.mark.parametrize("who", ["sterling", "sol", "otto"])
def test_anyone_else_gets_404_even_the_partner(client, certificate, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(url_of(certificate)).status_code == 404


def test_a_manager_of_another_program_gets_404(client, certificate, morgan):
    client.force_login(morgan)
    assert client.get(url_of(certificate)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    response = client.get(url_of(certificate))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_award_has_no_certificate(client, published, cast):
    award = recognition_award(
        actor=cast.priya, program=published.program, person=published.juno, title="Star"
    )
    client.force_login(cast.juno)
    assert client.get(url_of(award)).status_code == 404


def test_an_unknown_certificate_is_not_found(client, cast):
    client.force_login(cast.priya)
    url = "/recognition/00000000-0000-0000-0000-000000000000/certificate.pdf"
    assert client.get(url).status_code == 404

from django.urls import reverse

from twoway.recognition.models import Recognition
from twoway.recognition.services import recognition_award, recognition_award_completion
from twoway.testing.queries import queries_for


def url_of(program):
    return reverse("recognition:program", kwargs={"slug": program.slug})


def test_the_manager_sees_the_recognitions_and_whom_they_may_award(
    client, completed, published, cast
):
    recognition_award_completion(actor=None, pair=completed)
    client.force_login(cast.priya)
    response = client.get(url_of(published.program))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reverse mentor · Reverse pilot" in page and "Reverse mentee · Reverse pilot" in page
    assert page.count('href="/recognition/') == 2  # both certificates
    people = list(response.context["form"].fields["person"].queryset)
    assert people == [published.juno, published.maya, published.richard, published.sterling]


def test_the_manager_awards_by_hand(client, published, cast):
    client.force_login(cast.priya)
    response = client.post(
        url_of(published.program),
        {"person": published.richard.uuid, "title": "Opened the board to AI", "note": "Bravo"},
        follow=True,
    )

    recognition = Recognition.objects.get()
    assert (recognition.person, recognition.kind) == (published.richard, Recognition.Kind.AWARD)
    assert response.redirect_chain == [(url_of(published.program), 302)]
    page = response.content.decode()
    assert "Richard Hale is recognised: “Opened the board to AI”." in page


def test_someone_outside_the_program_cannot_be_chosen(client, published, cast):
    client.force_login(cast.priya)
    response = client.post(
        url_of(published.program), {"person": cast.sol.person.uuid, "title": "Hi"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Recognition.objects.exists()


def test_a_short_title_is_shown_as_an_error(client, published, cast):
    client.force_login(cast.priya)
    response = client.post(
        url_of(published.program), {"person": published.juno.uuid, "title": "  x "}
    )

    assert "write between 3 and 120" in response.content.decode()
    assert not Recognition.objects.exists()


def test_participants_are_refused_and_other_managers_get_404(client, published, cast, morgan):
    client.force_login(cast.juno)
    assert client.get(url_of(published.program)).status_code == 403
    client.force_login(morgan)
    assert client.get(url_of(published.program)).status_code == 404
    response = client.post(
        url_of(published.program), {"person": published.juno.uuid, "title": "Star"}
    )
    assert response.status_code == 404 and not Recognition.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, published):
    response = client.get(url_of(published.program))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_unknown_program_is_not_found(client, cast):
    client.force_login(cast.priya)
    assert client.get("/programs/no-such-program/recognition/").status_code == 404


def test_the_page_takes_as_many_queries_for_many_recognitions_as_for_few(
    client, completed, published, cast
):
    client.force_login(cast.priya)
    url = url_of(published.program)
    recognition_award_completion(actor=None, pair=completed)
    few = queries_for(client, url)  # two certificates
    people = (published.maya, published.richard, published.juno)
    for i in range(10):
        recognition_award(
            actor=cast.priya, program=published.program, person=people[i % 3], title=f"Star {i}"
        )
    assert Recognition.objects.filter(program=published.program).count() == 12
    assert queries_for(client, url) == few

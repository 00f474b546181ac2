from django.urls import reverse

from twoway.recognition.selectors import recognition_list_for_person
from twoway.recognition.services import recognition_award, recognition_award_completion
from twoway.testing.queries import queries_in


def test_the_badges_show_on_the_profile(client, completed, published, cast):
    recognition_award_completion(actor=None, pair=completed)
    recognition_award(
        actor=cast.priya, program=published.program, person=published.juno, title="Video champion"
    )
    client.force_login(cast.priya)
    page = client.get(reverse("home:person", kwargs={"uuid": published.juno.uuid}))

    body = page.content.decode()
    assert 'id="badges-heading"' in body
    assert "Reverse mentor · Reverse pilot" in body and "Video champion" in body
    assert "Reverse mentee" not in body  # Sterling's badge stays on Sterling's page


def test_no_recognition_section_without_badges(client, published, cast):
    client.force_login(cast.priya)
    page = client.get(reverse("home:person", kwargs={"uuid": published.juno.uuid}))
    assert 'id="badges-heading"' not in page.content.decode()


def test_the_list_is_newest_first_in_the_same_queries_for_more_badges(completed, published, cast):
    def read():
        return [(b, b.program.name) for b in recognition_list_for_person(person=published.juno)]

    recognition_award_completion(actor=None, pair=completed)
    award = recognition_award(
        actor=cast.priya, program=published.program, person=published.juno, title="Star"
    )
    badges = read()
    assert badges[0][0] == award
    assert [name for _, name in badges] == ["Reverse pilot", "Reverse pilot"]
    few = queries_in(read)
    for i in range(10):
        recognition_award(
            actor=cast.priya, program=published.program, person=published.juno, title=f"Star {i}"
        )
    assert len(read()) == 12
    assert queries_in(read) == few

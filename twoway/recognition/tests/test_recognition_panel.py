from django.template.loader import render_to_string
from django.test import RequestFactory

from twoway.pairs.models import Pair
from twoway.recognition.models import Kudos
from twoway.recognition.selectors import recognition_panel
from twoway.recognition.services import (
    kudos_give,
    recognition_award,
    recognition_award_completion,
)
from twoway.testing.queries import queries_in


def render(panel, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("recognition/_pair_panel.html", {"panel": panel}, request=request)


def test_a_partner_sees_their_certificate_and_both_ways_of_kudos(completed, cast):
    juno_cert, _ = recognition_award_completion(actor=None, pair=completed)
    kudos_give(actor=cast.juno, pair=completed, giver=completed.mentor, category="listened")
    kudos_give(actor=cast.sterling, pair=completed, giver=completed.mentee, category="taught_me")

    panel = recognition_panel(pair=completed, person=completed.mentor)

    assert panel.certificate == juno_cert
    assert [k.category for k in panel.kudos_given] == ["listened"]
    assert [k.category for k in panel.kudos_received] == ["taught_me"]
    assert "listened" not in dict(panel.categories_open)
    assert len(panel.categories_open) == len(Kudos.Category.values) - 1
    html = render(panel, cast.juno)
    assert f"/recognition/{juno_cert.uuid}/certificate.pdf" in html
    assert "Taught me something new" in html and 'action="/pairs/' in html


def test_no_certificate_before_completion(pair, cast):
    panel = recognition_panel(pair=pair, person=pair.mentee)
    assert panel.certificate is None and panel.can_give
    assert "certificate.pdf" not in render(panel, cast.sterling)


def test_a_partner_who_gave_every_kind_has_no_form(pair, cast):
    for category in Kudos.Category.values:
        kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=category)
    panel = recognition_panel(pair=pair, person=pair.mentor)
    assert not panel.can_give
    assert "<form" not in render(panel, cast.juno)


def test_an_ended_pair_shows_kudos_as_closed(pair, cast):
    pair.status = Pair.Status.ENDED
    panel = recognition_panel(pair=pair, person=pair.mentor)
    assert not panel.can_give
    html = render(panel, cast.juno)
    assert "<form" not in html and "ended early" in html


def test_a_manager_sees_the_recognitions_given_and_no_kudos(completed, cast):
    recognition_award_completion(actor=None, pair=completed)
    kudos_give(actor=cast.juno, pair=completed, giver=completed.mentor, category="listened")

    panel = recognition_panel(pair=completed, person=None)

    assert panel.me is None and panel.kudos_given == panel.kudos_received == []
    assert [r.person for r in panel.recognitions] == [completed.mentor, completed.mentee]
    html = render(panel, cast.priya)
    assert "<form" not in html and "A great listener" not in html
    assert "Reverse mentee · Reverse pilot" in html


def test_the_panel_reads_in_the_same_queries_for_more_recognitions_and_kudos(completed, cast):
    def read():
        return recognition_panel(pair=completed, person=completed.mentor)

    recognition_award_completion(actor=None, pair=completed)
    kudos_give(actor=cast.juno, pair=completed, giver=completed.mentor, category="listened")
    kudos_give(actor=cast.sterling, pair=completed, giver=completed.mentee, category="taught_me")
    few = queries_in(read)
    for i in range(10):
        recognition_award(
            actor=cast.priya, program=completed.program, person=completed.mentor, title=f"Star {i}"
        )
    for category in set(Kudos.Category.values) - {"listened"}:
        kudos_give(actor=cast.juno, pair=completed, giver=completed.mentor, category=category)
    for category in set(Kudos.Category.values) - {"taught_me"}:
        kudos_give(actor=cast.sterling, pair=completed, giver=completed.mentee, category=category)
    panel = read()
    assert len(panel.recognitions) == 12
    assert len(panel.kudos_given) == len(panel.kudos_received) == len(Kudos.Category.values)
    assert queries_in(read) == few

"""A survey waiting for a person shows on their home page and their pair's page."""

from django.urls import reverse

from twoway.pairs.models import Pair
from twoway.pairs.services import pair_end
from twoway.surveys.selectors import surveys_waiting
from twoway.surveys.services import survey_answer, survey_decline


def test_the_home_page_shows_the_waiting_survey(baseline, cast, client):
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    # On the card of the pair it belongs to (home.selectors.pair_cards).
    assert "What is waiting for you" in page and "Your mentee: <a" in page
    assert "Answer a short survey about your pairing" in page
    assert reverse("surveys:answer", kwargs={"uuid": baseline.uuid}) in page


def test_the_pair_page_shows_it_to_the_person_alone(baseline, pair, cast, client):
    url = reverse("home:pair", kwargs={"uuid": pair.uuid})
    survey_url = reverse("surveys:answer", kwargs={"uuid": baseline.uuid})
    client.force_login(cast.juno)
    assert survey_url in client.get(url).content.decode()
    client.force_login(cast.sterling)
    page = client.get(url).content.decode()
    assert "A short survey is waiting for you" in page and survey_url not in page
    client.force_login(cast.priya)
    assert "A short survey is waiting" not in client.get(url).content.decode()


def test_answered_declined_and_ended_pairs_surveys_stop_waiting(baseline, pair, cast, published):
    assert [w.partner for w in surveys_waiting(person=published.juno)] == [published.sterling]
    survey_answer(actor=cast.juno, survey=baseline, person=published.juno, answers={})
    assert surveys_waiting(person=published.juno) == []
    sterlings = surveys_waiting(person=published.sterling)
    assert [w.program for w in sterlings] == [published.program]
    survey_decline(actor=cast.sterling, survey=sterlings[0].survey, person=published.sterling)
    assert surveys_waiting(person=published.sterling) == []
    maya = surveys_waiting(person=published.maya)
    assert len(maya) == 1
    pair_end(actor=cast.priya, pair=maya[0].survey.pair, person=published.richard, reason="Left.")
    assert surveys_waiting(person=published.maya) == []


def test_a_completed_pairs_survey_still_waits_on_the_home_page(baseline, pair, cast, client):
    # The home reads every pair of the person once: a pair that is over has no card,
    # but its survey still waits, listed on its own.
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.COMPLETED)
    client.force_login(cast.juno)
    page = client.get(reverse("home")).content.decode()
    assert "Your mentee: <a" not in page
    assert reverse("surveys:answer", kwargs={"uuid": baseline.uuid}) in page

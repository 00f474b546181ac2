"""Surveys are sent when pairs are published (a run, a self-match, a re-match)
and when a pair completes; pairs made any other way get none."""

import pytest

from twoway.matching.services.rematch import pair_rematch
from twoway.matching.services.self_match import match_request_accept, match_request_send
from twoway.meetings.progress import pair_complete_if_done
from twoway.pairs.models import Pair, Reflection
from twoway.pairs.services import pair_create, pair_end
from twoway.programs.models import Program
from twoway.recognition.tests.steps import meet
from twoway.surveys.models import Survey
from twoway.surveys.services import surveys_create
from twoway.testing.factories import enroll, person


def sent(pair):
    return sorted(Survey.objects.filter(pair=pair).values_list("kind", "side", "person_id"))


def test_publishing_a_run_sends_both_sides_of_every_pair_a_baseline(published):
    for pair in Pair.objects.filter(program=published.program):
        assert sent(pair) == [
            ("baseline", "mentee", pair.mentee_id),
            ("baseline", "mentor", pair.mentor_id),
        ]
    assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_an_accepted_self_match_sends_the_baseline(pilot, cast):
    Program.objects.filter(pk=pilot.program.pk).update(matching_style="self")
    pilot.program.refresh_from_db()
    request = match_request_send(
        actor=cast.sterling, program=pilot.program, to_person=pilot.juno, side="mentee"
    )
    pair = match_request_accept(actor=cast.juno, match_request=request)
    assert [kind for kind, _side, _who in sent(pair)] == ["baseline", "baseline"]


def test_a_rematch_sends_the_new_pair_a_baseline(published, cast):
    pair = Pair.objects.get(mentor=published.juno)
    pair_end(actor=cast.juno, pair=pair, person=published.juno, reason="No time.")
    noor = person("Noor Okafor", login=True, level=2, department="Design")
    enroll(published.program, noor, "mentor", teach=[(published.video, 3)])
    new = pair_rematch(actor=cast.priya, pair=pair, partner=noor)
    assert sent(new) == [
        ("baseline", "mentee", published.sterling.pk),
        ("baseline", "mentor", noor.pk),
    ]


def test_completing_a_pair_sends_both_the_closing_survey(pair, cast):
    Program.objects.filter(pk=pair.program_id).update(planned_sessions=1)
    pair.refresh_from_db()
    meet(pair, days_ago=3, logs=(pair.mentor, pair.mentee))
    for author in (pair.mentor, pair.mentee):
        Reflection.objects.create(pair=pair, author=author, changed="a lot", differently="more")

    assert pair_complete_if_done(actor=cast.juno, pair=pair)

    closing = Survey.objects.filter(pair=pair, kind="closing")
    assert sorted(closing.values_list("side", flat=True)) == ["mentee", "mentor"]
    assert not pair_complete_if_done(actor=cast.juno, pair=pair)
    assert closing.count() == 2


def test_pairs_made_otherwise_get_no_survey(pilot, cast):
    """A pair made without the signal (as imported history is) is not surveyed."""
    made = pair_create(
        actor=cast.priya,
        program=pilot.program,
        mentor=pilot.maya,
        mentee=pilot.richard,
        origin=getattr(Pair.Origin, "IMPORTED", Pair.Origin.MATCHED),
    )
    assert sent(made) == []


def test_sending_twice_sends_once(pair):
    assert surveys_create(pairs=[pair], kind="baseline") == 0
    assert surveys_create(pairs=[pair], kind="closing") == 2
    assert surveys_create(pairs=[pair], kind="closing") == 0
    assert Survey.objects.filter(pair=pair).count() == 4


def test_an_unknown_survey_is_refused(pair):
    with pytest.raises(ValueError, match="no such survey"):
        surveys_create(pairs=[pair], kind="midpoint")

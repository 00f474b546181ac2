import pytest

from twoway.core.models import AuditEvent
from twoway.pairs.models import Pair
from twoway.recognition.models import Recognition
from twoway.recognition.services import RecognitionError, recognition_award


def test_a_program_manager_recognises_someone_in_a_pair(published, cast):
    recognition = recognition_award(
        actor=cast.priya,
        program=published.program,
        person=published.sterling,
        title="  Taught   the board to negotiate ",
        note="For the workshop.",
    )

    assert recognition.kind == Recognition.Kind.AWARD
    assert recognition.title == "Taught the board to negotiate"
    assert recognition.awarded_by == cast.priya
    assert recognition.pair == Pair.objects.get(mentee=published.sterling)
    assert recognition.side == "mentee"
    event = AuditEvent.objects.get(action="recognition.award")
    assert event.subject_id == str(recognition.uuid) and event.actor == cast.priya


def test_an_administrator_may_award_too(published, cast):
    recognition_award(
        actor=cast.ada, program=published.program, person=published.juno, title="Star"
    )
    assert Recognition.objects.filter(person=published.juno).count() == 1


@pytest.mark.parametrize("who", ["juno", "sterling", "sol", "otto"])
def test_refused_for_anyone_who_does_not_manage_the_program(published, cast, who):
    with pytest.raises(RecognitionError, match="Only a manager of Reverse pilot"):
        recognition_award(
            actor=getattr(cast, who), program=published.program, person=published.juno, title="Hi!"
        )
    assert not Recognition.objects.exists()


def test_refused_for_a_manager_of_another_program(published, morgan):
    with pytest.raises(RecognitionError, match="Only a manager"):
        recognition_award(
            actor=morgan, program=published.program, person=published.juno, title="Star"
        )
    assert not Recognition.objects.exists()


def test_refused_for_someone_not_in_a_pair_of_the_program(published, cast):
    with pytest.raises(RecognitionError, match="Sol Bernstein is not in a pair of Reverse pilot"):
        recognition_award(
            actor=cast.priya, program=published.program, person=cast.sol.person, title="Star"
        )
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("title", ["", "ab", "   a     ", "x" * 121])
def test_refuses_a_title_too_short_or_too_long(published, cast, title):
    with pytest.raises(RecognitionError, match="between 3 and 120"):
        recognition_award(
            actor=cast.priya, program=published.program, person=published.juno, title=title
        )
    assert not Recognition.objects.exists()


def test_a_title_of_120_characters_fits(published, cast):
    recognition = recognition_award(
        actor=cast.priya, program=published.program, person=published.juno, title="x" * 120
    )
    assert len(recognition.title) == 120


def test_refuses_a_note_too_long(published, cast):
    with pytest.raises(RecognitionError, match="at most 1000"):
        recognition_award(
            actor=cast.priya,
            program=published.program,
            person=published.juno,
            title="Star",
            note="n" * 1001,
        )
    assert not Recognition.objects.exists()

import pytest
from django.db import IntegrityError, transaction

from twoway.core.models import AuditEvent
from twoway.pairs.models import Pair
from twoway.recognition.models import Kudos
from twoway.recognition.services import RecognitionError, kudos_give

TAUGHT_ME = Kudos.Category.TAUGHT_ME


def test_a_partner_thanks_the_other(pair, cast):
    kudos = kudos_give(
        actor=cast.sterling, pair=pair, giver=pair.mentee, category=TAUGHT_ME, note=" Great  reels "
    )

    assert (kudos.giver, kudos.receiver) == (pair.mentee, pair.mentor)
    assert kudos.note == "Great reels"
    event = AuditEvent.objects.get(action="kudos.give")
    assert event.subject_id == str(kudos.uuid)
    assert event.after is not None
    assert event.after["category"] == TAUGHT_ME and "note" not in event.after


def test_kudos_go_to_the_partner_never_to_the_giver(pair, cast):
    kudos = kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME)
    assert kudos.receiver == pair.mentee != kudos.giver
    # And the database itself refuses kudos to oneself.
    with pytest.raises(IntegrityError), transaction.atomic():
        Kudos.objects.create(
            pair=pair, giver=pair.mentor, receiver=pair.mentor, category="listened"
        )


def test_refused_for_someone_outside_the_pair(pair, published):
    with pytest.raises(RecognitionError, match="Only the two partners"):
        kudos_give(actor=published.maya.user, pair=pair, giver=published.maya, category=TAUGHT_ME)
    assert not Kudos.objects.exists()


def test_refused_in_someone_elses_name(pair, cast):
    with pytest.raises(RecognitionError, match="in your own name"):
        kudos_give(actor=cast.priya, pair=pair, giver=pair.mentor, category=TAUGHT_ME)
    with pytest.raises(RecognitionError, match="in your own name"):
        kudos_give(actor=cast.sterling, pair=pair, giver=pair.mentor, category=TAUGHT_ME)
    assert not Kudos.objects.exists()


def test_refused_on_a_pair_that_ended_early(pair, cast):
    pair.status = Pair.Status.ENDED
    pair.save()
    with pytest.raises(RecognitionError, match="ended early"):
        kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME)
    assert not Kudos.objects.exists()


def test_allowed_once_the_pair_completed(completed, cast):
    kudos_give(actor=cast.juno, pair=completed, giver=completed.mentor, category=TAUGHT_ME)
    assert Kudos.objects.count() == 1


def test_refuses_an_unknown_category(pair, cast):
    with pytest.raises(RecognitionError, match="Choose one of the kudos categories"):
        kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category="best_ever")
    assert not Kudos.objects.exists()


def test_a_note_may_be_280_characters_not_more(pair, cast):
    with pytest.raises(RecognitionError, match="281 characters long; at most 280"):
        kudos_give(
            actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME, note="n" * 281
        )
    kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME, note="n" * 280)
    assert Kudos.objects.count() == 1


def test_a_double_submit_is_refused_clearly_and_changes_nothing(pair, cast):
    kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME, note="first")

    with pytest.raises(RecognitionError, match="You already thanked Sterling for “Taught me"):
        kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME, note="2nd")

    (kudos,) = Kudos.objects.all()
    assert kudos.note == "first"
    assert AuditEvent.objects.filter(action="kudos.give").count() == 1


def test_the_same_category_counts_once_even_past_the_check(pair, cast):
    # Two submits at once both pass the read; the constraint keeps one.
    Kudos.objects.create(pair=pair, giver=pair.mentor, receiver=pair.mentee, category=TAUGHT_ME)
    with pytest.raises(IntegrityError), transaction.atomic():
        Kudos.objects.create(pair=pair, giver=pair.mentor, receiver=pair.mentee, category=TAUGHT_ME)


def test_another_category_and_the_partners_own_kudos_are_separate(pair, cast):
    kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=TAUGHT_ME)
    kudos_give(actor=cast.juno, pair=pair, giver=pair.mentor, category=Kudos.Category.LISTENED)
    kudos_give(actor=cast.sterling, pair=pair, giver=pair.mentee, category=TAUGHT_ME)
    assert Kudos.objects.count() == 3

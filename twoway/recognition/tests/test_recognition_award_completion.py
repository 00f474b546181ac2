import pytest
from django.core import mail

from twoway.core.models import AuditEvent
from twoway.meetings.models import Meeting
from twoway.meetings.progress import pair_complete_if_done
from twoway.pairs.models import Pair, Reflection
from twoway.programs.models import Program
from twoway.recognition.models import Recognition, side_name
from twoway.recognition.services import RecognitionError, recognition_award_completion
from twoway.recognition.tests.steps import meet


def test_each_side_gets_one_completion_named_for_its_role(completed, cast):
    mentor, mentee = recognition_award_completion(actor=cast.priya, pair=completed)

    assert (mentor.person, mentor.side, mentor.kind) == (
        completed.mentor,
        "mentor",
        Recognition.Kind.COMPLETION,
    )
    assert (mentee.person, mentee.side) == (completed.mentee, "mentee")
    assert mentor.title == "Reverse mentor · Reverse pilot"
    assert mentee.title == "Reverse mentee · Reverse pilot"
    assert {mentor.program, mentee.program} == {completed.program}
    events = AuditEvent.objects.filter(action="recognition.complete")
    assert sorted(events.values_list("subject_id", flat=True)) == sorted(
        [str(mentor.uuid), str(mentee.uuid)]
    )


def test_awarding_twice_still_leaves_one_row_per_side_and_one_mail_each(
    completed, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = recognition_award_completion(actor=None, pair=completed)
    with django_capture_on_commit_callbacks(execute=True):
        second = recognition_award_completion(actor=None, pair=completed)

    assert Recognition.objects.filter(pair=completed).count() == 2
    assert [r.pk for r in first] == [r.pk for r in second]
    assert AuditEvent.objects.filter(action="recognition.complete").count() == 2
    assert len(mail.outbox) == 2


def test_both_sides_are_told_their_certificate_is_ready(
    completed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mentor, mentee = recognition_award_completion(actor=None, pair=completed)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"juno@example.org", "sterling@example.org"}
    juno = by_address["juno@example.org"]
    assert juno.subject == "Your certificate is ready"
    assert f"/recognition/{mentor.uuid}/certificate.pdf" in juno.body
    assert "Sterling Hayes" in juno.body and "reverse mentor" in juno.body
    assert f"/recognition/{mentee.uuid}/certificate.pdf" in by_address["sterling@example.org"].body


def test_the_mails_wait_for_the_commit(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        recognition_award_completion(actor=None, pair=completed)
    # Queued for the commit: a rollback would drop them unsent.
    assert len(callbacks) == 2 and mail.outbox == []


def test_refuses_a_pair_that_has_not_completed(pair):
    with pytest.raises(RecognitionError, match="not completed their pair yet"):
        recognition_award_completion(actor=None, pair=pair)
    assert not Recognition.objects.exists()


def test_completing_a_pair_recognises_both_partners(pair, cast):
    Program.objects.filter(pk=pair.program_id).update(planned_sessions=1)
    pair.refresh_from_db()
    meet(pair, days_ago=3, logs=(pair.mentor, pair.mentee))
    for author in (pair.mentor, pair.mentee):
        Reflection.objects.create(pair=pair, author=author, changed="a lot", differently="more")

    assert pair_complete_if_done(actor=cast.juno, pair=pair)

    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED
    assert sorted(Recognition.objects.filter(pair=pair).values_list("side", flat=True)) == [
        "mentee",
        "mentor",
    ]
    assert Meeting.objects.filter(pair=pair).count() == 1


@pytest.mark.parametrize(
    ("kind", "mentor", "mentee"),
    [
        (Program.Kind.REVERSE, "Reverse mentor", "Reverse mentee"),
        (Program.Kind.TRADITIONAL, "Mentor", "Mentee"),
        (Program.Kind.MUTUAL, "Two-way mentor", "Two-way mentor"),
    ],
)
def test_sides_are_named_for_the_kind_of_program(kind, mentor, mentee):
    program = Program(kind=kind)
    assert (side_name(program, "mentor"), side_name(program, "mentee")) == (mentor, mentee)

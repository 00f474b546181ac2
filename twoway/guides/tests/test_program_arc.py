"""A program's session arc: the default until someone edits it, and the step of
each meeting."""

import pytest
from django.db import transaction

from twoway.guides.arc import DEFAULT_ARC, ArcStep
from twoway.guides.models import ArcSession
from twoway.guides.selectors import arc_step_for, program_arc, program_arcs
from twoway.guides.services import arc_save
from twoway.testing.factories import ProgramFactory
from twoway.testing.queries import queries_in

pytestmark = pytest.mark.django_db


def _title(program, number):
    step = arc_step_for(program, number)
    return step.title if step is not None else None


def test_a_program_without_sessions_follows_the_default_arc(pilot):
    steps = program_arc(pilot.program)
    assert [s.number for s in steps] == [1, 2, 3, 4, 5, 6, 7]
    assert steps[0].title == "Getting to know each other"
    assert steps[-1].title == "Closing session"
    assert all(3 <= len(s.questions) <= 5 and s.agenda for s in steps)
    assert not ArcSession.objects.exists()


def test_the_default_agendas_read_as_one_paragraph():
    assert all("\n" not in step.agenda and "  " not in step.agenda for step in DEFAULT_ARC)


def test_arc_step_for_gives_the_nth_session_and_none_past_the_end(pilot):
    assert _title(pilot.program, 1) == "Getting to know each other"
    assert _title(pilot.program, 3) == "Social media for business"
    assert _title(pilot.program, 7) == "Closing session"
    assert arc_step_for(pilot.program, 8) is None
    assert arc_step_for(pilot.program, 0) is None


def test_an_edited_arc_is_the_programs_own(pilot, cast):
    with transaction.atomic():
        arc_save(
            actor=cast.priya,
            program=pilot.program,
            steps=[ArcStep(0, "Hello", "Meet.", ["Who are you?"]), ArcStep(0, "Bye", "", [])],
        )
    assert program_arc(pilot.program) == [
        ArcStep(1, "Hello", "Meet.", ["Who are you?"]),
        ArcStep(2, "Bye", "", []),
    ]
    assert _title(pilot.program, 2) == "Bye"
    assert arc_step_for(pilot.program, 3) is None


def test_the_arcs_of_many_programs_take_one_query(pilot, cast):
    others = [ProgramFactory(name=f"P{i}", slug=f"p{i}") for i in range(5)]
    with transaction.atomic():
        arc_save(actor=cast.priya, program=others[0], steps=[ArcStep(0, "Only", "", [])])
    programs = [pilot.program, *others]
    assert queries_in(lambda: program_arcs(programs)) == 1
    arcs = program_arcs(programs)
    assert [s.title for s in arcs[others[0].pk]] == ["Only"]
    assert arcs[pilot.program.pk] == list(DEFAULT_ARC)

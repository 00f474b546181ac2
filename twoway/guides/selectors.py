"""Reads of the guides app, scoped to the reader: a program's session arc, its
launch page, and who may see or edit the launch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import Http404

from twoway.core.actors import Actor, RequestUser
from twoway.core.roles import user_manages_program
from twoway.guides.arc import DEFAULT_ARC, ArcStep
from twoway.guides.models import ArcSession, ProgramLaunch, TopicCallAnswer
from twoway.people.access import user_person
from twoway.programs.models import Program

__all__ = [
    "ArcStep",
    "arc_is_default",
    "arc_step_for",
    "launch_can_edit",
    "launch_for",
    "launch_get_for_editor",
    "launch_get_for_user",
    "program_arc",
    "program_arcs",
    "topic_call_answered",
    "topic_call_count",
]


def _step(row: ArcSession) -> ArcStep:
    questions = [line.strip() for line in row.questions.splitlines() if line.strip()]
    return ArcStep(row.number, row.title, row.agenda, questions)


def program_arcs(programs: Iterable[Program]) -> dict[int, list[ArcStep]]:
    """The arc of each program, by program id, in one query however many programs:
    its own sessions, or the default arc when it has none."""
    ids = {program.pk for program in programs}
    own: dict[int, list[ArcStep]] = {}
    for row in ArcSession.objects.filter(program_id__in=ids).order_by("program_id", "number"):
        own.setdefault(row.program_id, []).append(_step(row))
    return {pk: own.get(pk) or list(DEFAULT_ARC) for pk in ids}


def program_arc(program: Program) -> list[ArcStep]:
    """The sessions ``program``'s pairs follow, in order (the default arc until a
    program manager edits it)."""
    return program_arcs([program])[program.pk]


def arc_is_default(program: Program) -> bool:
    return not ArcSession.objects.filter(program=program).exists()


def arc_step_for(program: Program | Sequence[ArcStep], meeting_number: int) -> ArcStep | None:
    """The step of the ``meeting_number``-th meeting (1 is the first).

    Past the end of the arc there is none: the pair has had every session the
    program planned and sets its own agenda (repeating the closing session would
    tell them to say goodbye again). ``program`` may be an arc already read
    (from ``program_arcs``), to ask about many pairs without a query each.
    """
    steps = program_arc(program) if isinstance(program, Program) else program
    if meeting_number < 1 or meeting_number > len(steps):
        return None
    return steps[meeting_number - 1]


# --- the launch page ---------------------------------------------------------------


def launch_can_edit(user: Actor, program: Program) -> bool:
    """The program's managers and its sponsor write and publish its launch page."""
    if user is None or not user.is_authenticated:
        return False
    if program.sponsor_id is not None and program.sponsor_id == user.pk:
        return True
    return user_manages_program(user, program)


def launch_for(program: Program) -> ProgramLaunch | None:
    return ProgramLaunch.objects.filter(program=program).first()


def launch_get_for_user(*, user: RequestUser, slug: str) -> tuple[Program, ProgramLaunch | None]:
    """The program ``slug`` and its launch, for someone who may read it: its
    editors always; once published, anyone with a person record. Http404 otherwise."""
    try:
        program = Program.objects.select_related("sponsor").get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program") from None
    launch = launch_for(program)
    if launch_can_edit(user, program):
        return program, launch
    if launch is None or not launch.is_published or user_person(user) is None:
        raise Http404("No such program")
    return program, launch


def launch_get_for_editor(*, user: RequestUser, slug: str) -> tuple[Program, ProgramLaunch | None]:
    """As ``launch_get_for_user``, for its editors only (Http404 for anyone else)."""
    try:
        program = Program.objects.select_related("sponsor").get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program") from None
    if not launch_can_edit(user, program):
        raise Http404("No such program")
    return program, launch_for(program)


def topic_call_count(program: Program) -> int:
    """How many people answered the program's call for topics."""
    return TopicCallAnswer.objects.filter(program=program).count()


def topic_call_answered(*, program: Program, user: RequestUser) -> bool:
    person = user_person(user)
    return (
        person is not None
        and TopicCallAnswer.objects.filter(program=program, person=person).exists()
    )

"""Reads of the API's program work, as querysets a cursor can page through.

Each one starts from the app's own access helper (``program_get_for_manager``,
``pair_get_for_user``...) and only lifts that app's list into a queryset; the
rules of who may see what stay in the app.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.roles import user_managed_program_ids
from twoway.matching.models import MatchRun
from twoway.meetings.models import Meeting, MeetingLog
from twoway.outcomes.selectors import outcomes_visible
from twoway.pairs.models import Pair
from twoway.pairs.selectors import pair_list_for_user
from twoway.people.access import user_person
from twoway.people.models import ImportUpload
from twoway.programs.models import Enrollment, Program
from twoway.programs.selectors import MANAGER, enrollment_list

NO_ENROLLMENT = "No such enrollment"

# --- enrollments ----------------------------------------------------------------


def enrollment_list_visible(
    *, user: RequestUser, program: Program, relation: str, status: str = ""
) -> QuerySet[Enrollment]:
    """A program's managers: all its enrollments (``enrollment_list``, as on the
    enrollments page). Anybody else who may know the program: their own."""
    rows = enrollment_list(program=program, status=status)
    if relation == MANAGER:
        return rows
    me = user_person(user)
    return rows.filter(person=me) if me is not None else rows.none()


def enrollment_get_visible(
    *, user: RequestUser, program: Program, relation: str, uuid: UUID | str
) -> Enrollment:
    """One enrollment of ``enrollment_list_visible``; 404 for any other."""
    rows = enrollment_list_visible(user=user, program=program, relation=relation)
    return object_or_404(rows, NO_ENROLLMENT, uuid=uuid)


# --- match runs -----------------------------------------------------------------


def match_run_list_all(*, program: Program) -> QuerySet[MatchRun]:
    """Every run of ``program`` (from ``program_get_for_manager``), as the
    matching page lists its latest ones."""
    return MatchRun.objects.filter(program=program).select_related("program")


# --- pairs ----------------------------------------------------------------------


def pair_list_for_program(*, program: Program) -> QuerySet[Pair]:
    """Every pair of ``program`` (from ``program_get_for_manager``), as the
    program's pair health page lists them to its managers."""
    return Pair.objects.filter(program=program).select_related("program", "mentor", "mentee")


def pair_list_mine(*, user: RequestUser) -> QuerySet[Pair]:
    return pair_list_for_user(user=user).select_related("mentor", "mentee")


def managed_ids(*, user: RequestUser) -> frozenset[int] | None:
    """The programs ``user`` manages (None: every program), read once per list."""
    return user_managed_program_ids(user)


# --- meetings -------------------------------------------------------------------


def meeting_list_for_pair(*, pair: Pair) -> QuerySet[Meeting]:
    """The meetings of ``pair`` (from ``pair_get_for_user``)."""
    return Meeting.objects.filter(pair=pair).select_related("pair")


def meeting_logged_sides(*, meetings: list[Meeting]) -> dict[int, list[str]]:
    """Which sides logged each meeting: never a log's words (a manager reads this too)."""
    sides: dict[int, list[str]] = {}
    rows = MeetingLog.objects.filter(meeting__in=meetings).values_list("meeting_id", "side")
    for meeting_id, side in rows:
        sides.setdefault(meeting_id, []).append(side)
    return sides


# --- outcomes -------------------------------------------------------------------


def program_get_for_outcomes(*, user: RequestUser, slug: str) -> Program:
    """The program whose outcomes ``user`` may read (``outcomes_visible``, as on
    the outcome pages); 404 for anybody else."""
    program = object_or_404(Program.objects.select_related("sponsor"), "No such program", slug=slug)
    if not outcomes_visible(user, program):
        raise Http404("No such program")
    return program


# --- people imports -------------------------------------------------------------


def import_upload_reread(*, upload: ImportUpload) -> ImportUpload:
    """The upload as now stored, without its file."""
    return ImportUpload.objects.defer("content").get(pk=upload.pk)

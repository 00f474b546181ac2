"""A program's enrollments: its managers see them all, anybody else their own; a
person joins or leaves through the same services as the join and leave buttons."""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from twoway.api.etags import etag_for, if_match_check
from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS_CHANGE, ERRORS_ONE
from twoway.api.schemas_more import (
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPage,
    enrollment_out,
)
from twoway.api.selectors_more import enrollment_get_visible, enrollment_list_visible
from twoway.people.access import NOT_A_PERSON, user_person
from twoway.programs.models import Enrollment, Program
from twoway.programs.selectors import enrollment_for_person, program_get_for_user
from twoway.programs.services import Topic, enrollment_join, enrollment_withdraw
from twoway.skills.selectors import skill_list

router = Router(tags=["enrollments"])

ORDERING = ("person__name", "person__employee_id", "pk")
UNKNOWN_SKILL = "No active skill of the catalogue has this uuid: {uuid}."


@router.get(
    "/programs/{slug}/enrollments",
    response={200: EnrollmentPage, **ERRORS_ONE},
    summary="A program's enrollments",
)
def enrollments_list(
    request: HttpRequest,
    slug: str,
    status: str = "",
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> EnrollmentPage:
    """The program's managers: every enrollment, by name (``status`` keeps one status).
    Anybody else who may know the program: their own enrollment, if any."""
    program, relation = program_get_for_user(user=request.user, slug=slug)
    rows = enrollment_list_visible(
        user=request.user, program=program, relation=relation, status=status
    )
    page = cursor_page(rows, ORDERING, cursor, limit)
    return EnrollmentPage(
        items=[enrollment_out(e, slug=program.slug) for e in page.items],
        next=next_link(request, page),
    )


@router.get(
    "/programs/{slug}/enrollments/{uuid}",
    response={200: EnrollmentOut, **ERRORS_ONE},
    summary="One enrollment",
)
def enrollment_get(
    request: HttpRequest, slug: str, uuid: UUID, response: HttpResponse
) -> EnrollmentOut:
    """An enrollment you may see (yours, or any of a program you manage), with its ``ETag``."""
    program, relation = program_get_for_user(user=request.user, slug=slug)
    enrollment = enrollment_get_visible(
        user=request.user, program=program, relation=relation, uuid=uuid
    )
    response["ETag"] = etag_for(enrollment)
    return enrollment_out(enrollment, slug=program.slug)


def _topics(request: HttpRequest, payload: EnrollmentIn) -> list[Topic]:
    wanted = [("teach", t) for t in payload.teach] + [("learn", t) for t in payload.learn]
    skills = {
        s.uuid: s
        for s in skill_list(user=request.user).filter(uuid__in=[t.skill for _, t in wanted])
    }
    missing = [str(t.skill) for _, t in wanted if t.skill not in skills]
    if missing:
        raise ValidationError({"topics": UNKNOWN_SKILL.format(uuid=missing[0])})
    return [Topic(skills[t.skill], direction, t.level) for direction, t in wanted]


@router.post(
    "/programs/{slug}/enrollments",
    response={200: EnrollmentOut, **ERRORS_CHANGE},
    summary="Join a program, or change your enrollment",
)
def enrollment_join_mine(
    request: HttpRequest, slug: str, payload: EnrollmentIn, response: HttpResponse
) -> EnrollmentOut:
    """You join the program (or change what you gave), as on its join page: only
    while it is enrolling, and only on a side its rules admit you to. With line-manager
    approval on, your status is ``pending_approval`` until they decide. To change an
    enrollment you read, send its ``ETag`` in ``If-Match``."""
    program, _ = program_get_for_user(user=request.user, slug=slug)
    person = user_person(request.user)
    if person is None:
        raise PermissionDenied(NOT_A_PERSON)
    topics = _topics(request, payload)
    with transaction.atomic():
        # Locked while compared, so no change slips in between the check and the save;
        # the program first, in the order the join service locks them.
        Program.objects.select_for_update().get(pk=program.pk)
        mine = enrollment_for_person(program=program, person=person)
        if mine is not None:
            if_match_check(request, Enrollment.objects.select_for_update().get(pk=mine.pk))
        enrollment = enrollment_join(
            actor=request.user,
            program=program,
            person=person,
            role=payload.role,
            topics=topics,
            capacity=payload.capacity,
            availability=payload.availability,
            formats=payload.formats,
            goal=payload.goal,
        )
    enrollment = enrollment_get_visible(
        user=request.user, program=program, relation="", uuid=enrollment.uuid
    )
    response["ETag"] = etag_for(enrollment)
    return enrollment_out(enrollment, slug=program.slug)


@router.delete(
    "/programs/{slug}/enrollments/{uuid}",
    response={200: EnrollmentOut, **ERRORS_CHANGE},
    summary="Leave a program",
)
def enrollment_leave(
    request: HttpRequest, slug: str, uuid: UUID, response: HttpResponse
) -> EnrollmentOut:
    """You leave the program (or turn down its invitation), or a manager takes
    someone out of it, as the leave button does: only before its pairs are published.
    The enrollment stays, with status ``withdrawn``; leaving twice changes nothing."""
    program, relation = program_get_for_user(user=request.user, slug=slug)
    with transaction.atomic():
        enrollment = enrollment_get_visible(
            user=request.user, program=program, relation=relation, uuid=uuid
        )
        if_match_check(request, Enrollment.objects.select_for_update().get(pk=enrollment.pk))
        enrollment_withdraw(actor=request.user, enrollment=enrollment)
    enrollment = enrollment_get_visible(
        user=request.user, program=program, relation=relation, uuid=uuid
    )
    response["ETag"] = etag_for(enrollment)
    return enrollment_out(enrollment, slug=program.slug)

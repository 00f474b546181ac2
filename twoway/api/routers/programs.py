"""Programs the caller may know, and a manager's changes to one."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from twoway.api.etags import etag_for, if_match_check
from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import (
    ERRORS,
    ERRORS_CHANGE,
    ERRORS_ONE,
    ProgramOut,
    ProgramPage,
    ProgramPatch,
    program_out,
)
from twoway.api.selectors import (
    managed_program_ids,
    program_list_visible,
    program_relation_fast,
)
from twoway.programs.models import Program
from twoway.programs.selectors import program_get_for_user
from twoway.programs.services import program_update

router = Router(tags=["programs"])

ORDERING = ("-created_at", "-pk")


@router.get("/programs", response={200: ProgramPage, **ERRORS}, summary="Programs you may see")
def programs_list(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> ProgramPage:
    """Programs you run or sponsor, take part in or are invited to, and those open
    for you to join; newest first."""
    page = cursor_page(program_list_visible(user=request.user), ORDERING, cursor, limit)
    managed = managed_program_ids(user=request.user)
    items = [
        program_out(
            p, relation=program_relation_fast(user=request.user, program=p, managed=managed)
        )
        for p in page.items
    ]
    return ProgramPage(items=items, next=next_link(request, page))


@router.get("/programs/{slug}", response={200: ProgramOut, **ERRORS_ONE}, summary="One program")
def program_get(request: HttpRequest, slug: str, response: HttpResponse) -> ProgramOut:
    """The program; its ``ETag`` header is what a change sends back in ``If-Match``."""
    program, relation = program_get_for_user(user=request.user, slug=slug)
    response["ETag"] = etag_for(program)
    return program_out(program, relation=relation)


@router.patch(
    "/programs/{slug}", response={200: ProgramOut, **ERRORS_CHANGE}, summary="Change a program"
)
def program_patch(
    request: HttpRequest, slug: str, payload: ProgramPatch, response: HttpResponse
) -> ProgramOut:
    """A manager changes the program's name or purpose. Send the ``ETag`` you read in
    ``If-Match``: if the program changed since, the answer is 412 and nothing changes."""
    with transaction.atomic():
        program, relation = program_get_for_user(user=request.user, slug=slug)
        # Locked while compared, so no change slips in between the check and the save.
        program = Program.objects.select_for_update().get(pk=program.pk)
        if_match_check(request, program)
        fields = payload.model_dump(exclude_unset=True, exclude_none=True)
        program = program_update(actor=request.user, program=program, **fields)
    response["ETag"] = etag_for(program)
    return program_out(program, relation=relation)

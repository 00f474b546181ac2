"""The people the caller may see (the directory's rules: ``people.selectors``)."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router

from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS, ERRORS_ONE, PeoplePage, PersonOut, person_out
from twoway.api.selectors import person_list_visible
from twoway.people.access import user_person
from twoway.people.selectors import person_get_for_user

router = Router(tags=["people"])

ORDERING = ("name", "employee_id", "pk")


@router.get("/people", response={200: PeoplePage, **ERRORS}, summary="People you may see")
def people_list(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> PeoplePage:
    """Program managers and administrators: everyone current, with their HR fields.
    Anyone else: their own record (name, job title, department, and their HR fields)."""
    people, hr = person_list_visible(user=request.user)
    page = cursor_page(people, ORDERING, cursor, limit)
    me = user_person(request.user)
    return PeoplePage(
        items=[person_out(p, hr=hr or (me is not None and me.pk == p.pk)) for p in page.items],
        next=next_link(request, page),
    )


@router.get("/people/{uuid}", response={200: PersonOut, **ERRORS_ONE}, summary="One person")
def person_get(request: HttpRequest, uuid: UUID) -> PersonOut:
    """404 for anyone you may not see (everyone but you, unless you browse the directory)."""
    person = person_get_for_user(user=request.user, uuid=uuid)
    return person_out(person, hr=True)

"""Pairs: your own, and those of the programs you manage (``pairs.selectors``).
A manager sees who is paired, the pair's state and why it looks at risk; the
pair's own words (agreement, reflections, notes) stay on its members' pages."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router

from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS_ONE
from twoway.api.schemas_more import PairOut, PairPage, pair_out
from twoway.api.selectors_more import managed_ids, pair_list_for_program, pair_list_mine
from twoway.pairs.models import Pair
from twoway.pairs.selectors import pair_get_for_user
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.selectors import program_get_for_manager

router = Router(tags=["pairs"])

ORDERING = ("-created_at", "-pk")


def _out(pair: Pair, me: Person | None, managed: frozenset[int] | None) -> PairOut:
    manager = managed is None or pair.program_id in managed
    return pair_out(pair, my_side=pair.side_of(me), manager=manager)


@router.get("/pairs", response={200: PairPage, **ERRORS_ONE}, summary="Pairs you may see")
def pairs_list(
    request: HttpRequest,
    program: str = Query("", description="A program's slug: its pairs, for its managers."),
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> PairPage:
    """Your own pairs in every program, newest first. With ``program``, a program you
    manage: every pair of it (404 for a program you do not manage)."""
    if program:
        pairs = pair_list_for_program(
            program=program_get_for_manager(user=request.user, slug=program)
        )
    else:
        pairs = pair_list_mine(user=request.user)
    page = cursor_page(pairs, ORDERING, cursor, limit)
    me, managed = user_person(request.user), managed_ids(user=request.user)
    return PairPage(items=[_out(p, me, managed) for p in page.items], next=next_link(request, page))


@router.get("/pairs/{uuid}", response={200: PairOut, **ERRORS_ONE}, summary="One pair")
def pair_get(request: HttpRequest, uuid: UUID) -> PairOut:
    """A pair you are in, or one of a program you manage; 404 for any other."""
    pair = pair_get_for_user(user=request.user, uuid=uuid)
    return _out(pair, user_person(request.user), managed_ids(user=request.user))

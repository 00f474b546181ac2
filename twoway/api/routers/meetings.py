"""A pair's meetings (``meetings.selectors``, ``meetings.services``): its two
members plan them; its program's managers see dates, states and whether each
side logged, never where they meet or what they wrote."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status

from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS_CHANGE, ERRORS_ONE
from twoway.api.schemas_more import MeetingIn, MeetingOut, MeetingPage, meeting_out
from twoway.api.selectors_more import meeting_list_for_pair, meeting_logged_sides
from twoway.meetings.services import meeting_schedule
from twoway.pairs.selectors import pair_get_for_partner, pair_get_for_user
from twoway.people.access import user_person

router = Router(tags=["meetings"])

ORDERING = ("starts_at", "pk")


@router.get(
    "/pairs/{uuid}/meetings",
    response={200: MeetingPage, **ERRORS_ONE},
    summary="A pair's meetings",
)
def meetings_list(
    request: HttpRequest,
    uuid: UUID,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> MeetingPage:
    """The pair's meetings, earliest first, cancelled ones included. Its members
    also see where they meet (``place``, ``video_url``); its program's managers do not."""
    pair = pair_get_for_user(user=request.user, uuid=uuid)
    partner = bool(pair.side_of(user_person(request.user)))
    page = cursor_page(meeting_list_for_pair(pair=pair), ORDERING, cursor, limit)
    sides = meeting_logged_sides(meetings=page.items)
    return MeetingPage(
        items=[meeting_out(m, sides=sides.get(m.pk, []), partner=partner) for m in page.items],
        next=next_link(request, page),
    )


@router.post(
    "/pairs/{uuid}/meetings",
    response={201: list[MeetingOut], **ERRORS_CHANGE},
    summary="Plan a meeting",
)
def meeting_plan(
    request: HttpRequest, uuid: UUID, payload: MeetingIn, response: HttpResponse
) -> Status[list[MeetingOut]]:
    """A member of the pair plans a meeting, or a series of ``repeat`` meetings at
    the program's cadence, at the same local time; both get the invite by e-mail.
    Only while the pair runs, and not in the past. 404 for anyone outside the pair."""
    pair, person, _ = pair_get_for_partner(user=request.user, uuid=uuid)
    meetings = meeting_schedule(
        actor=request.user, pair=pair, person=person, **payload.model_dump()
    )
    response["Location"] = request.build_absolute_uri(
        reverse("api:meetings_list", kwargs={"uuid": pair.uuid})
    )
    return Status(201, [meeting_out(m, sides=[], partner=True) for m in meetings])

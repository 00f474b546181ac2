"""The caller's upcoming events (``events.selectors.event_list_upcoming``)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS, EventPage, event_out
from twoway.events.selectors import event_list_upcoming

router = Router(tags=["events"])

ORDERING = ("starts_at", "pk")


@router.get("/events", response={200: EventPage, **ERRORS}, summary="Your upcoming events")
def events_list(
    request: HttpRequest,
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> EventPage:
    """Events still to start that are open to you or that you organise, soonest first."""
    events = event_list_upcoming(user=request.user, now=timezone.now())
    page = cursor_page(events, ORDERING, cursor, limit)
    return EventPage(items=[event_out(e) for e in page.items], next=next_link(request, page))

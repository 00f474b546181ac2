"""Pages about events: the list of what is coming up (socials and circle
sessions), creating and changing an event, answering it, the organiser's
attendee list, cancelling, the calendar file, and a seated event's tables."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from twoway.core.forms import form_add_service_errors
from twoway.core.pagination import paginate
from twoway.events import selectors, services
from twoway.events.access import user_may_create_events
from twoway.events.forms import EventForm, RsvpForm
from twoway.events.ics import event_ics as event_ics_bytes
from twoway.events.models import Event, Rsvp
from twoway.events.table_pdf import table_plan_pdf
from twoway.meetings.forms import default_time_zone
from twoway.people.access import user_person

NOT_ORGANISER = "No such event, or it is not open to you."


def _organised(request: HttpRequest, uuid: str) -> Event:
    """The event, for its organisers; anyone else does not know it exists."""
    event, organiser = selectors.event_get_for_user(user=request.user, uuid=uuid)
    if not organiser:
        raise Http404(NOT_ORGANISER)
    return event


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    person = user_person(request.user)
    events = selectors.event_list_upcoming(user=request.user, now=now)
    context: dict[str, Any] = {
        **paginate(request, events),
        "person": person,
        "sessions": selectors.circle_sessions_upcoming(person=person, now=now),
        "can_create": user_may_create_events(request.user),
    }
    return render(request, "events/event_list.html", context)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not user_may_create_events(request.user):
        raise PermissionDenied("Program managers and administrators create events.")
    initial = {"time_zone": default_time_zone(user_person(request.user))}
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Event created. Its audience sees it under Events.")
            return redirect("events:detail", uuid=event.uuid)
    status = 400 if form.errors else 200
    return render(request, "events/event_form.html", {"form": form}, status=status)


@login_required
def event_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    if event.is_cancelled:
        messages.error(request, "This event is cancelled; it can no longer change.")
        return redirect("events:detail", uuid=event.uuid)
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user, event=event)
        if form.is_valid():
            try:
                services.event_update(actor=request.user, event=event, **form.service_arguments())
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, "Event saved.")
                return redirect("events:detail", uuid=event.uuid)
    else:
        form = EventForm.for_event(event, user=request.user)
    status = 400 if form.errors else 200
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=status)


@login_required
def event_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    event, organiser = selectors.event_get_for_user(user=request.user, uuid=uuid)
    person = user_person(request.user)
    rsvp = selectors.rsvp_for(event=event, person=person)
    in_audience = person is not None and (
        not organiser or selectors.person_in_audience(event=event, person=person)
    )
    context = {
        "event": event,
        "organiser": organiser,
        "counts": selectors.event_counts(event=event),
        "rsvp": rsvp,
        "position": selectors.waiting_position(rsvp=rsvp),
        "person_in_audience": in_audience,
        "can_answer": in_audience and not event.is_cancelled and event.starts_at > timezone.now(),
        "answers": Rsvp.Answer.choices,
        "my_table": selectors.my_table(event=event, person=person) if event.seated else None,
        "has_plan": organiser and event.seated and hasattr(event, "table_plan"),
    }
    return render(request, "events/event_detail.html", context)


@require_POST
@login_required
def event_rsvp(request: HttpRequest, uuid: str) -> HttpResponse:
    event, _organiser = selectors.event_get_for_user(user=request.user, uuid=uuid)
    person = user_person(request.user)
    form = RsvpForm(request.POST)
    if person is None or not form.is_valid():
        messages.error(request, "Answer yes, maybe or no.")
        return redirect("events:detail", uuid=event.uuid)
    try:
        rsvp = services.rsvp_answer(
            actor=request.user, event=event, person=person, answer=form.cleaned_data["answer"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if rsvp.is_waiting:
            messages.success(request, "The event is full: you are on the waiting list.")
        else:
            messages.success(request, f"Your answer is saved: {rsvp.get_answer_display().lower()}.")
    return redirect("events:detail", uuid=event.uuid)


@login_required
def event_attendees(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    context = {
        "event": event,
        "counts": selectors.event_counts(event=event),
        "attendees": selectors.event_attendees(event=event),
    }
    return render(request, "events/event_attendees.html", context)


@login_required
def event_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    if request.method == "POST":
        services.event_cancel(actor=request.user, event=event)
        messages.success(request, "Event cancelled. Everyone who said yes or maybe is told.")
        return redirect("events:detail", uuid=event.uuid)
    context = {"event": event, "counts": selectors.event_counts(event=event)}
    return render(request, "events/event_cancel.html", context)


@login_required
def event_ics(request: HttpRequest, uuid: str) -> HttpResponse:
    event, _organiser = selectors.event_get_for_user(user=request.user, uuid=uuid)
    response = HttpResponse(event_ics_bytes(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


# --- table plans ----------------------------------------------------------------------


@login_required
def table_plan(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    if not event.seated:
        raise Http404("This event is not seated.")
    context = {
        "event": event,
        "view": selectors.table_plan_get(event=event),
        "counts": selectors.event_counts(event=event),
    }
    return render(request, "events/table_plan.html", context)


@require_POST
@login_required
def table_plan_propose(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    try:
        plan = services.table_plan_propose(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        unplaced = plan.seats.filter(table__isnull=True).count()
        text = f"Table plan proposed: {plan.tables} table{'s' if plan.tables != 1 else ''}."
        if unplaced:
            text += f" {unplaced} could not be seated away from their line manager."
        messages.success(request, text)
    return redirect("events:tables", uuid=event.uuid)


@login_required
def table_plan_download(request: HttpRequest, uuid: str) -> HttpResponse:
    event = _organised(request, uuid)
    view = selectors.table_plan_get(event=event)
    if view is None:
        raise Http404("This event has no table plan yet.")
    response = HttpResponse(table_plan_pdf(event, view), content_type="application/pdf")
    name = f"tables-{slugify(event.title) or 'event'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

"""Pages about meetings: plan one or a series, one meeting with its invite,
moving or cancelling it, each side's log; and the program's health board,
where managers see which pairs meet and which need them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from twoway.core.forms import form_add_service_errors
from twoway.core.pagination import paginate
from twoway.meetings import selectors, services
from twoway.meetings.chart import LABELS, status_chart_description, status_chart_svg
from twoway.meetings.forms import (
    CancelForm,
    LogForm,
    MeetingForm,
    RescheduleForm,
    default_time_zone,
)
from twoway.meetings.history import STATUSES
from twoway.meetings.ics import meeting_ics as meeting_ics_bytes
from twoway.meetings.models import Meeting
from twoway.pairs.selectors import checkin_answers, pair_get_for_partner
from twoway.people.access import user_person
from twoway.programs.selectors import program_get_for_manager

CHART_TITLE = "Pairs by status, week by week"


@login_required
def meeting_schedule(request: HttpRequest, uuid: str) -> HttpResponse:
    pair, person, _side = pair_get_for_partner(user=request.user, uuid=uuid)
    initial = {
        "time_zone": default_time_zone(person),
        "duration_minutes": pair.program.session_minutes,
    }
    form = MeetingForm(request.POST or None, program=pair.program, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings = services.meeting_schedule(
                actor=request.user, pair=pair, person=person, **form.service_arguments()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            count = len(meetings)
            planned = f"Planned {count} meetings." if count > 1 else "Meeting planned."
            partner = pair.partner_of(person).name
            messages.success(request, f"{planned} {partner} gets the invite by e-mail.")
            return redirect("meetings:detail", uuid=meetings[0].uuid)
    context = {"form": form, "pair": pair, "partner": pair.partner_of(person)}
    status = 400 if form.errors else 200
    return render(request, "meetings/meeting_form.html", context, status=status)


def _detail(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    """The meeting's page; ``bound`` holds a posted form to show with its errors."""
    if bound:  # after a refused change: show the meeting as it now stands
        meeting = selectors.meeting_get_for_user(user=request.user, uuid=meeting.uuid)
    person = user_person(request.user)
    view = selectors.meeting_view(meeting=meeting, person=person, now=timezone.now())
    context: dict[str, Any] = {"view": view, "meeting": meeting, "pair": meeting.pair}
    # A refused change whose form the page no longer shows (the meeting was
    # cancelled meanwhile, say) still says why, above everything.
    shown = {
        "reschedule_form": view.can_reschedule,
        "cancel_form": view.can_cancel,
        "log_form": view.can_log or view.can_edit_log,
    }
    context["refusals"] = [
        error
        for name, form in bound.items()
        if not shown[name]
        for error in form.non_field_errors()
        or [e for errors in form.errors.values() for e in errors]
    ]
    if view.side:
        context["reschedule_form"] = bound.get("reschedule_form") or RescheduleForm.for_meeting(
            meeting
        )
        context["cancel_form"] = bound.get("cancel_form") or CancelForm(prefix="cancel")
        mine = view.row.mine
        context["log_form"] = bound.get("log_form") or (
            LogForm.for_log(mine, goals=view.goals, prefix="log")
            if mine
            else LogForm(goals=view.goals, prefix="log")
        )
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, uuid=uuid)
    return _detail(request, meeting)


@login_required
def meeting_ics(request: HttpRequest, uuid: str) -> HttpResponse:
    """The invite, for the two partners alone: it carries the place, the video
    link and why the meeting was cancelled, none of which reach the managers."""
    meeting, _person, _side = selectors.meeting_get_for_partner(user=request.user, uuid=uuid)
    response = HttpResponse(meeting_ics_bytes(meeting), content_type="text/calendar; charset=utf-8")
    name = f"meeting-{meeting.starts_at:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _done(request: HttpRequest, meeting: Meeting, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("meetings:detail", uuid=meeting.uuid)


@login_required
@require_POST
def meeting_reschedule(request: HttpRequest, uuid: str) -> HttpResponse:
    meeting, person, _side = selectors.meeting_get_for_partner(user=request.user, uuid=uuid)
    form = RescheduleForm(request.POST, program=meeting.pair.program, prefix="move")
    if form.is_valid():
        try:
            services.meeting_reschedule(
                actor=request.user, meeting=meeting, person=person, **form.service_arguments()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return _done(request, meeting, "Meeting moved. Your partner gets the new invite.")
    return _detail(request, meeting, status=400, reschedule_form=form)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    meeting, person, _side = selectors.meeting_get_for_partner(user=request.user, uuid=uuid)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user,
                meeting=meeting,
                person=person,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return _done(request, meeting, "Meeting cancelled. Your partner is told why.")
    return _detail(request, meeting, status=400, cancel_form=form)


@login_required
@require_POST
def meeting_log(request: HttpRequest, uuid: str) -> HttpResponse:
    """Write one's log of the meeting, or change it while it may still change."""
    meeting, person, _side = selectors.meeting_get_for_partner(user=request.user, uuid=uuid)
    own, goals = selectors.meeting_log_own(meeting=meeting, person=person)
    form = LogForm(request.POST, goals=goals, prefix="log")
    if form.is_valid():
        common = {"actor": request.user, "person": person, **form.service_arguments()}
        try:
            if own is None:
                services.meeting_log_write(meeting=meeting, **common)
            else:
                services.meeting_log_update(log=own, **common)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return _done(request, meeting, "Log saved." if own else "Thank you: log saved.")
    return _detail(request, meeting, status=400, log_form=form)


# --- the health board (program managers) ------------------------------------------


@login_required
def health_board(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    now = timezone.now()
    rows = selectors.health_rows(program=program, now=now)
    weeks = selectors.health_history(rows=rows, now=now)
    description = status_chart_description(weeks)
    context = {
        "program": program,
        "figures": selectors.health_figures(program=program, rows=rows),
        "weeks": weeks,
        "statuses": [(status, LABELS[status]) for status in STATUSES],
        "chart": status_chart_svg(weeks, title=CHART_TITLE, description=description)
        if weeks
        else None,
        "chart_description": description,
        "checkins": checkin_answers(program=program, limit=20),
        **paginate(request, rows, per_page=50),
    }
    return render(request, "meetings/health_board.html", context)

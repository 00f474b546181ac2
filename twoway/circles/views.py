"""Pages of the circles: a program's circles for its managers (form, publish,
plan sessions), a circle's page for its members, and one session with its
log, attendance and invite."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from twoway.circles import selectors, services
from twoway.circles.forms import CancelForm, FormCirclesForm, LogForm, PlanForm
from twoway.circles.ics import session_ics
from twoway.circles.models import Circle, CircleSession
from twoway.core.forms import form_add_service_errors
from twoway.people.access import user_person
from twoway.people.models import time_zone_lookup
from twoway.programs.models import Program
from twoway.programs.selectors import program_get_for_manager


def _circles_program(request: HttpRequest, slug: str) -> Program:
    program = program_get_for_manager(user=request.user, slug=slug)
    if program.kind != Program.Kind.CIRCLES:
        raise Http404("No circles here")
    return program


def _plan_initial(request: HttpRequest, circle: Circle, planned: int) -> dict[str, Any]:
    person = user_person(request.user)
    zone = (person and time_zone_lookup(person.time_zone)) or settings.TIME_ZONE
    return {
        "date": timezone.localdate() + dt.timedelta(days=7),
        "time": dt.time(12, 0),
        "time_zone": circle.time_zone if circle.time_zone != "UTC" else zone,
        "count": max(1, circle.program.planned_sessions - planned),
        "place": circle.place,
    }


def _program_page(
    request: HttpRequest,
    program: Program,
    *,
    form_form: FormCirclesForm | None = None,
    plan_form: tuple[Circle, PlanForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    data = selectors.program_circles(program=program, now=timezone.now())
    for card in data.cards:
        if plan_form is not None and plan_form[0].pk == card.circle.pk:
            card.plan_form = plan_form[1]  # type: ignore[attr-defined]
        else:
            initial = _plan_initial(request, card.circle, card.planned + card.held)
            card.plan_form = PlanForm(  # type: ignore[attr-defined]
                initial=initial, prefix=f"c{card.circle.number}"
            )
    context = {
        "program": program,
        "data": data,
        "form_form": form_form or FormCirclesForm(),
        "can_plan": program.status == Program.Status.ACTIVE,
    }
    return render(request, "circles/program_circles.html", context, status=status)


@login_required
def program_circles(request: HttpRequest, slug: str) -> HttpResponse:
    return _program_page(request, _circles_program(request, slug))


@login_required
@require_POST
def circles_form(request: HttpRequest, slug: str) -> HttpResponse:
    program = _circles_program(request, slug)
    form = FormCirclesForm(request.POST)
    if form.is_valid():
        try:
            formed = services.circles_form(
                actor=request.user,
                program=program,
                size_min=form.cleaned_data["size_min"],
                size_max=form.cleaned_data["size_max"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            text = f"Formed {len(formed.circles)} circles. Nobody is told until you publish them."
            if formed.unplaced:
                text += f" {len(formed.unplaced)} could not be placed: see below."
            messages.success(request, text)
            return redirect("circles:program", slug=program.slug)
    return _program_page(request, program, form_form=form, status=400)


@login_required
@require_POST
def circles_publish(request: HttpRequest, slug: str) -> HttpResponse:
    program = _circles_program(request, slug)
    try:
        services.circles_publish(actor=request.user, program=program)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, "The circles are published: each member now sees theirs.")
    return redirect("circles:program", slug=program.slug)


@login_required
@require_POST
def circle_plan(request: HttpRequest, uuid: str) -> HttpResponse:
    access = selectors.circle_get_for_user(user=request.user, uuid=uuid)
    circle = access.circle
    if not access.is_manager:
        raise Http404("No such circle")
    form = PlanForm(request.POST, prefix=f"c{circle.number}")
    if form.is_valid():
        try:
            sessions = services.circle_sessions_plan(
                actor=request.user, circle=circle, **form.service_arguments()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            count = len(sessions)
            messages.success(
                request,
                f"Planned {count} session{'s' if count != 1 else ''} of {circle.name}. "
                "Every member gets the invites by e-mail.",
            )
            return redirect("circles:program", slug=circle.program.slug)
    return _program_page(request, circle.program, plan_form=(circle, form), status=400)


# --- a circle and its sessions ---------------------------------------------------------------


@login_required
def circle_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    access = selectors.circle_get_for_user(user=request.user, uuid=uuid)
    page = selectors.circle_page(circle=access.circle, now=timezone.now())
    context = {
        "circle": access.circle,
        "program": access.circle.program,
        "page": page,
        "is_member": access.is_member,
        "is_manager": access.is_manager,
        "me": access.person,
    }
    return render(request, "circles/circle_detail.html", context)


def _session_page(
    request: HttpRequest,
    uuid: str,
    *,
    log_form: LogForm | None = None,
    cancel_form: CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    access = selectors.session_get_for_user(user=request.user, uuid=uuid)
    session = access.session
    now = timezone.now()
    members = selectors.circle_members(circle=session.circle)
    started = session.starts_at <= now
    can_log = access.is_member and started and session.status == CircleSession.Status.PLANNED
    can_cancel = not started and session.status == CircleSession.Status.PLANNED
    context = {
        "session": session,
        "circle": session.circle,
        "program": session.circle.program,
        "members": members,
        "attendance": list(session.attendance.select_related("person").order_by("person__name")),
        "is_member": access.is_member,
        "is_manager": access.is_manager,
        "started": started,
        "can_log": can_log,
        "can_cancel": can_cancel,
        "when": selectors.session_span(session),
        "arc_step": selectors.session_arc_step(session) if access.is_member else None,
        "log_form": log_form or (LogForm(members=members) if can_log else None),
        "cancel_form": cancel_form or (CancelForm() if can_cancel else None),
    }
    return render(request, "circles/session_detail.html", context, status=status)


@login_required
def session_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return _session_page(request, uuid)


@login_required
@require_POST
def session_log(request: HttpRequest, uuid: str) -> HttpResponse:
    access = selectors.session_get_for_user(user=request.user, uuid=uuid)
    if not access.is_member:
        raise Http404("No such session")
    members = selectors.circle_members(circle=access.session.circle)
    form = LogForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.circle_session_log(
                actor=request.user,
                session=access.session,
                log=form.cleaned_data["log"],
                attended_ids=form.attended_ids(),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: the session is logged for the whole circle.")
            return redirect("circles:session", uuid=access.session.uuid)
    return _session_page(request, uuid, log_form=form, status=400)


@login_required
@require_POST
def session_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    access = selectors.session_get_for_user(user=request.user, uuid=uuid)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.circle_session_cancel(
                actor=request.user, session=access.session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Session cancelled. Every member is told why.")
            return redirect("circles:session", uuid=access.session.uuid)
    return _session_page(request, uuid, cancel_form=form, status=400)


@login_required
def session_ics_file(request: HttpRequest, uuid: str) -> HttpResponse:
    """The invite, for the circle's members: it carries the place and the video link."""
    access = selectors.session_get_for_user(user=request.user, uuid=uuid)
    if not access.is_member:
        raise Http404("No such session")
    members = [m.person for m in selectors.circle_members(circle=access.session.circle)]
    response = HttpResponse(
        session_ics(access.session, members), content_type="text/calendar; charset=utf-8"
    )
    name = f"circle-session-{access.session.starts_at:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

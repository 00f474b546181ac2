"""Speak up: filing a confidential report, following it, and the safeguarding
contacts' pages. Every page that shows a report's content records the reading."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twoway.core.forms import form_add_service_errors, form_error_text
from twoway.core.pagination import paginate
from twoway.speakup import selectors, services
from twoway.speakup.forms import FollowUpForm, ReplyForm, ReportForm, StatusForm
from twoway.speakup.models import Report

View = Callable[..., HttpResponse]


def contact_required(view: View) -> View:
    """Safeguarding contacts only, by explicit grant (403 for anyone else)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_safeguarding_contact(request.user):
            raise PermissionDenied("Only the organisation's safeguarding contacts read reports.")
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def report_start(request: HttpRequest) -> HttpResponse:
    """The form to file a report, and the reporter's own named reports."""
    programs = selectors.reporter_programs(user=request.user)
    form = ReportForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.report_file(
                actor=request.user,
                happened=data["happened"],
                wish=data["wish"],
                program=data["program"],
                anonymous=data["anonymous"],
                submission_key=data["key"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            if filed.report.is_anonymous:
                # Shown on this response only: nothing is kept that could show it again
                # to someone else (sending the same form twice shows the same codes).
                return render(request, "speakup/report_filed.html", {"filed": filed})
            messages.success(
                request,
                f"Thank you. Your report {filed.report.reference} was received; a "
                "safeguarding contact will read it and reply here.",
            )
            return redirect("speakup:mine", uuid=filed.report.uuid)
    context = {
        "form": form,
        "mine": selectors.reports_of(user=request.user)[:20],
        "has_contacts": bool(selectors.safeguarding_contacts()),
        "is_contact": selectors.is_safeguarding_contact(request.user),
    }
    return render(request, "speakup/report_start.html", context, status=400 if form.errors else 200)


@login_required
def report_mine(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get_for_reporter(user=request.user, uuid=uuid)
    services.report_view(actor=request.user, report=report)
    return render(request, "speakup/report_reporter.html", {"report": report, "named": True})


@login_required
def report_follow_up(request: HttpRequest) -> HttpResponse:
    """An anonymous reporter reads the status and replies with their codes (POST,
    so that the code stays out of addresses and browser history)."""
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = selectors.report_find_by_code(
            reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
        )
        if report is not None:
            services.report_view(actor=None, report=report, through_code=True)
            return render(
                request, "speakup/report_reporter.html", {"report": report, "named": False}
            )
        form.add_error(None, "No report matches that reference and code. Check both and try again.")
    status = 400 if form.errors else 200
    return render(request, "speakup/report_follow_up.html", {"form": form}, status=status)


# --- the safeguarding contacts ------------------------------------------------------


@contact_required
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    reports = selectors.report_list_for_contact(user=request.user)
    if status in Report.Status.values:
        reports = reports.filter(status=status)
    else:
        status = ""
    context = {"status": status, "statuses": Report.Status.choices, **paginate(request, reports)}
    return render(request, "speakup/report_list.html", context)


def _contact_page(request: HttpRequest, report: Report, **extra: Any) -> HttpResponse:
    services.report_view(actor=request.user, report=report)
    context = {
        "report": report,
        "replies": list(report.replies.select_related("author__person")),
        "next_statuses": [
            (value, Report.Status(value).label) for value in Report.TRANSITIONS[report.status]
        ],
        "reply_form": extra.pop("reply_form", None) or ReplyForm(),
        **extra,
    }
    status = 400 if context["reply_form"].errors else 200
    return render(request, "speakup/report_detail.html", context, status=status)


@contact_required
def report_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get_for_contact(user=request.user, uuid=uuid)
    return _contact_page(request, report)


@require_POST
@contact_required
def report_status(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get_for_contact(user=request.user, uuid=uuid)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
    else:
        try:
            report = services.report_status_set(
                actor=request.user, report=report, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"The report is now “{report.get_status_display()}”.")
    return redirect("speakup:report", uuid=report.uuid)


@require_POST
@contact_required
def report_reply(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get_for_contact(user=request.user, uuid=uuid)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.report_reply(actor=request.user, report=report, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Reply sent. The reporter reads it on their report’s page.")
            return redirect("speakup:report", uuid=report.uuid)
    return _contact_page(request, report, reply_form=form)

"""Where people see the outcomes: a program's page, its downloads and PDF, and the
organisation's list of programs.

Every view renders one report (``selectors.program_outcomes``), computed once per
request; none counts anything itself. A program whose outcomes the user may not
read (``selectors.outcomes_visible``) is a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from twoway.core.access import object_or_404
from twoway.core.models import Role
from twoway.core.roles import MANAGES_SOME_PROGRAM, user_has_role
from twoway.core.small_groups import min_group_size
from twoway.outcomes import text
from twoway.outcomes.charts import report_charts
from twoway.outcomes.exports import export_filename, table_csv, table_xlsx
from twoway.outcomes.forms import as_of_from
from twoway.outcomes.pdf import outcomes_pdf
from twoway.outcomes.report import OutcomeReport
from twoway.outcomes.selectors import (
    outcome_programs,
    outcomes_visible,
    program_outcomes,
    program_outcomes_today,
)
from twoway.outcomes.tables import TABLES, curve_table, report_table, report_tables
from twoway.programs.models import Program

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _program(request: HttpRequest, slug: str) -> Program:
    program = object_or_404(
        Program.objects.select_related("sponsor"), "No such program.", slug=slug
    )
    if not outcomes_visible(request.user, program):
        raise Http404("No such program.")
    return program


def _report(request: HttpRequest, slug: str) -> tuple[Program, OutcomeReport, Any]:
    program = _program(request, slug)
    form, as_of = as_of_from(request.GET)
    return program, program_outcomes(program=program, as_of=as_of), form


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def program_page(request: HttpRequest, slug: str) -> HttpResponse:
    program, report, form = _report(request, slug)
    query = urlencode({"as_of": report.as_of.isoformat()})
    charts = report_charts(report)
    context = {
        "program": program,
        "report": report,
        "form": form,
        "query": query,
        "headline": text.headline(report),
        "charts": {key: chart.svg() for key, chart in charts.items()},
        "descriptions": {key: chart.description for key, chart in charts.items()},
        "tables": report_tables(report),
        "curve": curve_table(report),
        "hazard": text.hazard_sentence(report),
        "text": {
            "suppressed": text.SUPPRESSED_PAGE.format(k=report.k),
            "small": text.CAVEAT_SMALL.format(k=report.k),
            "choice": text.CAVEAT_CHOICE,
            "cannot_say": text.CANNOT_SAY,
            "retention": text.MEANING_RETENTION,
            "comparison": text.MEANING_COMPARISON,
            "hazard": text.MEANING_HAZARD,
            "log_rank": text.MEANING_LOG_RANK,
            "promotions": text.MEANING_PROMOTIONS,
            "sides": text.MEANING_SIDES,
            "learning": text.MEANING_LEARNING,
            "meetings": text.MEANING_MEETINGS,
            "reach": text.MEANING_REACH,
            "surveys": text.MEANING_SURVEYS,
        },
        "meetings_share": text.percent(report.meetings.share) if report.meetings else "",
    }
    return render(request, "outcomes/program.html", context)


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    programs = outcome_programs(request.user)
    if not programs and not user_has_role(
        request.user, Role.SPONSOR, Role.PROGRAM_MANAGER, MANAGES_SOME_PROGRAM
    ):
        raise Http404("No outcomes to show.")
    today = timezone.localdate()
    rows = []
    for program in programs:  # one report per program, each computed once
        report = program_outcomes_today(program=program)
        rows.append(
            {
                "program": program,
                "report": report,
                "ours": text.percent(
                    e.estimate if (e := report.participants.retention.get(12)) else None
                ),
                "theirs": text.percent(
                    e.estimate if (e := report.comparison.retention.get(12)) else None
                ),
                "ratio": text.ratio_words(report.hazard_ratio),
            }
        )
    context = {
        "rows": rows,
        "as_of": today,
        "note": text.ORGANISATION_NOTE,
        "small": text.CAVEAT_SMALL.format(k=min_group_size()),
    }
    return render(request, "outcomes/organisation.html", context)


def _table_or_404(report: OutcomeReport, table: str) -> Any:
    if table not in TABLES:
        raise Http404("No such table.")
    found = report_table(report, table)
    if found is None:
        raise Http404("This report has no such table.")
    return found


@login_required
def export_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    _, report, _ = _report(request, slug)
    found = _table_or_404(report, table)
    return _download(
        table_csv(found), "text/csv; charset=utf-8", export_filename(report, table, "csv")
    )


@login_required
def export_xlsx(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    _, report, _ = _report(request, slug)
    found = _table_or_404(report, table)
    return _download(table_xlsx(found), XLSX, export_filename(report, table, "xlsx"))


@login_required
def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    _, report, _ = _report(request, slug)
    content = outcomes_pdf(report, generated_on=timezone.localdate())
    return _download(content, "application/pdf", export_filename(report, "report", "pdf"))

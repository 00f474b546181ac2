from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twoway.core.access import role_required
from twoway.core.audit_sentences import audit_entries
from twoway.core.models import Role
from twoway.core.pagination import paginate
from twoway.core.selectors import (
    AuditFilters,
    audit_action_choices,
    audit_actor_choices,
    audit_event_list,
    audit_program_choices,
)

AUDIT_PAGE_SIZE = 50


@role_required(Role.ADMINISTRATOR)
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilters.from_query(request.GET)
    events = audit_event_list(user=request.user, filters=filters)
    context = {
        "filters": filters.as_dict(),
        "actions": audit_action_choices(),
        "actors": audit_actor_choices(),
        "programs": audit_program_choices(),
        **paginate(request, events, per_page=AUDIT_PAGE_SIZE),
    }
    context["entries"] = audit_entries(context["page_obj"].object_list)
    return render(request, "core/audit_list.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request, "500.html", {"request_id": getattr(request, "request_id", "")}, status=500
    )

"""Upload pages for the HR import (upload, map columns, preview, apply).

Administrators only. An upload is kept as an ``ImportUpload`` until it is
applied or discarded. The file is checked once, when it is uploaded (and again
when the mapping changes or the administrator asks); the review page shows
that stored check and never reads the file, and applying checks it once more.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from twoway.core.access import role_required
from twoway.core.forms import form_add_service_errors
from twoway.core.models import Role
from twoway.integrations.hr_csv.columns import COLUMNS
from twoway.integrations.hr_csv.limits import MAX_COLUMNS, MAX_ROWS
from twoway.people.import_forms import ImportMappingForm, ImportUploadForm
from twoway.people.importing.report import import_errors_text
from twoway.people.importing.uploads import (
    import_upload_apply,
    import_upload_check,
    import_upload_create,
    import_upload_discard,
    import_upload_map,
)
from twoway.people.models import ImportUpload
from twoway.people.selectors import import_upload_get_for_user, import_upload_list_recent

ERRORS_SHOWN = 1000


@role_required(Role.ADMINISTRATOR)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else None
    if form is not None and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = import_upload_create(
                actor=request.user,
                filename=PurePath(file.name).name,
                content=file.read(),
                mark_leavers=form.cleaned_data["mark_leavers"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            return redirect("people:import_review", uuid=upload.uuid)
    context = {
        "form": form or ImportUploadForm(),
        "columns": COLUMNS,
        "uploads": import_upload_list_recent(user=request.user),
        "max_upload_bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
        "max_people": f"{MAX_ROWS - 1:,}",
        "max_columns": f"{MAX_COLUMNS:,}",
    }
    return render(request, "people/import_upload.html", context)


@role_required(Role.ADMINISTRATOR)
def import_review(request: HttpRequest, uuid: str) -> HttpResponse:
    upload = import_upload_get_for_user(user=request.user, uuid=uuid)
    if request.method == "POST":
        return _review_act(request, upload)
    if upload.is_pending and upload.checked_at is None:
        # Uploaded before checks were stored: check it this once.
        import_upload_check(actor=request.user, upload=upload)
    return render(request, "people/import_review.html", _review_context(upload))


def _review_context(upload: ImportUpload) -> dict[str, object]:
    review = upload.review if upload.is_pending else None
    context: dict[str, object] = {"upload": upload, "report": review}
    if review:
        mapping = review.get("mapping", {})
        context["mapping_rows"] = [(column, mapping.get(column.name, "")) for column in COLUMNS]
        errors = review.get("errors", [])
        context["errors_list"] = errors[:ERRORS_SHOWN]
        context["errors_hidden"] = max(0, review.get("error_count", 0) - ERRORS_SHOWN)
    return context


def _review_act(request: HttpRequest, upload: ImportUpload) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "map":
        form = ImportMappingForm(request.POST)
        if not form.is_valid():
            messages.error(request, "That mapping could not be read; nothing was changed.")
        elif import_upload_map(actor=request.user, upload=upload, mapping=form.mapping()):
            messages.success(request, "Mapping updated; the preview below uses it.")
        else:
            messages.warning(request, "This upload is no longer waiting for review.")
    elif action == "check":
        if import_upload_check(actor=request.user, upload=upload):
            messages.success(request, "Checked again against the people in Twoway now.")
        else:
            messages.warning(request, "This upload is no longer waiting for review.")
    elif action == "apply":
        _apply(request, upload)
    elif action == "discard":
        if import_upload_discard(actor=request.user, upload=upload):
            messages.success(request, "Upload discarded; nothing was imported.")
        else:
            messages.warning(request, "This upload is no longer waiting for review.")
    else:
        return HttpResponseBadRequest("Unknown action.")
    return redirect("people:import_review", uuid=upload.uuid)


def _apply(request: HttpRequest, upload: ImportUpload) -> None:
    report = import_upload_apply(actor=request.user, upload=upload)
    if report is None:
        messages.warning(
            request,
            "This file was already imported or discarded, so it was not imported again.",
        )
    elif report.applied:
        messages.success(request, f"Imported {report.people} people: {report.summary_line()}.")
    else:
        messages.error(
            request,
            f"Nothing was imported: the file now has {len(report.errors)} "
            "errors (listed below). Fix the file and upload it again.",
        )


@role_required(Role.ADMINISTRATOR)
def import_errors(request: HttpRequest, uuid: str) -> HttpResponse:
    """Every error line of an upload as a text file, for long lists."""
    upload = import_upload_get_for_user(user=request.user, uuid=uuid)
    stored = upload.review if upload.is_pending else upload.result
    lines = list(stored.get("errors", []))
    more = stored.get("error_count", len(lines)) - len(lines)
    if more > 0:
        lines.append(f"and {more} more: fix these, upload the file again and check it")
    text = import_errors_text([*lines, stored.get("summary", "")])
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    stem = PurePath(upload.filename).stem or "import"
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-errors.txt")
    return response


@role_required(Role.ADMINISTRATOR)
def import_example(request: HttpRequest) -> HttpResponse:
    """A small file with every column, to start from or to test the import with."""
    response = HttpResponse(
        render_to_string("people/import/example.csv"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="twoway-people-example.csv"'
    return response

"""Pages about pairs: my pairs, the agreement (reading, editing, signing, its PDF), check-ins,
closing reflections and ending; loading a past cohort (its participants and
pairs) for a program's managers. The pair's own page gathers meetings and
recognition too, so it lives above them (``home.views.pair_detail``)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twoway.core.access import role_required
from twoway.core.forms import form_add_service_errors
from twoway.core.roles import PROGRAM_MANAGER_ROLES
from twoway.pairs import cohort_import, selectors, services
from twoway.pairs.agreement_pdf import agreement_pdf as agreement_pdf_bytes
from twoway.pairs.agreement_pdf import agreement_pdf_filename
from twoway.pairs.cohort_import import COLUMNS, EXAMPLE_CSV, CohortReport
from twoway.pairs.forms import (
    AgreementForm,
    CheckinForm,
    CohortUploadForm,
    EndForm,
    ReflectionForm,
    SignForm,
)
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.selectors import program_get_for_manager


def _to_pair(pair: Pair, anchor: str = "") -> HttpResponse:
    url = reverse("home:pair", kwargs={"uuid": pair.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def pair_list(request: HttpRequest) -> HttpResponse:
    pairs = selectors.pair_list_for_user(user=request.user)
    views = [selectors.pair_view(user=request.user, pair=pair) for pair in pairs[:100]]
    return render(request, "pairs/pair_list.html", {"views": views})


def _agreement_context(pair: Pair, person: Person, side: str) -> dict[str, Any]:
    agreement = pair.agreement
    partner_side = Pair.other_side(side)
    versions = selectors.agreement_history(pair=pair)
    return {
        "pair": pair,
        "agreement": agreement,
        "partner": pair.partner_of(person),
        "my_side": side,
        "read": selectors.agreement_read(pair=pair, side=side, content=agreement.content()),
        "i_signed": agreement.signed_by(side),
        "partner_signed": agreement.signed_by(partner_side),
        # The version each side last signed (None: never), current or not.
        "my_signed_version": getattr(agreement, f"{side}_signed"),
        "partner_signed_version": getattr(agreement, f"{partner_side}_signed"),
        "versions": versions,
        "last_signed": versions[0] if versions else None,
        "sign_form": SignForm(initial={"seen_version": agreement.version, "back": "agreement"}),
    }


@login_required
def agreement_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """The agreement to read: the current version, who signed which version, what
    is still to write; editing is a page of its own, the signed text a PDF."""
    pair, person, side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    context = _agreement_context(pair, person, side)
    return render(request, "pairs/agreement_detail.html", context)


@never_cache
@login_required
def agreement_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    """The last version both signed, as a PDF; for the two partners only."""
    pair, _person, _side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    kept = next(iter(selectors.agreement_history(pair=pair)), None)
    if kept is None:
        raise Http404("No signed version yet")
    response = HttpResponse(agreement_pdf_bytes(pair, kept), content_type="application/pdf")
    disposition = content_disposition_header(
        as_attachment=False, filename=agreement_pdf_filename(pair, kept)
    )
    if disposition is not None:  # None only for a file without a name
        response["Content-Disposition"] = disposition
    return response


@login_required
def agreement_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """Both partners edit the whole agreement; a change made on a stale version
    is refused and the text typed is kept on the page, so nothing is lost."""
    pair, person, _side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    agreement = pair.agreement
    initial = agreement.content() | {"seen_version": agreement.version}
    form = AgreementForm(request.POST or None, pair=pair, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                actor=request.user,
                agreement=agreement,
                person=person,
                seen_version=form.cleaned_data["seen_version"],
                changes=form.changes(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
            agreement.refresh_from_db()
        else:
            messages.success(request, "Agreement saved. You both sign it again to agree.")
            return redirect("pairs:agreement", uuid=pair.uuid)
    status = 409 if form.non_field_errors() else 200
    return render(
        request,
        "pairs/agreement_form.html",
        {"pair": pair, "form": form, "agreement": agreement, "current": agreement.content()},
        status=status,
    )


@require_POST
@login_required
def agreement_sign(request: HttpRequest, uuid: str) -> HttpResponse:
    pair, person, _side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The signature did not say which version you read.")
        return _to_pair(pair, "agreement")
    try:
        agreement = services.agreement_sign(
            actor=request.user,
            agreement=pair.agreement,
            person=person,
            seen_version=form.cleaned_data["seen_version"],
        )
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        if agreement.is_signed:
            messages.success(request, "You have both signed: your agreement stands.")
        else:
            messages.success(request, "Signed. Your partner is asked to sign too.")
    if form.cleaned_data["back"] == "agreement":
        return redirect("pairs:agreement", uuid=pair.uuid)
    return _to_pair(pair, "agreement")


@login_required
def pair_end(request: HttpRequest, uuid: str) -> HttpResponse:
    pair, person, _side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_end(
                actor=request.user, pair=pair, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The pair has ended. Thank you for the time you gave.")
            return _to_pair(pair)
    context = {"pair": pair, "form": form, "partner": pair.partner_of(person)}
    return render(request, "pairs/pair_end.html", context)


@require_POST
@login_required
def reflection_write(request: HttpRequest, uuid: str) -> HttpResponse:
    pair, person, _side = selectors.pair_get_for_partner(user=request.user, uuid=uuid)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write both parts of your reflection.")
        return _to_pair(pair, "reflection")
    try:
        services.reflection_write(actor=request.user, pair=pair, person=person, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        pair.refresh_from_db()
        if pair.status == Pair.Status.COMPLETED:
            messages.success(request, "Your pair is complete. Your certificate is ready.")
        else:
            messages.success(request, "Reflection saved.")
    return _to_pair(pair, "reflection")


@login_required
def checkin_answer(request: HttpRequest, uuid: str) -> HttpResponse:
    checkin = selectors.checkin_get_for_person(user=request.user, uuid=uuid)
    form = CheckinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_answer(
                actor=request.user,
                checkin=checkin,
                person=checkin.person,
                quality=form.cleaned_data["quality"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. Your answers went to the program's managers.")
            return _to_pair(checkin.pair)
    return render(request, "pairs/checkin_form.html", {"checkin": checkin, "form": form})


# Error lines shown on the page; the count says how many more there are.
COHORT_ERRORS_SHOWN = 1000


@role_required(*PROGRAM_MANAGER_ROLES)
def participants_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Load a past cohort (its enrollments and pairs) from a file, for the program's
    managers: the form explains the columns; posting it checks the whole file and,
    unless "check only" is ticked and when no row has a problem, saves it."""
    program = program_get_for_manager(user=request.user, slug=slug)
    report: CohortReport | None = None
    if request.method == "POST":
        form = CohortUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            report = cohort_import.participants_import(
                actor=request.user,
                program=program,
                content=file.read(),
                filename=PurePath(file.name).name,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = CohortUploadForm()
    context = {
        "program": program,
        "form": form,
        "report": report,
        "errors_shown": report.errors[:COHORT_ERRORS_SHOWN] if report else [],
        "errors_hidden": max(0, len(report.errors) - COHORT_ERRORS_SHOWN) if report else 0,
        "columns": COLUMNS,
        "example": EXAMPLE_CSV,
        "max_upload_bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
    }
    return render(request, "pairs/participants_import.html", context)

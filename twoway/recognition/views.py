"""Pages about recognition: the certificate, kudos between partners, a program's
recognitions for its managers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twoway.core.access import role_required
from twoway.core.forms import form_error_text
from twoway.core.pagination import paginate
from twoway.core.roles import PROGRAM_MANAGER_ROLES
from twoway.pairs.selectors import pair_get_for_partner
from twoway.programs.selectors import program_get_for_manager
from twoway.recognition import selectors, services
from twoway.recognition.certificate import certificate_filename, certificate_pdf
from twoway.recognition.forms import AwardForm, KudosForm
from twoway.recognition.models import Kudos


@never_cache
@login_required
def recognition_certificate(request: HttpRequest, uuid: str) -> HttpResponse:
    recognition = selectors.certificate_get_for_user(user=request.user, uuid=uuid)
    response = HttpResponse(certificate_pdf(recognition), content_type="application/pdf")
    disposition = content_disposition_header(
        as_attachment=False, filename=certificate_filename(recognition)
    )
    if disposition is not None:  # None only for a file without a name
        response["Content-Disposition"] = disposition
    return response


@require_POST
@login_required
def kudos_give_view(request: HttpRequest, uuid: str) -> HttpResponse:
    pair, me, _side = pair_get_for_partner(user=request.user, uuid=uuid)
    form = KudosForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"No kudos sent — {form_error_text(form)}")
        return redirect("home:pair", uuid=pair.uuid)
    try:
        kudos = services.kudos_give(actor=request.user, pair=pair, giver=me, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = Kudos.Category(kudos.category).label
        messages.success(request, f"Kudos sent to {kudos.receiver.first_name}: “{label}”.")
    return redirect("home:pair", uuid=pair.uuid)


@role_required(*PROGRAM_MANAGER_ROLES)
def program_recognition(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    people = selectors.recognition_award_candidates(program=program)
    form = AwardForm(request.POST or None, people=people)
    if form.is_valid():
        try:
            recognition = services.recognition_award(
                actor=request.user, program=program, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"{recognition.person.name} is recognised: “{recognition.title}”."
            )
            return redirect("recognition:program", slug=program.slug)
    recognitions = selectors.recognition_list_for_program(program=program)
    context = {"program": program, "form": form, **paginate(request, recognitions)}
    return render(request, "recognition/program_recognition.html", context)

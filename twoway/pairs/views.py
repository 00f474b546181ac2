"""Pages about pairs: my pairs; one pair with its agreement, meetings, check-ins,
reflections and ending; the program's health board and re-matching."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from twoway.core.access import object_or_404
from twoway.core.forms import form_add_service_errors
from twoway.core.pagination import paginate
from twoway.core.roles import user_manages_program
from twoway.matching.selectors import suggestion_list
from twoway.meetings.selectors import meetings_panel
from twoway.pairs import selectors, services
from twoway.pairs.forms import AgreementForm, CheckinForm, EndForm, ReflectionForm, SignForm
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.selectors import program_get_for_manager
from twoway.recognition.selectors import recognition_panel


def _to_pair(pair: Pair, anchor: str = "") -> HttpResponse:
    url = reverse("pairs:detail", kwargs={"uuid": pair.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def pair_list(request: HttpRequest) -> HttpResponse:
    pairs = selectors.pair_list_for_user(user=request.user)
    views = [selectors.pair_view(user=request.user, pair=pair) for pair in pairs[:100]]
    return render(request, "pairs/pair_list.html", {"views": views})


@login_required
def pair_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    pair = selectors.pair_get_for_user(user=request.user, uuid=uuid)
    view = selectors.pair_view(user=request.user, pair=pair)
    now = timezone.now()
    agreement = pair.agreement
    context = {
        "view": view,
        "pair": pair,
        "agreement": agreement,
        "meetings": meetings_panel(pair=pair, person=view.me, now=now),
        "recognition": recognition_panel(pair=pair, person=view.me),
        "versions": selectors.agreement_history(pair=pair),
    }
    if view.me is not None:
        context |= {
            "sign_form": SignForm(initial={"seen_version": agreement.version}),
            "i_signed": agreement.signed_by(view.my_side),
            "partner_signed": agreement.signed_by(Pair.other_side(view.my_side)),
            "checkin": selectors.checkin_open_for(pair=pair, person=view.me),
            "reflections": selectors.reflection_list(pair=pair),
            "reflection_form": ReflectionForm(),
        }
        context["my_reflection"] = next(
            (r for r in context["reflections"] if r.author_id == view.me.pk), None
        )
    else:
        context["stayed"] = services.pair_rematch_side(pair)
        context["rematch"] = pair.rematches.select_related("mentor", "mentee").first()
    return render(request, "pairs/pair_detail.html", context)


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
            return _to_pair(pair, "agreement")
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


# --- program managers ------------------------------------------------------------------


@login_required
def health_board(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    now = timezone.now()
    rows = selectors.health_rows(program=program, now=now)
    context = {
        "program": program,
        "figures": selectors.health_figures(program=program, rows=rows),
        "checkins": selectors.checkin_answers(program=program, limit=20),
        **paginate(request, rows, per_page=50),
    }
    return render(request, "pairs/health_board.html", context)


@login_required
def pair_rematch(request: HttpRequest, uuid: str) -> HttpResponse:
    """Re-match the person who stayed in an ended pair, from the engine's suggestions."""
    pair = selectors.pair_get_for_user(user=request.user, uuid=uuid)
    if not user_manages_program(request.user, pair.program):
        raise Http404("No such pair")
    stayed = services.pair_rematch_side(pair)
    if stayed is None:
        messages.error(request, services.REMATCH_ONLY_ENDED)
        return _to_pair(pair)
    person, side = stayed
    if request.method == "POST":
        partner = object_or_404(
            Person.objects.all(), "No such person", uuid=request.POST.get("partner")
        )
        try:
            new = services.pair_rematch(actor=request.user, pair=pair, partner=partner)
        except ValidationError as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, f"{person.name} and {partner.name} are now a pair.")
            return _to_pair(new)
    suggestions = suggestion_list(program=pair.program, person=person, side=side, limit=8)
    return render(
        request,
        "pairs/pair_rematch.html",
        {"pair": pair, "person": person, "side": side, "suggestions": suggestions},
    )

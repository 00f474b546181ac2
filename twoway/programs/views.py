"""Program pages: the managers' (list, settings, rules, invitations, enrollments),
the sponsor's overview, and the participants' (my programs, joining, approvals)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from twoway.core.access import is_htmx, role_required, safe_next
from twoway.core.forms import form_add_service_errors
from twoway.core.models import Role
from twoway.core.pagination import paginate
from twoway.core.roles import PROGRAM_MANAGER_ROLES
from twoway.people.access import person_required, request_person
from twoway.people.models import Person
from twoway.people.selectors import level_labels
from twoway.programs import selectors, services
from twoway.programs.eligibility import (
    RULES_PREFETCH,
    Criteria,
    Preview,
    eligibility_preview,
    person_eligible_sides,
    program_criteria,
)
from twoway.programs.forms import (
    DecisionForm,
    EnrollmentFilterForm,
    EnrollmentForm,
    InviteForm,
    ManagerAddForm,
    ProgramForm,
    ProgramMatchingForm,
    ProgramStartForm,
    RuleForm,
    TransitionForm,
)
from twoway.programs.models import Enrollment, Program, Side
from twoway.programs.presets import PRESETS, preset_get
from twoway.skills.selectors import skill_suggest as skill_suggest_rows

Status = Program.Status
# The status changes a program's page offers, with the words on their buttons.
ACTIONS: dict[str, list[tuple[str, str, str]]] = {
    Status.DRAFT: [(Status.ENROLLING, "Open enrollment", "")],
    Status.ENROLLING: [
        (Status.MATCHING, "Close enrollment and start matching", ""),
        (Status.DRAFT, "Back to draft", "quiet"),
    ],
    Status.MATCHING: [(Status.ENROLLING, "Reopen enrollment", "quiet")],
    Status.ACTIVE: [],
    Status.CLOSED: [],
}


# --- managers: programs ------------------------------------------------------------------


@role_required(*PROGRAM_MANAGER_ROLES, Role.SPONSOR)
def program_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    programs = selectors.program_list_for_user(user=request.user, status=status)
    context = {
        "status": status,
        "statuses": Status.choices,
        "can_create": selectors.program_can_create(request.user),
        **paginate(request, programs),
    }
    return render(request, "programs/program_list.html", context)


def _require_creator(request: HttpRequest) -> None:
    if not selectors.program_can_create(request.user):
        raise PermissionDenied("Only organisation-wide program managers create programs.")


@role_required(*PROGRAM_MANAGER_ROLES)
def program_create(request: HttpRequest) -> HttpResponse:
    """Step 1 of a new program: pick the template it starts from."""
    _require_creator(request)
    return render(request, "programs/program_create.html", {"presets": PRESETS, "step": 1})


@role_required(*PROGRAM_MANAGER_ROLES)
def program_create_details(request: HttpRequest, preset: str) -> HttpResponse:
    """Step 2: name, purpose, sponsor, dates and rhythm; saving creates the draft
    with the template's settings and both sides' rules."""
    _require_creator(request)
    chosen = preset_get(preset)
    if chosen is None:
        raise Http404("No such template")
    initial = {name: chosen.fields[name] for name in ProgramStartForm.RHYTHM}
    form = ProgramStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create_from_preset(
                actor=request.user,
                preset=chosen,
                managers=form.cleaned_data["managers"],
                **form.program_fields(),
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Created “{program.name}” as a draft. Step 3: who may join.")
            return redirect("programs:rules", slug=program.slug)
    context = {"form": form, "preset": chosen, "step": 2}
    return render(request, "programs/program_create_details.html", context)


def _program_settings(
    request: HttpRequest,
    slug: str,
    form_class: type[ProgramForm] | type[ProgramMatchingForm],
    template: str,
    *,
    saved: str,
    **extra: Any,
) -> HttpResponse:
    """A form of some of a program's settings: shown, saved through
    ``program_update``, then back to the program's page."""
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    form = form_class(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_update(
                actor=request.user, program=program, **form.program_fields()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect("home:program", slug=program.slug)
    return render(request, template, {"form": form, "program": program, **extra})


@role_required(*PROGRAM_MANAGER_ROLES)
def program_setup_matching(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: how pairs are matched, in a few questions ("All settings" has the rest)."""
    return _program_settings(
        request,
        slug,
        ProgramMatchingForm,
        "programs/program_setup_matching.html",
        saved="Saved how pairs are matched.",
        step=4,
    )


def program_manager_page(request: HttpRequest, program: Program) -> HttpResponse:
    """The program's page for its managers (``home.views.program_detail`` chooses it)."""
    # The transition checks and the page read the rules: fetch them once.
    prefetch_related_objects([program], RULES_PREFETCH)
    actions = []
    for to, label, style in ACTIONS[program.status]:
        problems = services.program_transition_problems(program, to)
        actions.append({"to": to, "label": label, "style": style, "problems": problems})
    criteria = program_criteria(program)
    context = {
        "program": program,
        "counts": selectors.program_counts(program=program),
        "actions": actions,
        "rules_saved": {side: c is not None for side, c in criteria.items()},
        "managers": selectors.program_managers(program=program),
        "can_choose_managers": selectors.program_can_create(request.user),
        "manager_form": ManagerAddForm(),
        "matching_url": reverse("matching:overview", kwargs={"slug": program.slug}),
        "labels": level_labels(),
    }
    return render(request, "programs/program_detail.html", context)


@role_required(*PROGRAM_MANAGER_ROLES)
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _program_settings(
        request,
        slug,
        ProgramForm,
        "programs/program_form.html",
        saved="Saved the program’s settings.",
    )


@require_POST
@role_required(*PROGRAM_MANAGER_ROLES)
def program_transition(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That is not a program status; nothing changed.")
    elif form.cleaned_data["to"] == Status.ACTIVE:
        messages.error(request, "A program becomes active when its pairs are published.")
    else:
        try:
            program = services.program_transition(
                actor=request.user, program=program, to=form.cleaned_data["to"]
            )
        except ValidationError as exc:
            messages.error(request, "Nothing changed. " + " ".join(exc.messages))
        else:
            messages.success(request, f"{program.name} is now {program.get_status_display()}.")
    return redirect("home:program", slug=program.slug)


@require_POST
@role_required(*PROGRAM_MANAGER_ROLES)
def program_manager_add(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    form = ManagerAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("home:program", slug=program.slug)
    user = form.cleaned_data["email"]
    try:
        services.program_manager_add(actor=request.user, program=program, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{user.email} now manages {program.name}.")
    return redirect("home:program", slug=program.slug)


@require_POST
@role_required(*PROGRAM_MANAGER_ROLES)
def program_manager_remove(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    email = request.POST.get("email", "").strip().lower()
    grant = selectors.program_managers(program=program).filter(user__email=email).first()
    if grant is not None and services.program_manager_remove(
        actor=request.user, program=program, user=grant.user
    ):
        messages.success(request, f"{grant.user.email} no longer manages {program.name}.")
    return redirect("home:program", slug=program.slug)


# --- managers: rules ----------------------------------------------------------------------


def _rule_forms(
    saved: dict[str, Criteria | None], data: QueryDict | None = None, side: str | None = None
) -> dict[str, RuleForm]:
    """Both sides' forms: the one posted gets the data, the other its saved rule."""
    return {
        s: RuleForm(data if s == side else None, criteria=saved[s], prefix=s) for s in Side.values
    }


def _preview_for(form: RuleForm, saved: Criteria | None = None) -> Preview | None:
    """The preview of what the form holds: as typed when sent, else the saved rule."""
    if not form.is_bound:
        return eligibility_preview(saved or Criteria())
    return eligibility_preview(form.criteria()) if form.is_valid() else None


@role_required(*PROGRAM_MANAGER_ROLES)
def program_rules(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    side = request.POST.get("side") if request.method == "POST" else None
    side = side if side in Side.values else None
    saved = program_criteria(program)
    forms_by_side = _rule_forms(saved, request.POST if side else None, side)
    if side and "save" in request.POST and forms_by_side[side].is_valid():
        try:
            services.eligibility_rule_save(
                actor=request.user,
                program=program,
                side=side,
                criteria=forms_by_side[side].criteria(),
            )
        except ValidationError as exc:
            form_add_service_errors(forms_by_side[side], exc)
        else:
            messages.success(request, f"Saved who may join as {Side(side).label.lower()}.")
            return redirect(reverse("programs:rules", kwargs={"slug": program.slug}) + f"#{side}")
    sides = [
        {
            "side": s,
            "label": Side(s).label,
            "form": form,
            "preview": _preview_for(form, saved[s]),
            "saved": saved[s] is not None,
        }
        for s, form in forms_by_side.items()
    ]
    context = {"program": program, "sides": sides, "labels": level_labels()}
    return render(request, "programs/program_rules.html", context)


@require_GET
@role_required(*PROGRAM_MANAGER_ROLES)
def program_rules_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The preview of one side's rule as typed, for htmx to swap in beside the form."""
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    side = request.GET.get("side", "")
    if side not in Side.values:
        side = Side.MENTOR
    form = RuleForm(request.GET, prefix=side)
    context = {"program": program, "side": side, "form": form, "preview": _preview_for(form)}
    return render(request, "programs/_rule_preview.html", context)


# --- managers: invitations and enrollments ------------------------------------------------


@role_required(*PROGRAM_MANAGER_ROLES)
def program_invite(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    form = InviteForm(request.POST if request.method == "POST" else (request.GET or None))
    plan = None
    if form.is_bound and form.is_valid():
        side, department = form.cleaned_data["side"], form.cleaned_data["department"]
        if request.method == "POST":
            try:
                result = services.enrollment_invite(
                    actor=request.user, program=program, side=side, department=department
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("home:program", slug=program.slug)
            messages.success(request, _invite_message(result))
            return redirect("home:program", slug=program.slug)
        plan = selectors.invite_plan(program=program, side=side, department=department)
    context = {"program": program, "form": form, "plan": plan}
    if is_htmx(request):
        return render(request, "programs/_invite_plan.html", context)
    return render(request, "programs/program_invite.html", context)


def _invite_message(result: services.InviteResult) -> str:
    if not result.invited:
        return "Nobody new to invite: everyone eligible is already invited or enrolled."
    text = f"Invited {result.invited} {'person' if result.invited == 1 else 'people'} by e-mail."
    if result.accounts_created:
        text += f" {result.accounts_created} of them got a login with the invitation."
    if result.skipped:
        text += f" {result.skipped} already invited or enrolled were left alone."
    return text


@role_required(*PROGRAM_MANAGER_ROLES)
def enrollment_list(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_manager(user=request.user, slug=slug)
    form = EnrollmentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.enrollment_list(
        program=program,
        status=filters.get("status", ""),
        side=filters.get("side", ""),
        q=filters.get("q", ""),
        department=filters.get("department"),
    )
    context = {
        "program": program,
        "form": form,
        "counts": selectors.program_counts(program=program),
        **paginate(request, rows),
    }
    for enrollment in context["page_obj"].object_list:
        enrollment.line_manager = selectors.enrollment_line_manager(enrollment)
    return render(request, "programs/enrollment_list.html", context)


@require_POST
@login_required
def enrollment_decide(request: HttpRequest, uuid: str) -> HttpResponse:
    enrollment = selectors.enrollment_get_for_decider(user=request.user, uuid=uuid)
    form = DecisionForm(request.POST)
    fallback = reverse("programs:approvals")
    if not form.is_valid():
        messages.error(request, "Choose approve or decline; nothing changed.")
        return redirect(safe_next(request, fallback))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.enrollment_decide(actor=request.user, enrollment=enrollment, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        verb = "Approved" if approve else "Declined"
        messages.success(request, f"{verb}: {enrollment.person.name} in {enrollment.program.name}.")
    return redirect(safe_next(request, fallback))


# --- participants ------------------------------------------------------------------------


@person_required
def program_join(request: HttpRequest, slug: str) -> HttpResponse:
    program, _ = selectors.program_get_for_user(user=request.user, slug=slug)
    person = Person.objects.select_related("department").get(pk=request_person(request).pk)
    enrollment = selectors.enrollment_for_person(program=program, person=person)
    sides = person_eligible_sides(program, person)
    context: dict[str, Any] = {"program": program, "enrollment": enrollment, "sides": sides}
    if program.status != Status.ENROLLING or not sides:
        # Nothing to fill in: the page says why.
        return render(request, "programs/program_join.html", context)
    form = EnrollmentForm(
        request.POST or None, program=program, person=person, sides=sides, enrollment=enrollment
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.enrollment_join(
                actor=request.user, program=program, person=person, **form.service_kwargs()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _join_message(saved, enrollment))
            return redirect("home:my_programs")
    context["form"] = form
    return render(request, "programs/program_join.html", context)


def _join_message(saved: Enrollment, before: Enrollment | None) -> str:
    if before is not None and before.status in (
        Enrollment.Status.ENROLLED,
        Enrollment.Status.PENDING_APPROVAL,
    ):
        return "Saved your changes."
    if saved.status == Enrollment.Status.PENDING_APPROVAL:
        return (
            f"Thank you. Your place in {saved.program.name} now waits for approval; "
            "you will get an e-mail."
        )
    return f"Welcome to {saved.program.name}: you are enrolled as {saved.get_role_display()}."


@require_GET
@login_required
def skill_suggest(request: HttpRequest) -> HttpResponse:
    """Type-ahead for the join form's "add a topic" fields (named after their list)."""
    q = request.GET.get("teach_add") or request.GET.get("learn_add") or request.GET.get("q", "")
    rows = skill_suggest_rows(q=q[:200])
    return render(request, "skills/_suggest_options.html", {"rows": rows})


@require_POST
@person_required
def program_leave(request: HttpRequest, slug: str) -> HttpResponse:
    program, _ = selectors.program_get_for_user(user=request.user, slug=slug)
    enrollment = selectors.enrollment_for_person(program=program, person=request_person(request))
    if enrollment is None:
        messages.info(request, "You are not in this program.")
        return redirect("home:my_programs")
    was_invited = enrollment.status == Enrollment.Status.INVITED
    try:
        services.enrollment_withdraw(actor=request.user, enrollment=enrollment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"You turned down {program.name}."
            if was_invited
            else f"You left {program.name}. You can rejoin while it is enrolling.",
        )
    return redirect("home:my_programs")


@person_required
def approvals(request: HttpRequest) -> HttpResponse:
    rows = selectors.enrollment_awaiting_line_manager(user=request.user)
    return render(request, "programs/approvals.html", {"rows": rows})

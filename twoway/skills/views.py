"""Pages about skills: the catalogue, a person's own skills, who can teach what,
the skills map and the blind-spot self-assessment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from twoway.core.access import is_htmx, role_required, safe_next
from twoway.core.forms import form_error_text
from twoway.core.models import Role
from twoway.core.pagination import paginate
from twoway.people.access import person_required, request_person
from twoway.skills import selectors
from twoway.skills.exports import skill_map_csv
from twoway.skills.forms import (
    DirectoryForm,
    PersonSkillAddForm,
    PersonSkillEditForm,
    SelfAssessmentForm,
    SkillFilterForm,
    SkillForm,
    SkillMapFilterForm,
)
from twoway.skills.models import PersonSkill
from twoway.skills.services import (
    person_skill_add,
    person_skill_remove,
    person_skill_update,
    self_assessment_submit,
    skill_create,
    skill_update,
)


def _call(form: forms.Form, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service; its ValidationError lands on the form (None means it failed)."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


# --- the catalogue -----------------------------------------------------------


@login_required
def skill_catalogue(request: HttpRequest) -> HttpResponse:
    form = SkillFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    skills = selectors.skill_list(
        user=request.user,
        q=filters.get("q", ""),
        category=filters.get("category", ""),
        status=filters.get("status", ""),
    )
    page = paginate(request, skills)
    page["page_obj"].object_list = selectors.skill_counts_attach(page["page_obj"].object_list)
    return render(request, "skills/skill_list.html", {"form": form, **page})


@role_required(Role.ADMINISTRATOR)
def skill_create_view(request: HttpRequest) -> HttpResponse:
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        skill = _call(form, skill_create, actor=request.user, **form.cleaned_data)
        if skill is not None:
            messages.success(request, f"Added “{skill.name}” to the catalogue.")
            return redirect("skills:catalogue")
    return render(request, "skills/skill_edit.html", {"form": form, "skill": None})


@role_required(Role.ADMINISTRATOR)
def skill_edit_view(request: HttpRequest, uuid: str) -> HttpResponse:
    skill = selectors.skill_get(uuid=uuid)
    form = SkillForm.for_skill(skill, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _call(form, skill_update, actor=request.user, skill=skill, **form.cleaned_data)
        if saved is not None:
            messages.success(request, f"Saved “{saved.name}”.")
            return redirect("skills:catalogue")
    return render(request, "skills/skill_edit.html", {"form": form, "skill": skill})


@require_GET
@login_required
def skill_suggest(request: HttpRequest) -> HttpResponse:
    # htmx sends the typing field under its own name ("skill"); ``q`` is the documented one.
    q = request.GET.get("q") or request.GET.get("skill", "")
    rows = selectors.skill_suggest(q=q[:200])
    return render(request, "skills/_suggest_options.html", {"rows": rows})


# --- a person's own skills ---------------------------------------------------


def _back(request: HttpRequest, direction: str) -> HttpResponse:
    """Where a form posted without JavaScript returns: ``next`` if it is one of our
    pages, else the list it changed on the person's profile."""
    return redirect(safe_next(request, reverse("home:me") + f"#{direction}"))


def _section_response(
    request: HttpRequest, direction: str, *, status: str = "", form: forms.Form | None = None
) -> HttpResponse:
    """Answer an edit of the profile skills: with htmx, the part of the page that
    changed; without, a message and a redirect back."""
    errors = form_error_text(form) if form is not None and form.errors else ""
    if not is_htmx(request):
        if errors:
            messages.error(request, f"Nothing was saved. {errors}")
        elif status:
            messages.success(request, status)
        return _back(request, direction)
    if request.POST.get("partial") == "badge":
        return render(request, "skills/_added_badge.html", {"status": status, "error": errors})
    person = request_person(request)
    adding = isinstance(form, PersonSkillAddForm)
    context = {
        "direction": direction,
        "rows": selectors.profile_skills(person=person)[direction],
        "person": person,
        "status": status,
        # An add form's errors show beside its fields, with what was typed kept.
        "add_form": form if adding and errors else None,
        "error": "" if adding else errors,
    }
    return render(request, "skills/_skill_section.html", context)


@require_POST
@person_required
def person_skill_add_view(request: HttpRequest) -> HttpResponse:
    form = PersonSkillAddForm(request.POST)
    direction = request.POST.get("direction", "")
    direction = direction if direction in PersonSkill.Direction.values else "offer"
    status = ""
    if form.is_valid():
        person = request_person(request)
        kwargs = {"actor": request.user, "person": person, **form.cleaned_data}
        if (result := _call(form, person_skill_add, **kwargs)) is not None:
            row, created = result
            status = f"{'Added' if created else 'Updated'} “{row.skill.name}”."
    return _section_response(request, direction, status=status, form=form)


@require_POST
@person_required
def person_skill_update_view(request: HttpRequest, direction: str, uuid: str) -> HttpResponse:
    row = selectors.person_skill_get_for_user(
        user=request.user, direction=direction, skill_uuid=uuid
    )
    form = PersonSkillEditForm(request.POST)
    status = ""
    if form.is_valid() and _call(
        form, person_skill_update, actor=request.user, person_skill=row, **form.cleaned_data
    ):
        status = f"Saved “{row.skill.name}”."
    return _section_response(request, direction, status=status, form=form)


@require_POST
@person_required
def person_skill_remove_view(request: HttpRequest, direction: str, uuid: str) -> HttpResponse:
    row = selectors.person_skill_get_for_user(
        user=request.user, direction=direction, skill_uuid=uuid
    )
    person_skill_remove(actor=request.user, person_skill=row)
    return _section_response(request, direction, status=f"Removed “{row.skill.name}”.")


# --- who can teach me --------------------------------------------------------


@login_required
def skill_directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    search = selectors.DirectorySearch()
    if form.is_valid():
        search = selectors.directory_search(
            user=request.user, text=form.cleaned_data["skill"], **form.filters()
        )
    # The filters in use, for links that pick another skill and keep them.
    keep = {k: v for k, v in request.GET.dict().items() if v and k not in ("skill", "page")}
    context: dict[str, Any] = {"form": form, "search": search, "keep_query": urlencode(keep)}
    if search.providers is not None:
        context |= paginate(request, search.providers, count=search.provider_count)
    elif not search.term:
        context["popular"] = selectors.skill_popular()
    return render(request, "skills/skill_directory.html", context)


# --- skills map --------------------------------------------------------------


@role_required(Role.PROGRAM_MANAGER, Role.SPONSOR)
def skill_map(request: HttpRequest) -> HttpResponse:
    form = SkillMapFilterForm(request.GET or None)
    category = form.cleaned_data["category"] if form.is_valid() else ""
    sort = selectors.skill_map_sort(request.GET.get("sort", ""))
    rows = selectors.skill_map_rows(category=category, sort=sort)
    if request.GET.get("format") == "csv":
        response = HttpResponse(skill_map_csv(rows), content_type="text/csv; charset=utf-8")
        filename = f"skills-map-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "form": form,
        "rows": rows,
        "sort": sort,
        "totals": selectors.skill_map_totals(rows),
        "csv_query": query.urlencode(),
    }
    return render(request, "skills/skill_map.html", context)


# --- blind spots -------------------------------------------------------------


@person_required
def self_assessment_take(request: HttpRequest) -> HttpResponse:
    person = request_person(request)
    latest = selectors.self_assessment_latest(person=person)
    form = SelfAssessmentForm(
        request.POST or None,
        groups=selectors.self_assessment_questions(),
        previous=selectors.self_assessment_ratings(assessment=latest),
    )
    if request.method == "POST" and form.is_valid():
        ratings = form.ratings()
        if _call(form, self_assessment_submit, actor=request.user, person=person, ratings=ratings):
            messages.success(request, "Thank you. Here is what your answers suggest.")
            return redirect("skills:assessment_results")
    return render(request, "skills/self_assessment_take.html", {"form": form, "latest": latest})


@person_required
def self_assessment_results(request: HttpRequest) -> HttpResponse:
    result = selectors.blind_spot_proposals(person=request_person(request))
    if result["assessment"] is None:
        messages.info(request, "Take the self-assessment first: your suggestions appear here.")
        return redirect("skills:assessment")
    context = result | {
        "LOW_RATING": selectors.LOW_RATING,
        "MIN_PROVIDERS": selectors.MIN_PROVIDERS,
        "PROVIDER_LEVEL": selectors.PROVIDER_LEVEL,
    }
    return render(request, "skills/self_assessment_results.html", context)

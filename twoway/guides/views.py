"""The guides pages, a program's session arc editor and its launch page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twoway.core.access import role_required
from twoway.core.forms import form_add_service_errors, form_error_text
from twoway.core.roles import PROGRAM_MANAGER_ROLES
from twoway.guides import selectors, services
from twoway.guides.forms import ArcFormSet, ArcStepForm, LaunchForm, TopicCallForm, arc_steps_from
from twoway.people.access import user_person
from twoway.programs.selectors import program_get_for_manager


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    audience: str  # "mentor", "mentee" or "manager"


GUIDES = (
    Guide(
        "preparing-for-a-session",
        "Preparing for a session",
        "What to do in the days before you meet, so the hour is well spent.",
        "mentor",
    ),
    Guide(
        "leading-a-session",
        "Leading a session with an executive",
        "How to set the pace, teach by doing, and be at ease with someone senior.",
        "mentor",
    ),
    Guide(
        "confidentiality",
        "Confidentiality",
        "What stays between you, what does not, and what to do if you are unsure.",
        "mentor",
    ),
    Guide(
        "cancelled-sessions",
        "When sessions are cancelled",
        "How to keep a pair going when diaries get in the way.",
        "mentor",
    ),
    Guide(
        "being-mentored-by-someone-junior",
        "Being mentored by someone junior",
        "Why it works, and how to make it safe for your mentor to teach you.",
        "mentee",
    ),
    Guide(
        "listening",
        "Listening",
        "Hearing what your mentor means, not only what you expected.",
        "mentee",
    ),
    Guide(
        "giving-back",
        "Giving back",
        "What you can offer your mentor in return, without taking over.",
        "mentee",
    ),
    Guide(
        "launch-checklist",
        "Launch checklist",
        "Everything to have in place before, at and after the launch of a program.",
        "manager",
    ),
)
AUDIENCES = (
    ("mentor", "For junior mentors"),
    ("mentee", "For senior mentees"),
    ("manager", "For program managers"),
)
_BY_SLUG = {guide.slug: guide for guide in GUIDES}


@login_required
def guide_index(request: HttpRequest) -> HttpResponse:
    sections = [
        (key, title, [guide for guide in GUIDES if guide.audience == key])
        for key, title in AUDIENCES
    ]
    return render(request, "guides/guide_index.html", {"sections": sections})


@login_required
def guide_page(request: HttpRequest, slug: str) -> HttpResponse:
    guide = _BY_SLUG.get(slug)
    if guide is None:
        raise Http404("No such guide")
    audience = dict(AUDIENCES)[guide.audience]
    others = [g for g in GUIDES if g.audience == guide.audience and g.slug != slug]
    context = {"guide": guide, "audience": audience, "others": others}
    return render(request, f"guides/pages/{guide.slug}.html", context)


# --- the session arc ---------------------------------------------------------------


@role_required(*PROGRAM_MANAGER_ROLES)
def arc_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """One form per session (title, agenda, questions), a blank one to add a
    session, a box to remove one; saved in the order shown."""
    program = program_get_for_manager(user=request.user, slug=slug)
    steps = selectors.program_arc(program)
    initial = [ArcStepForm.initial_for(step) for step in steps]
    formset = ArcFormSet(request.POST or None, initial=initial, prefix="arc")
    refusals: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.arc_save(actor=request.user, program=program, steps=arc_steps_from(formset))
        except ValidationError as exc:
            refusals = exc.messages
        else:
            messages.success(request, "Saved the session arc. Pairs see it before each meeting.")
            return redirect("guides:arc", slug=program.slug)
    context = {
        "program": program,
        "formset": formset,
        "is_default": selectors.arc_is_default(program),
        "refusals": refusals,
    }
    invalid = refusals or (request.method == "POST" and not formset.is_valid())
    return render(request, "guides/arc_edit.html", context, status=400 if invalid else 200)


@require_POST
@role_required(*PROGRAM_MANAGER_ROLES)
def arc_reset(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    services.arc_reset(actor=request.user, program=program)
    messages.success(request, "The program follows the default arc again.")
    return redirect("guides:arc", slug=program.slug)


# --- the launch page ---------------------------------------------------------------


@login_required
def launch_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The program's announcement: the sponsor's message, what the program is, the
    arc's sessions, and the call for topics (once published)."""
    program, launch = selectors.launch_get_for_user(user=request.user, slug=slug)
    can_edit = selectors.launch_can_edit(request.user, program)
    published = launch is not None and launch.is_published
    context = {
        "program": program,
        "launch": launch,
        "published": published,
        "can_edit": can_edit,
        "arc": selectors.program_arc(program),
        "answers": selectors.topic_call_count(program) if can_edit else None,
        "answered": selectors.topic_call_answered(program=program, user=request.user),
        "has_person": user_person(request.user) is not None,
        "topic_form": TopicCallForm() if published else None,
    }
    return render(request, "guides/launch_detail.html", context)


@login_required
def launch_edit(request: HttpRequest, slug: str) -> HttpResponse:
    program, launch = selectors.launch_get_for_editor(user=request.user, slug=slug)
    initial = {"sponsor_message": launch.sponsor_message if launch else ""}
    form = LaunchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.launch_save(
                actor=request.user,
                program=program,
                sponsor_message=form.cleaned_data["sponsor_message"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Saved the launch page.")
            return redirect("guides:launch", slug=program.slug)
    context = {"program": program, "launch": launch, "form": form}
    return render(request, "guides/launch_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def launch_publish(request: HttpRequest, slug: str) -> HttpResponse:
    program, _ = selectors.launch_get_for_editor(user=request.user, slug=slug)
    try:
        services.launch_publish(actor=request.user, program=program)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Published: everyone in the directory can read it now.")
    return redirect("guides:launch", slug=program.slug)


@require_POST
@login_required
def topic_call_answer(request: HttpRequest, slug: str) -> HttpResponse:
    program, _launch = selectors.launch_get_for_user(user=request.user, slug=slug)
    person = user_person(request.user)
    if person is None:
        raise PermissionDenied("Your login is not linked to a person in the directory.")
    form = TopicCallForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form) + " Nothing was saved.")
        return redirect("guides:launch", slug=program.slug)
    try:
        services.topic_call_answer(
            actor=request.user, program=program, person=person, offers=form.cleaned_data["offers"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Thank you. Your skills are on your profile, so colleagues who want to "
            "learn them can find you in “Who can teach me”.",
        )
    return redirect("guides:launch", slug=program.slug)

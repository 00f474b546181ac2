"""The pages that bring several apps together, so that no app below needs another
above it: each role's home, a person's profile (skills and badges), a program's
page (a participant's pair and next steps after matching) and a pair's page
(its agreement, meetings and recognition)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from twoway.home.selectors import home_context, my_programs_with_next_steps
from twoway.matching.selectors import enrollments_attach_next_steps
from twoway.matching.services.rematch import pair_rematch_side
from twoway.meetings.selectors import meetings_panel
from twoway.pairs import selectors as pair_selectors
from twoway.pairs.forms import ReflectionForm, SignForm
from twoway.pairs.models import Pair
from twoway.people import selectors as people_selectors
from twoway.people.access import person_required, request_person, user_is_person
from twoway.people.models import Person, SelfDescription
from twoway.programs import selectors as program_selectors
from twoway.programs.eligibility import person_eligible_sides
from twoway.programs.models import Program
from twoway.programs.views import program_manager_page, program_sponsor_page
from twoway.recognition.selectors import recognition_list_for_person, recognition_panel
from twoway.skills.selectors import profile_skills
from twoway.surveys.selectors import survey_open_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", home_context(request.user))


# --- people ---------------------------------------------------------------------------


def _profile_context(person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "labels": people_selectors.level_labels(),
        "reports": people_selectors.person_reports(person=person),
        "skills_profile": profile_skills(person=person),
        "badges": recognition_list_for_person(person=person),
    }


@login_required
def person_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    person = people_selectors.person_get_for_user(user=request.user, uuid=uuid)
    if user_is_person(request.user, person):
        return redirect("home:me")
    return render(request, "home/person_detail.html", _profile_context(person))


@person_required
def person_me(request: HttpRequest) -> HttpResponse:
    person = request_person(request)
    context = _profile_context(person)
    context["self_descriptions"] = people_selectors.self_description_map(
        user=request.user, person=person
    )
    context["generations"] = SelfDescription.Generation.choices
    return render(request, "home/person_me.html", context)


# --- programs -------------------------------------------------------------------------


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One address for everyone: managers run the program, a sponsor reads its
    overview, a participant sees where they stand."""
    program, relation = program_selectors.program_get_for_user(user=request.user, slug=slug)
    if relation == program_selectors.MANAGER:
        return program_manager_page(request, program)
    if relation == program_selectors.SPONSOR:
        return program_sponsor_page(request, program)
    person = request_person(request)  # a participant is always a person (program_relation)
    enrollment = program_selectors.enrollment_for_person(program=program, person=person)
    if enrollment is not None:
        # The partner, the preview and the suggestions, as on "My programs".
        enrollments_attach_next_steps(person, [enrollment])
    enrolling = program.status == Program.Status.ENROLLING
    sides = person_eligible_sides(program, person) if enrolling else []
    context = {"program": program, "enrollment": enrollment, "sides": sides}
    return render(request, "home/program_participant.html", context)


@person_required
def my_programs(request: HttpRequest) -> HttpResponse:
    context = {"mine": my_programs_with_next_steps(user=request.user)}
    return render(request, "home/my_programs.html", context)


# --- pairs ----------------------------------------------------------------------------


@login_required
def pair_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    pair = pair_selectors.pair_get_for_user(user=request.user, uuid=uuid)
    view = pair_selectors.pair_view(user=request.user, pair=pair)
    now = timezone.now()
    agreement = pair.agreement
    context: dict[str, Any] = {
        "view": view,
        "pair": pair,
        "agreement": agreement,
        "meetings": meetings_panel(pair=pair, person=view.me, now=now),
        "recognition": recognition_panel(pair=pair, person=view.me),
        "versions": pair_selectors.agreement_history(pair=pair),
    }
    if view.me is not None:
        context |= {
            "sign_form": SignForm(initial={"seen_version": agreement.version}),
            "i_signed": agreement.signed_by(view.my_side),
            "partner_signed": agreement.signed_by(Pair.other_side(view.my_side)),
            "checkin": pair_selectors.checkin_open_for(pair=pair, person=view.me),
            "survey": survey_open_for(pair=pair, person=view.me),
            "reflections": pair_selectors.reflection_list(pair=pair),
            "reflection_form": ReflectionForm(),
        }
        context["my_reflection"] = next(
            (r for r in context["reflections"] if r.author_id == view.me.pk), None
        )
    else:
        context["stayed"] = pair_rematch_side(pair)
        context["rematch"] = pair.rematches.select_related("mentor", "mentee").first()
    return render(request, "home/pair_detail.html", context)

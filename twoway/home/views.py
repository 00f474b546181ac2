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

from twoway.home.glance import program_glance_list, program_outcome_glance
from twoway.home.selectors import home_context, my_programs_with_next_steps, pair_cards
from twoway.matching.selectors import enrollments_attach_next_steps
from twoway.matching.services.rematch import pair_rematch_side
from twoway.meetings.selectors import meetings_panel
from twoway.pairs import selectors as pair_selectors
from twoway.pairs.forms import ReflectionForm, SignForm
from twoway.pairs.models import Pair
from twoway.pairs.rules import reflection_due
from twoway.people import selectors as people_selectors
from twoway.people.access import person_required, request_person, user_is_person
from twoway.people.models import Person, SelfDescription
from twoway.programs import selectors as program_selectors
from twoway.programs.eligibility import person_eligible_sides
from twoway.programs.models import Program
from twoway.programs.views import program_manager_page
from twoway.recognition.selectors import recognition_list_for_person, recognition_panel
from twoway.skills.selectors import profile_skills


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
    context = _profile_context(person)
    context["can_invite"] = not people_selectors.person_invite_refusal(person)
    return render(request, "home/person_detail.html", context)


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
        return _program_sponsor(request, program)
    person = request_person(request)  # a participant is always a person (program_relation)
    enrollment = program_selectors.enrollment_for_person(program=program, person=person)
    if enrollment is not None:
        # The partner, the preview and the suggestions, as on "My programs".
        enrollments_attach_next_steps(person, [enrollment])
    enrolling = program.status == Program.Status.ENROLLING
    sides = person_eligible_sides(program, person) if enrolling else []
    context = {"program": program, "enrollment": enrollment, "sides": sides}
    return render(request, "home/program_participant.html", context)


def _program_sponsor(request: HttpRequest, program: Program) -> HttpResponse:
    """The program as its sponsor reads it: figures and outcomes, never names."""
    context = {
        "program": program,
        "counts": program_selectors.program_counts(program=program),
        "glance": program_glance_list(programs=[program], now=timezone.now())[0],
        "outcome": program_outcome_glance(user=request.user, program=program),
    }
    return render(request, "home/program_sponsor.html", context)


@person_required
def my_programs(request: HttpRequest) -> HttpResponse:
    context = {"mine": my_programs_with_next_steps(user=request.user)}
    return render(request, "home/my_programs.html", context)


# --- pairs ----------------------------------------------------------------------------


@login_required
def pair_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """A pair's page, in the order its partner acts: what is waiting for them and
    the next meeting, the agreement, the meetings' log, the closing reflection
    (near the end only), and then who the partner is and why they were paired."""
    pair = pair_selectors.pair_get_for_user(user=request.user, uuid=uuid)
    view = pair_selectors.pair_view(user=request.user, pair=pair)
    now = timezone.now()
    agreement = pair.agreement
    meetings = meetings_panel(pair=pair, person=view.me, now=now)
    context: dict[str, Any] = {
        "view": view,
        "pair": pair,
        "agreement": agreement,
        "meetings": meetings,
        "recognition": recognition_panel(pair=pair, person=view.me),
        "versions": pair_selectors.agreement_history(pair=pair),
    }
    if view.me is not None:
        reflections = pair_selectors.reflection_list(pair=pair)
        due = reflection_due(program=pair.program, held=meetings.held, today=timezone.localdate())
        context |= {
            "card": pair_cards(person=view.me, now=now, pairs=[pair])[0] if pair.is_live else None,
            "sign_form": SignForm(initial={"seen_version": agreement.version}),
            "i_signed": agreement.signed_by(view.my_side),
            "partner_signed": agreement.signed_by(Pair.other_side(view.my_side)),
            "agreement_read": pair_selectors.agreement_read(
                pair=pair, side=view.my_side, content=agreement.content()
            ),
            "reflections": reflections,
            "reflection_form": ReflectionForm(),
            "my_reflection": next((r for r in reflections if r.author_id == view.me.pk), None),
            # The form only near the end (pairs.rules); written reflections always.
            "show_reflection": bool(reflections) or (pair.is_live and due),
        }
    else:
        context["stayed"] = pair_rematch_side(pair)
        context["rematch"] = pair.rematches.select_related("mentor", "mentee").first()
    return render(request, "home/pair_detail.html", context)

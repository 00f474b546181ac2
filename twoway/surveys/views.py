"""Survey pages: a participant answers their own survey; a program's managers
see the default questions and add, change or stop asking their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from twoway.core.forms import form_add_service_errors
from twoway.core.small_groups import min_group_size
from twoway.programs.selectors import program_get_for_manager
from twoway.surveys import instrument, selectors, services
from twoway.surveys.forms import QuestionEditForm, QuestionForm, SurveyForm
from twoway.surveys.models import SurveyQuestion

DECLINE = "decline"


@login_required
def survey_answer(request: HttpRequest, uuid: str) -> HttpResponse:
    """The survey's own person answers it once (any question may be skipped) or
    declines it; a second submit is refused kindly and stores nothing."""
    survey = selectors.survey_get_for_person(user=request.user, uuid=uuid)
    page = reverse("surveys:answer", kwargs={"uuid": survey.uuid})
    form = SurveyForm(request.POST or None, questions=selectors.survey_questions(survey=survey))
    if request.method == "POST":
        if not survey.is_open:
            messages.info(
                request,
                services.ALREADY_DECLINED if survey.declined_at else services.ALREADY_ANSWERED,
            )
            return redirect(page)
        try:
            if request.POST.get("action") == DECLINE:
                services.survey_decline(actor=request.user, survey=survey, person=survey.person)
                messages.success(request, "No problem: this survey will not wait for you again.")
                return redirect("home")
            if form.is_valid():
                services.survey_answer(
                    actor=request.user,
                    survey=survey,
                    person=survey.person,
                    answers=form.answers(),
                )
                messages.success(request, "Thank you. Your answers are saved.")
                return redirect("home")
        except services.SurveyError as error:
            survey.refresh_from_db()
            if not survey.is_open:
                messages.info(request, " ".join(error.messages))
                return redirect(page)
            form_add_service_errors(form, error)
    context = {
        "survey": survey,
        "pair": survey.pair,
        "partner": survey.pair.partner_of(survey.person),
        "form": form,
        "min_group_size": min_group_size(),
        "citation": instrument.GES_CITATION,
        "ges_stem": instrument.GES_STEM,
    }
    return render(request, "surveys/survey_form.html", context)


def _question_fields(form: QuestionForm) -> dict[str, object]:
    data = form.cleaned_data
    return {name: data[name] for name in ("text", "kind", "surveys", "low", "high")}


@login_required
def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The default instrument (read only) and the program's own questions; the
    form adds one."""
    program = program_get_for_manager(user=request.user, slug=slug)
    form = QuestionForm(request.POST or None, initial={"kind": SurveyQuestion.Kind.SCALE})
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_question_add(
                actor=request.user,
                program=program,
                order=form.cleaned_data["order"],
                **_question_fields(form),  # type: ignore[arg-type]
            )
        except services.SurveyError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Question added: surveys sent from now on ask it.")
            return redirect("surveys:questions", slug=program.slug)
    context = {
        "program": program,
        "form": form,
        "defaults": instrument.DEFAULT_QUESTIONS,
        "questions": selectors.program_questions(program=program),
        "citation": instrument.GES_CITATION,
        "ges_stem": instrument.GES_STEM,
        "min_group_size": min_group_size(),
    }
    return render(request, "surveys/question_list.html", context)


@login_required
def question_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    question = selectors.survey_question_get_for_manager(user=request.user, slug=slug, uuid=uuid)
    program = question.program
    initial = {name: getattr(question, name) for name in services.QUESTION_FIELDS}
    form = QuestionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        order = form.cleaned_data["order"]
        try:
            services.survey_question_update(
                actor=request.user,
                question=question,
                order=question.order if order is None else order,
                active=form.cleaned_data["active"],
                **_question_fields(form),
            )
        except services.SurveyError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return redirect("surveys:questions", slug=program.slug)
    context = {"program": program, "question": question, "form": form}
    return render(request, "surveys/question_form.html", context)

"""Pages of matching: the managers' runs and review, the participants' preview
and self-match suggestions, and re-matching the person who stayed in an ended
pair. Every manager page starts from ``program_get_for_manager`` (404 for
anyone else)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from twoway.core.access import is_htmx, object_or_404
from twoway.core.pagination import paginate
from twoway.core.roles import user_manages_program
from twoway.core.small_groups import min_group_size
from twoway.matching import selectors
from twoway.matching.fit import FIT_EXPLAINED, run_average_fit, run_best_possible
from twoway.matching.forms import (
    MatchRequestForm,
    OptOutForm,
    ProposalFilterForm,
    RunStartForm,
    UnmatchedFilterForm,
)
from twoway.matching.models import MatchRun
from twoway.matching.reasons import supply_sentence
from twoway.matching.rules import SELF_MATCH_STATUSES, program_has_preview
from twoway.matching.services import rematch, review
from twoway.matching.services.preview import (
    match_run_share,
    proposal_mark_seen,
    proposal_opt_out,
)
from twoway.matching.services.publish import match_run_publish
from twoway.matching.services.runs import match_run_create
from twoway.matching.services.self_match import (
    match_request_accept,
    match_request_decline,
    match_request_send,
    match_request_withdraw,
)
from twoway.pairs.selectors import pair_get_for_user, pair_list_for_user
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.programs.selectors import program_get_for_manager, program_get_for_user


def _attempt(request: HttpRequest, service: Callable[..., Any], **kwargs: Any) -> Any:
    """Run a service; a refusal becomes an error message (None means it failed)."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None


def _manager_run(request: HttpRequest, slug: str, uuid: str) -> tuple[Program, MatchRun]:
    program = program_get_for_manager(user=request.user, slug=slug)
    return program, selectors.match_run_get_for_manager(program=program, uuid=uuid)


def _run_url(run: MatchRun, name: str = "matching:run") -> str:
    return reverse(name, kwargs={"slug": run.program.slug, "uuid": run.uuid})


def _run_context(run: MatchRun) -> dict[str, Any]:
    return {
        "program": run.program,
        "run": run,
        "is_current": selectors.match_run_is_current(run),
        "has_preview": program_has_preview(run.program),
    }


# --- managers: runs ----------------------------------------------------------------


@login_required
def matching_overview(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    latest = selectors.match_run_latest_any(program=program)
    weights = (latest.settings.get("weights") if latest else None) or program.weights
    context = {
        "program": program,
        "runs": selectors.match_run_list(program=program),
        "active": selectors.match_run_active(program=program),
        "latest": selectors.match_run_latest(program),
        "form": RunStartForm(weights=weights),
        "self_match": selectors.self_match_overview(program=program),
    }
    return render(request, "matching/matching_overview.html", context)


@require_POST
@login_required
def run_create(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_for_manager(user=request.user, slug=slug)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The weights must be numbers from 0 to 100; nothing was started.")
        return redirect("matching:overview", slug=slug)
    run = _attempt(
        request,
        match_run_create,
        actor=request.user,
        program=program,
        dry_run=form.cleaned_data["dry_run"],
        weights=form.weights(),
    )
    if run is None:
        return redirect("matching:overview", slug=slug)
    messages.success(request, "Matching has started." if not run.is_dry_run else "Dry run started.")
    return redirect(_run_url(run))


@login_required
def run_detail(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    form = ProposalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.proposal_list(
        run=run,
        q=filters.get("q", ""),
        department=filters.get("department"),
        fit_below=filters.get("fit_below"),
        state=filters.get("state", ""),
    )
    page = paginate(request, proposals)
    page["rows"] = selectors.proposal_rows(run=run, proposals=page["page_obj"].object_list)
    context = _run_context(run) | page | {"form": form, "tab": "proposals"}
    context["diff"] = selectors.run_diff(run=run)
    context["rerun_form"] = RunStartForm(weights=run.settings.get("weights"))
    context["opted_out"] = selectors.proposal_opted_out_count(run=run)
    context["best_possible"] = run_best_possible(run.settings)
    context["fit_explained"] = FIT_EXPLAINED
    return render(request, "matching/run_detail.html", context)


@login_required
def run_progress(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    response = render(request, "matching/_run_progress.html", {"run": run, "program": run.program})
    if is_htmx(request) and run.is_finished:
        response["HX-Refresh"] = "true"  # the page shows the results once they exist
    return response


@login_required
def run_fairness(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    context = _run_context(run) | {"tab": "fairness", "min_group": min_group_size()}
    context["best_possible"] = run_best_possible(run.settings)
    if run.status == MatchRun.Status.SUCCEEDED:
        context["tables"] = selectors.fairness_report(run=run)
    return render(request, "matching/run_fairness.html", context)


@login_required
def run_unmatched(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    form = UnmatchedFilterForm(request.GET or None)
    side = form.cleaned_data["side"] if form.is_valid() else ""
    page = paginate(request, selectors.unmatched_list(run=run, side=side))
    page["rows"] = selectors.unmatched_rows(page["page_obj"].object_list, run=run)
    context = _run_context(run) | page | {"tab": "unmatched", "side": side}
    context["sides"] = [("", "Both sides"), ("mentor", "Mentors"), ("mentee", "Mentees")]
    context["summary"] = selectors.unmatched_summary(run=run)
    supply = selectors.unmatched_supply(run=run)
    context["supply"] = supply
    context["supply_sentence"] = supply_sentence(supply) if supply else ""
    return render(request, "matching/run_unmatched.html", context)


# --- managers: review actions --------------------------------------------------------


def _back_to_run(request: HttpRequest, run: MatchRun) -> HttpResponse:
    """Back to the review page, keeping its filters and page when they came along."""
    query = request.POST.get("return_query", "")
    url = _run_url(run)
    return redirect(f"{url}?{query}" if query and "\n" not in query else url)


@require_POST
@login_required
def proposal_decide(request: HttpRequest, slug: str, uuid: str, proposal: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    row = selectors.proposal_get_for_manager(run=run, uuid=proposal)
    action = request.POST.get("action", "")
    pair = f"{row.mentor.name} and {row.mentee.name}"
    if action == "clear":
        if _attempt(request, review.review_decision_clear, actor=request.user, proposal=row):
            messages.success(request, f"{pair}: decision taken back.")
    elif action in ("lock", "exclude"):
        if _attempt(
            request, review.review_decision_set, actor=request.user, proposal=row, kind=action
        ):
            done = (
                "locked: every re-run keeps them together"
                if action == "lock"
                else ("excluded: no run will pair them again. Re-run to find them new partners")
            )
            messages.success(request, f"{pair} {done}.")
    else:
        messages.error(request, "Choose lock, exclude or undo.")
    return _back_to_run(request, run)


@require_POST
@login_required
def proposal_swap(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    chosen = request.POST.getlist("swap")
    if len(chosen) != 2:
        messages.error(request, "Tick exactly two pairs to swap their partners.")
        return _back_to_run(request, run)
    first, second = (selectors.proposal_get_for_manager(run=run, uuid=u) for u in chosen)
    result = _attempt(
        request, review.proposal_swap, actor=request.user, run=run, first=first, second=second
    )
    if result is not None:
        a, b = result.proposals
        best = run_best_possible(run.settings)
        pairs = run.counts.get("pairs")
        before = run_average_fit(total=result.total_before, pairs=pairs, best=best)
        after = run_average_fit(total=result.total_after, pairs=pairs, best=best)
        messages.success(
            request,
            f"Swapped: {a.mentor.name} with {a.mentee.name}, {b.mentor.name} with "
            f"{b.mentee.name} (both locked). Average fit {before.percent} → {after.percent}.",
        )
    return _back_to_run(request, run)


@require_POST
@login_required
def run_share(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    if _attempt(request, match_run_share, actor=request.user, run=run):
        messages.success(request, "Shared: each person can now see their own proposed partner.")
    return redirect(_run_url(run))


@require_POST
@login_required
def run_publish(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    _, run = _manager_run(request, slug, uuid)
    was_published = run.is_published
    created = _attempt(request, match_run_publish, actor=request.user, run=run)
    if created is not None:
        if was_published or created == 0:
            messages.info(request, "These pairs were already published; nothing changed.")
        else:
            messages.success(
                request,
                f"Published {created} pair{'s' if created != 1 else ''}. "
                "Both sides of each pair get an e-mail.",
            )
    return redirect(_run_url(run))


# --- participants: preview and opt-out -------------------------------------------------


def _participant_program(request: HttpRequest, slug: str) -> tuple[Program, Person]:
    """The program and the person asking, for someone who takes part in it; 404
    for anyone else (a manager of another program, a login without a person) alike."""
    program, _relation = program_get_for_user(user=request.user, slug=slug)
    person = user_person(request.user)
    if person is None:
        raise Http404("No such program")
    return program, person


@login_required
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    program, _person = _participant_program(request, slug)
    run, items = selectors.preview_for_user(user=request.user, program=program)
    for item in items:
        if item.is_senior and item.proposal.seen_by_senior_at is None:
            proposal_mark_seen(actor=request.user, proposal=item.proposal)
    if not items and program.status == Program.Status.ACTIVE:
        pairs = pair_list_for_user(user=request.user).filter(program=program)
        if pairs:
            return redirect("home:pair", uuid=pairs[0].uuid)
    context: dict[str, Any] = {"program": program, "run": run, "items": items, "form": OptOutForm()}
    context["sees"] = selectors.preview_sees(user=request.user, program=program)
    return render(request, "matching/preview.html", context)


@require_POST
@login_required
def opt_out(request: HttpRequest, slug: str, proposal: str) -> HttpResponse:
    program, _person = _participant_program(request, slug)
    row = selectors.preview_proposal_for_user(user=request.user, program=program, uuid=proposal)
    form = OptOutForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if _attempt(request, proposal_opt_out, actor=request.user, proposal=row, reason=reason):
        messages.success(
            request,
            "You have opted out of this proposal. Matching runs again to find you and "
            "your proposed partner someone else; you will hear from us.",
        )
    return redirect("matching:preview", slug=slug)


# --- participants: self-match ---------------------------------------------------------


def _self_match_program(request: HttpRequest, slug: str) -> tuple[Program, Person, list[str]]:
    program, person = _participant_program(request, slug)
    sides = selectors.self_match_sides(program=program, person=person)
    if program.matching_style != Program.MatchingStyle.SELF or not sides:
        raise Http404("No suggestions here")
    return program, person, sides


@login_required
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    program, person, sides = _self_match_program(request, slug)
    asked = request.GET.get("side", "")
    side = asked if asked in sides else sides[0]
    rows = selectors.suggestion_list(program=program, person=person, side=side)
    context = {
        "program": program,
        "side": side,
        "sides": sides,
        "rows": rows,
        "requests": selectors.match_request_lists(program=program, person=person),
        "open": program.status in SELF_MATCH_STATUSES,
    }
    return render(request, "matching/suggestions.html", context)


@require_POST
@login_required
def request_send(request: HttpRequest, slug: str) -> HttpResponse:
    program, _person, _sides = _self_match_program(request, slug)
    form = MatchRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That request was not complete; nothing was sent.")
        return redirect("matching:suggestions", slug=slug)
    to = Person.objects.filter(uuid=form.cleaned_data["to"]).first()
    if to is None:
        raise Http404("No such person")
    sent = _attempt(
        request,
        match_request_send,
        actor=request.user,
        program=program,
        to_person=to,
        side=form.cleaned_data["side"],
        message=form.cleaned_data["message"],
    )
    if sent is not None:
        messages.success(
            request, f"Request sent to {to.name}. You will get an e-mail when they answer."
        )
    return redirect(
        reverse("matching:suggestions", kwargs={"slug": slug})
        + f"?side={form.cleaned_data['side']}"
    )


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    _self_match_program(request, slug)
    return redirect(reverse("matching:suggestions", kwargs={"slug": slug}) + "#requests")


REQUEST_ACTIONS = {
    "accept": match_request_accept,
    "decline": match_request_decline,
    "withdraw": match_request_withdraw,
}


@require_POST
@login_required
def request_decide(request: HttpRequest, slug: str, uuid: str, action: str) -> HttpResponse:
    program, person, _sides = _self_match_program(request, slug)
    row = selectors.match_request_get_for_person(program=program, person=person, uuid=uuid)
    service = REQUEST_ACTIONS.get(action)
    if service is None:
        raise Http404("No such action")
    try:
        result = _attempt(request, service, actor=request.user, match_request=row)
    except PermissionDenied:
        raise Http404("No such request") from None
    if result is not None and action == "accept":
        messages.success(request, "You are now a pair. Here is why you fit.")
        return redirect("home:pair", uuid=result.uuid)
    if result is not None:
        messages.success(request, "Declined." if action == "decline" else "Request withdrawn.")
    return redirect(reverse("matching:suggestions", kwargs={"slug": slug}) + "#requests")


# --- managers: re-matching after a pair ended ---------------------------------------------


@login_required
def pair_rematch(request: HttpRequest, uuid: str) -> HttpResponse:
    """Re-match the person who stayed in an ended pair, from the engine's suggestions."""
    pair = pair_get_for_user(user=request.user, uuid=uuid)
    if not user_manages_program(request.user, pair.program):
        raise Http404("No such pair")
    stayed = rematch.pair_rematch_side(pair)
    if stayed is None:
        messages.error(request, rematch.REMATCH_ONLY_ENDED)
        return redirect("home:pair", uuid=pair.uuid)
    person, side = stayed
    if request.method == "POST":
        partner = object_or_404(
            Person.objects.all(), "No such person", uuid=request.POST.get("partner")
        )
        try:
            new = rematch.pair_rematch(actor=request.user, pair=pair, partner=partner)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{person.name} and {partner.name} are now a pair.")
            return redirect("home:pair", uuid=new.uuid)
    suggestions = selectors.suggestion_list(program=pair.program, person=person, side=side, limit=8)
    return render(
        request,
        "matching/pair_rematch.html",
        {"pair": pair, "person": person, "side": side, "suggestions": suggestions},
    )

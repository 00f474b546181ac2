"""Raising an insight, the board where managers and sponsors turn insights into
actions, and "You said, we did", where everyone reads what became of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from twoway.core.forms import form_add_service_errors, form_error_text
from twoway.core.pagination import paginate
from twoway.core.small_groups import min_group_size
from twoway.insights import selectors, services
from twoway.insights.forms import ActionForm, GroupForm, RaiseForm
from twoway.insights.models import InsightAction
from twoway.people.access import person_required, request_person

SOURCE_KEYS = ("program", "pair", "meeting", "session")
THANKS = (
    "Thank you: your insight is with the program's managers and sponsors. "
    "What they do about it shows on “You said, we did”."
)


def _back(source: selectors.Source | None) -> str:
    """Where the person raised the insight from."""
    if source is not None and source.meeting is not None:
        return reverse("meetings:detail", args=[source.meeting.uuid])
    if source is not None and source.pair is not None:
        return reverse("home:pair", args=[source.pair.uuid])
    if source is not None and source.session is None:
        return reverse("home:program", args=[source.program.slug])
    return reverse("insights:you_said_we_did")


@person_required
def insight_raise(request: HttpRequest) -> HttpResponse:
    """The source stays in the address (the form posts back to it)."""
    person = request_person(request)
    wanted = {key: request.GET.get(key, "") for key in SOURCE_KEYS}
    source = selectors.insight_source_get(person=person, **wanted)
    programs = selectors.person_programs(person) if source is None else [source.program]
    form = RaiseForm(request.POST or None, programs=programs, fixed=source is not None)
    if request.method == "POST" and programs and form.is_valid():
        data = form.cleaned_data
        chosen = source or selectors.insight_source_get(person=person, program=data["program"])
        assert chosen is not None
        try:
            services.insight_raise(
                actor=request.user,
                person=person,
                program=chosen.program,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                anonymous=data["anonymous"],
                name_shown=data["name_shown"],
                pair=chosen.pair,
                meeting=chosen.meeting,
                session=chosen.session,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, THANKS)
            return redirect(_back(chosen))
    context = {"form": form, "source": source, "programs": programs, "back": _back(source)}
    refused = bool(programs) and request.method == "POST"
    return render(request, "insights/insight_raise.html", context, status=400 if refused else 200)


# --- the board -------------------------------------------------------------------------


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    program, is_manager = selectors.board_get(user=request.user, slug=slug)
    status = request.GET.get("status", "")
    page = paginate(request, selectors.board_insights(program=program, status=status), per_page=25)
    context: dict[str, Any] = {
        "program": program,
        "is_manager": is_manager,
        "status": status,
        "statuses": [(selectors.OPEN, "Not grouped yet"), *InsightAction.Status.choices],
        "rows": selectors.board_rows(list(page["page_obj"])),
        "actions": selectors.board_actions(program=program),
        **page,
    }
    return render(request, "insights/board.html", context)


@login_required
@require_POST
def board_group(request: HttpRequest, slug: str) -> HttpResponse:
    """Group the ticked insights into a new action, or add them to one."""
    program, _ = selectors.board_get(user=request.user, slug=slug)
    actions = selectors.board_actions(program=program)
    uuids = request.POST.getlist("insights")
    form = GroupForm(request.POST, insight_uuids=uuids, actions=actions)
    board_url = reverse("insights:board", args=[program.slug])
    if not form.is_valid():
        messages.error(request, f"Nothing was grouped. {form_error_text(form)}")
        return redirect(board_url)
    insights = selectors.board_insights_chosen(program=program, uuids=uuids)
    data = form.cleaned_data
    try:
        if data["do"] == "new":
            action = services.action_create(
                actor=request.user, program=program, title=data["title"], insights=insights
            )
            text = f"Grouped into the new action “{action.title}”."
        else:
            action = selectors.board_action_get(program=program, uuid=data["action"])
            added = services.action_add_insights(
                actor=request.user, action=action, insights=insights
            )
            text = f"Added {added} insight{'s' if added != 1 else ''} to “{action.title}”."
    except ValidationError as exc:
        messages.error(request, "Nothing was grouped. " + " ".join(exc.messages))
        return redirect(board_url)
    messages.success(request, text)
    return redirect("insights:action", slug=program.slug, uuid=action.uuid)


@login_required
def action_edit(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    program, is_manager = selectors.board_get(user=request.user, slug=slug)
    action = selectors.board_action_get(program=program, uuid=uuid)
    form = ActionForm(request.POST) if request.method == "POST" else ActionForm.for_action(action)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.action_update(
                actor=request.user, action=action, **form.service_arguments()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Action saved." if changed else "Nothing to change.")
            return redirect("insights:action", slug=program.slug, uuid=action.uuid)
    insights = list(selectors.board_insights(program=program).filter(action=action))
    context = {
        "program": program,
        "is_manager": is_manager,
        "action": action,
        "form": form,
        "rows": selectors.board_rows(insights),
        "allowed": [InsightAction.Status(s).label for s in action.TRANSITIONS[action.status]],
    }
    return render(request, "insights/action_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def insight_author(request: HttpRequest, slug: str, uuid: str) -> HttpResponse:
    """Who raised an anonymous insight, for the program's managers; recorded."""
    program, _ = selectors.board_get(user=request.user, slug=slug)
    insight = selectors.insight_get_for_board(program=program, uuid=uuid)
    selectors.insight_author_for_manager(user=request.user, insight=insight)
    author = services.insight_author_reveal(actor=request.user, insight=insight)
    context = {"program": program, "insight": insight, "author": author}
    return render(request, "insights/insight_author.html", context)


# --- "You said, we did" --------------------------------------------------------------


@login_required
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    taking_part = selectors.user_program_ids(request.user)
    actions = selectors.you_said_we_did_actions(user=request.user, taking_part=taking_part)
    page = paginate(request, actions, per_page=20)
    rows = selectors.said_done_rows(list(page["page_obj"]))
    groups = []
    for status in selectors.STATUS_ORDER:
        mine = [row for row in rows if row.action.status == status]
        if mine:
            groups.append((status, selectors.STATUS_HEADINGS[status], mine))
    context = {"groups": groups, "k": min_group_size(), "can_raise": bool(taking_part), **page}
    return render(request, "insights/you_said_we_did.html", context)

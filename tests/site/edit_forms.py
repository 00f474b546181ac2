"""Every form that shows saved values for a person to change, and every other URL.

``EDIT_FORMS`` names each edit form by the URL it posts to, the person who uses
it and the page that shows it. ``NOT_EDIT_FORMS`` names every other URL with the
reason it is not one. ``test_edit_forms_round_trip.py`` fails when a URL is in
neither, so a new edit form cannot be added without its round trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.site.world import LINES, World
from twoway.events.models import Event
from twoway.guides.arc import DEFAULT_ARC, ArcStep
from twoway.guides.services import arc_save, launch_save
from twoway.insights.models import InsightAction
from twoway.insights.services import action_create, action_update, insight_raise
from twoway.surveys.models import SurveyQuestion


@dataclass(frozen=True)
class EditForm:
    target: str  # the URL name the form posts to
    actor: str  # the cast member who uses it
    page: Callable[[World], str]  # the page that shows it, filled with saved values
    # A form that says so when nothing was changed, instead of saving: its words.
    unchanged_refusal: str = ""


def _pilot(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"slug": w.pilot.program.slug})


def _enrolling(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"slug": w.enrolling.slug})


def _survey_question(w: World) -> str:
    question = SurveyQuestion.objects.filter(program=w.pilot.program).first()
    assert question is not None, "the world has a survey question of its own"
    return reverse(
        "surveys:question_edit", kwargs={"slug": w.pilot.program.slug, "uuid": question.uuid}
    )


def _insight_action(w: World) -> str:
    """An action on one of Juno's insights, owned and under way, with texts of several lines."""
    cast, program = w.cast, w.pilot.program
    insight = insight_raise(
        actor=cast.juno,
        person=cast.juno.person,
        program=program,
        kind="stop",
        title="Stop printing the monthly report",
        text="Nobody reads it on paper.\nThe numbers are online.",
        anonymous=False,
        name_shown=True,
        pair=w.pair,
    )
    action = action_create(
        actor=cast.priya, program=program, title="Print less", insights=[insight]
    )
    action_update(
        actor=cast.priya,
        action=action,
        title="Print less",
        owner=cast.sterling.person,
        owner_team="Finance operations",
        status=InsightAction.Status.IN_PROGRESS,
        what_changed="First line.\nSecond line.",
        link="https://intranet.example.org/reports",
        wont_do_reason="",
    )
    return reverse("insights:action", kwargs={"slug": program.slug, "uuid": action.uuid})


def _event(w: World) -> str:
    event = Event.objects.get(title="Pilot lunch")
    return reverse("events:edit", kwargs={"uuid": event.uuid})


def _arc(w: World) -> str:
    """The pilot's own arc: the default, its first session rewritten on several lines."""
    first = ArcStep(0, "Meeting each other", LINES, ["Who are you?", "Why did you join?"])
    with transaction.atomic():
        arc_save(actor=w.cast.priya, program=w.pilot.program, steps=[first, *DEFAULT_ARC[1:]])
    return reverse("guides:arc", kwargs={"slug": w.pilot.program.slug})


def _launch(w: World) -> str:
    """The pilot's launch page, its sponsor's message on several lines."""
    w.pilot.program.refresh_from_db()  # the world made Sol its sponsor
    with transaction.atomic():
        launch_save(actor=w.cast.sol, program=w.pilot.program, sponsor_message=LINES)
    return reverse("guides:launch_edit", kwargs={"slug": w.pilot.program.slug})


EDIT_FORMS = (
    EditForm("programs:edit", "priya", _pilot("programs:edit")),
    EditForm("programs:rules", "priya", _enrolling("programs:rules")),
    EditForm("programs:setup_matching", "priya", _enrolling("programs:setup_matching")),
    EditForm("programs:join", "juno", _enrolling("programs:join")),
    EditForm("people:self_description", "juno", lambda w: reverse("home:me")),
    EditForm("skills:update", "juno", lambda w: reverse("home:me")),
    EditForm("skills:edit", "ada", lambda w: reverse("skills:edit", kwargs={"uuid": w.skill.uuid})),
    EditForm(
        "pairs:agreement_edit",
        "juno",
        lambda w: reverse("pairs:agreement_edit", kwargs={"uuid": w.pair.uuid}),
    ),
    EditForm(
        "meetings:reschedule",
        "juno",
        lambda w: reverse("meetings:detail", kwargs={"uuid": w.upcoming.uuid}),
        unchanged_refusal="That is the meeting as it stands: change the time, length or place.",
    ),
    EditForm(
        "meetings:log", "juno", lambda w: reverse("meetings:detail", kwargs={"uuid": w.logged.uuid})
    ),
    EditForm("notifications:preferences", "juno", lambda w: reverse("notifications:preferences")),
    EditForm("surveys:question_edit", "priya", _survey_question),
    EditForm("insights:action", "priya", _insight_action),
    EditForm("events:edit", "priya", _event),
    EditForm("guides:arc", "priya", _arc),
    EditForm("guides:launch_edit", "sol", _launch),
)

_CREATES = "creates something new; nothing saved is shown to change"
_ACTION = "a button that does one thing; no saved values are sent back"
_READS = "a page or file to read, or a search form (GET)"

NOT_EDIT_FORMS = {
    "home": _READS,
    "healthz": _READS,
    "login": "signs in; nothing saved is shown",
    "logout": _ACTION,
    "password_change": "new passwords are typed, never shown",
    "password_change_done": _READS,
    "password_reset": "asks for an e-mail; nothing saved is shown",
    "password_reset_done": _READS,
    "password_reset_confirm": "new passwords are typed, never shown",
    "password_reset_complete": _READS,
    "sso:start": "sends the browser to the single sign-on provider; no form",
    "sso:callback": "where the single sign-on provider sends the browser back; no form",
    "audit:list": _READS,
    "roles:list": _READS,
    "roles:grant": _CREATES,
    "roles:revoke": _ACTION,
    "people:list": _READS,
    "home:person": _READS,
    "home:me": _READS + " (its forms post to people:self_description and skills:update)",
    "people:invite": _ACTION,
    "people:import_upload": _CREATES,
    "people:import_review": "maps the columns of a new upload; the mapping is kept with it",
    "people:import_errors": _READS,
    "people:import_example": _READS,
    "skills:catalogue": _READS,
    "skills:create": _CREATES,
    "skills:suggest": _READS,
    "skills:add": _CREATES,
    "skills:remove": _ACTION,
    "skills:directory": _READS,
    "skills:map": _READS,
    "skills:assessment": "each answer is a new, dated assessment; it starts from the last",
    "skills:assessment_results": _READS,
    "programs:list": _READS,
    "programs:create": _READS + " (the templates to start from, as links)",
    "programs:create_details": _CREATES,
    "home:program": _READS,
    "programs:transition": _ACTION,
    "programs:manager_add": _CREATES,
    "programs:manager_remove": _ACTION,
    "programs:rules_preview": _READS,
    "programs:invite": _CREATES,
    "programs:enrollments": _READS,
    "programs:leave": _ACTION,
    "home:my_programs": _READS,
    "programs:skill_suggest": _READS,
    "programs:approvals": _READS,
    "programs:decide": _ACTION,
    "matching:overview": _READS,
    "matching:run_create": _CREATES,
    "matching:run": _READS,
    "matching:run_progress": _READS,
    "matching:fairness": _READS,
    "matching:unmatched": _READS,
    "matching:decide": _ACTION,
    "matching:swap": _ACTION,
    "matching:share": _ACTION,
    "matching:publish": _ACTION,
    "matching:preview": _READS,
    "matching:opt_out": _ACTION,
    "matching:suggestions": _READS,
    "matching:requests": _READS,
    "matching:request_send": _CREATES,
    "matching:request_decide": _ACTION,
    "matching:rematch": _ACTION,
    "pairs:mine": _READS,
    "home:pair": _READS,
    "pairs:sign": _ACTION,
    "pairs:agreement": _READS + " (its sign button posts to pairs:sign)",
    "pairs:agreement_pdf": _READS,
    "pairs:end": "ends the pair with a reason written once",
    "pairs:reflection": "written once; the page then shows it instead of the form",
    "pairs:checkin": "answered once",
    "pairs:participants_import": _CREATES,
    "meetings:health": _READS,
    "meetings:schedule": _CREATES,
    "meetings:detail": _READS + " (its forms post to meetings:reschedule and meetings:log)",
    "meetings:ics": _READS,
    "meetings:cancel": "cancels with a reason written once",
    "circles:program": _READS + " (its forms form, publish and plan: each creates)",
    "circles:form": _CREATES,
    "circles:publish": _ACTION,
    "circles:detail": _READS,
    "circles:plan": _CREATES,
    "circles:session": _READS + " (its forms post to circles:log and circles:cancel)",
    "circles:log": _CREATES + " (a session is logged once; the log then stands)",
    "circles:cancel": "cancels with a reason written once",
    "circles:ics": _READS,
    "events:list": _READS,
    "events:create": _CREATES,
    "events:detail": _READS + " (its buttons post one answer to events:rsvp)",
    "events:rsvp": _ACTION + " (yes, maybe or no; the same answer again changes nothing)",
    "events:attendees": _READS,
    "events:cancel": _ACTION + " (after a page that asks to confirm)",
    "events:ics": _READS,
    "events:tables": _READS + " (its button posts to events:tables_propose)",
    "events:tables_propose": _CREATES + " (a new plan replaces the last one)",
    "events:tables_pdf": _READS,
    "notifications:unsubscribe": _ACTION,
    "recognition:certificate": _READS,
    "recognition:kudos": _CREATES,
    "recognition:program": _READS + " (awards by hand are new each time)",
    "surveys:answer": "answered (or declined) once",
    "surveys:questions": _CREATES + " (each question is changed on its own page)",
    "outcomes:organisation": _READS,
    "outcomes:program": _READS + " (its one form picks a date, by GET)",
    "outcomes:pdf": _READS,
    "outcomes:export_csv": _READS,
    "outcomes:export_xlsx": _READS,
    "insights:raise": _CREATES,
    "insights:board": _READS + " (its forms post to insights:group and insights:reveal)",
    "insights:group": _CREATES,
    "insights:reveal": _ACTION,
    "insights:you_said_we_did": _READS,
    "guides:index": _READS,
    "guides:page": _READS,
    "guides:arc_reset": _ACTION,
    "guides:launch": _READS + " (its forms post to guides:launch_publish and guides:topic_answer)",
    "guides:launch_publish": _ACTION,
    "guides:topic_answer": "adds skills to the person's profile, where they are changed",
    "speakup:start": _CREATES,
    "speakup:mine": _READS,
    "speakup:follow_up": "asks for a reference and a code; nothing saved is shown",
    "speakup:reports": _READS,
    "speakup:report": _READS + " (records each reading; its forms are status buttons and a reply)",
    "speakup:report_status": _ACTION,
    "speakup:report_reply": _CREATES,
    "privacy:mine": _READS + " (records each reading in the audit log)",
    "privacy:mine_json": _READS,
    "privacy:person": _READS + " (records each reading in the audit log)",
    "privacy:person_json": _READS,
    "privacy:erase": _ACTION + " (a confirmation page, then one button that erases)",
    "tokens:list": _CREATES + " (lists your API tokens; its form creates a new one)",
    "tokens:revoke": _ACTION,
    "scim:root": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:config": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:resource_types": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:schemas": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:users": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:search": "SCIM, for identity providers: JSON with a SCIM token, no forms",
    "scim:user": "SCIM, for identity providers: JSON with a SCIM token, no forms",
}


def url_names() -> set[str]:
    """Every named URL of the site, outside the Django admin and the REST API (each
    tested on its own: the API, in twoway/api/tests, has JSON, not forms)."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in ("admin", "api"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names

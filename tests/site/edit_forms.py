"""Every form that shows saved values for a person to change, and every other URL.

``EDIT_FORMS`` names each edit form by the URL it posts to, the person who uses
it and the page that shows it. ``NOT_EDIT_FORMS`` names every other URL with the
reason it is not one. ``test_edit_forms_round_trip.py`` fails when a URL is in
neither, so a new edit form cannot be added without its round trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.site.world import World
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
}


def url_names() -> set[str]:
    """Every named URL of the site, outside the Django admin (tested on its own)."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names

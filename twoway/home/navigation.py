"""The main navigation, by role. Each entry names the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from twoway.core.models import Role
from twoway.core.roles import MANAGES_SOME_PROGRAM as SCOPED
from twoway.core.roles import user_has_role
from twoway.people.access import user_person

A, PM, S = Role.ADMINISTRATOR, Role.PROGRAM_MANAGER, Role.SPONSOR


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every signed-in user
    needs_person: bool = False
    section: str = ""  # the first path segment it highlights


NAV = (
    NavItem("My profile", "home:me", needs_person=True, section="me"),
    NavItem("My programs", "home:my_programs", needs_person=True, section="my-programs"),
    NavItem("My pairs", "pairs:mine", needs_person=True, section="pairs"),
    NavItem("Events", "events:list", needs_person=True, section="events"),
    NavItem("Who can teach me", "skills:directory", section="directory"),
    NavItem("Blind spots", "skills:assessment", needs_person=True, section="blind-spots"),
    NavItem("Programs", "programs:list", roles=(PM, S, SCOPED), section="programs"),
    NavItem("People", "people:list", roles=(PM,), section="people"),
    NavItem("Skills map", "skills:map", roles=(PM, S), section="skills-map"),
    NavItem("Outcomes", "outcomes:organisation", roles=(S,), section="outcomes"),
    NavItem("Catalogue", "skills:catalogue", section="skills"),
    NavItem("You said, we did", "insights:you_said_we_did", section="you-said-we-did"),
    NavItem("Import", "people:import_upload", roles=(A,), section="import"),
    NavItem("Audit log", "audit:list", roles=(A,), section="audit"),
)


@cache
def _url(url_name: str, prefix: str) -> str:
    """A navigation entry's address: the same for every request under one prefix, so
    it is reversed once per process, not on every page."""
    return reverse(url_name)


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    has_person = user_person(user) is not None
    first_segment = request.path.strip("/").split("/", 1)[0]
    prefix = get_script_prefix()
    items = []
    for item in NAV:
        if item.roles and not user_has_role(user, *item.roles):
            continue
        if item.needs_person and not has_person:
            continue
        items.append(
            {
                "label": item.label,
                "url": _url(item.url_name, prefix),
                "current": (item.section == first_segment) if item.section else request.path == "/",
            }
        )
    return items

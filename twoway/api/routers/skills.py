"""The skills catalogue (``skills.selectors.skill_list``)."""

from django.db.models.functions import Lower
from django.http import HttpRequest
from ninja import Query, Router

from twoway.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, cursor_page, next_link
from twoway.api.schemas import ERRORS, SkillPage, skill_out
from twoway.skills.selectors import skill_list

router = Router(tags=["skills"])

ORDERING = ("name_lower", "pk")


@router.get("/skills", response={200: SkillPage, **ERRORS}, summary="The skills catalogue")
def skills_list(
    request: HttpRequest,
    q: str = "",
    category: str = "",
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> SkillPage:
    """Active skills by name (administrators also see retired ones); ``q`` searches
    names and synonyms, ``category`` keeps one category."""
    skills = skill_list(user=request.user, q=q, category=category).annotate(
        name_lower=Lower("name")
    )
    page = cursor_page(skills, ORDERING, cursor, limit)
    return SkillPage(items=[skill_out(s) for s in page.items], next=next_link(request, page))

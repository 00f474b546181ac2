"""Insights raised and grouped through the services, for the tests."""

from __future__ import annotations

from typing import Any

from twoway.core.models import User
from twoway.insights.models import Insight, InsightAction
from twoway.insights.services import action_create, insight_raise
from twoway.programs.models import Program


def raise_insight(user: User | None, program: Program, **fields: Any) -> Insight:
    assert user is not None, "only a person with a login raises an insight"
    fields.setdefault("kind", Insight.Kind.STOP)
    fields.setdefault("title", "Stop printing the monthly report")
    fields.setdefault("text", "Nobody reads it on paper.")
    fields.setdefault("anonymous", False)
    fields.setdefault("name_shown", False)
    return insight_raise(actor=user, person=user.person, program=program, **fields)


def group(
    user: User, program: Program, insights: list[Insight], title: str = "Print less"
) -> InsightAction:
    return action_create(actor=user, program=program, title=title, insights=insights)

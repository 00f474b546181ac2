"""Template helpers that word program and enrollment states the same way everywhere."""

from __future__ import annotations

from typing import Any

from django import forms, template

from twoway.programs.forms import RuleForm
from twoway.programs.models import Enrollment, Program

register = template.Library()

STATUS_CLASS: dict[str, str] = {
    Program.Status.DRAFT: "",
    Program.Status.ENROLLING: "badge-primary",
    Program.Status.MATCHING: "badge-warn",
    Program.Status.ACTIVE: "badge-accent",
    Program.Status.CLOSED: "",
    Enrollment.Status.INVITED: "badge-primary",
    Enrollment.Status.PENDING_APPROVAL: "badge-warn",
    Enrollment.Status.ENROLLED: "badge-accent",
    Enrollment.Status.DECLINED: "badge-error",
    Enrollment.Status.WITHDRAWN: "",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "")


@register.filter
def cadence(program: Program) -> str:
    """E.g. "6 sessions of 60 minutes, every 3 weeks"."""
    sessions = program.planned_sessions
    weeks = program.weeks_between_sessions
    every = "every week" if weeks == 1 else f"every {weeks} weeks"
    plural = "" if sessions == 1 else "s"
    return f"{sessions} session{plural} of {program.session_minutes} minutes, {every}"


@register.filter
def is_choice_group(bound_field: forms.BoundField) -> bool:
    """Radio buttons and checkbox lists, which get a fieldset and a legend."""
    return isinstance(bound_field.field.widget, forms.RadioSelect)


@register.filter
def is_wide(bound_field: forms.BoundField) -> bool:
    """Fields that take a whole row of a form grid."""
    widget = bound_field.field.widget
    return isinstance(widget, forms.Textarea | forms.RadioSelect | forms.CheckboxInput) or (
        bound_field.name in {"name", "purpose", "reporting_line_depth"}
    )


@register.filter
def thousands(value: Any) -> str:
    """4210 -> "4,210"."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


@register.filter
def percent_of(part: Any, whole: Any) -> float:
    """``part`` as a percentage of ``whole`` (0 when ``whole`` is 0), for bar widths."""
    try:
        return round(100 * float(part) / float(whole), 1) if whole else 0.0
    except (TypeError, ValueError):
        return 0.0


@register.filter
def split_words(text: str) -> list[str]:
    return text.split()


@register.filter
def field_named(form: forms.BaseForm, name: str) -> forms.BoundField:
    return form[name]


@register.filter
def unit_rows(form: RuleForm, name: str) -> list[dict[str, Any]]:
    return form.unit_rows(name)


@register.filter
def topic_summary(enrollment: Enrollment, limit: int = 3) -> dict[str, Any]:
    """An enrollment's topics, a few of each direction, for a table cell."""
    out: dict[str, Any] = {}
    for direction in ("teach", "learn"):
        names = [t.skill.name for t in enrollment.topics.all() if t.direction == direction]
        out[direction] = names[:limit]
        out[f"{direction}_more"] = max(0, len(names) - limit)
    return out

"""The arc editor (one form per session), the launch page's message and the call
for topics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from twoway.guides.arc import ArcStep
from twoway.guides.models import (
    AGENDA_MAX_LENGTH,
    MAX_SESSIONS,
    QUESTIONS_MAX_LENGTH,
    SPONSOR_MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from twoway.skills.models import LEVEL_CHOICES, Skill

TOPIC_ROWS = 5


class ArcStepForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX_LENGTH)
    agenda = forms.CharField(
        label="Suggested agenda",
        required=False,
        max_length=AGENDA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the pair could do in this session, in a few sentences.",
    )
    questions = forms.CharField(
        label="Questions to start from",
        required=False,
        max_length=QUESTIONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One question per line.",
    )

    @staticmethod
    def initial_for(step: ArcStep) -> dict[str, str]:
        return {"title": step.title, "agenda": step.agenda, "questions": "\n".join(step.questions)}

    def step(self) -> ArcStep:
        data = self.cleaned_data
        questions = [line for line in data["questions"].splitlines() if line.strip()]
        return ArcStep(0, data["title"], data["agenda"], questions)


class BaseArcFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this session"


ArcFormSet = formset_factory(
    ArcStepForm,
    formset=BaseArcFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_SESSIONS,
    validate_max=True,
)


def arc_steps_from(formset: Any) -> list[ArcStep]:
    """The sessions a valid formset keeps, in the order shown (new ones last)."""
    return [
        form.step()
        for form in formset.forms
        if form.has_changed() or not form.empty_permitted
        if not formset.can_delete or not form.cleaned_data.get("DELETE")
    ]


class LaunchForm(forms.Form):
    sponsor_message = forms.CharField(
        label="The sponsor's message",
        max_length=SPONSOR_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Why the program matters and what you hope people take from it, in "
        "the sponsor's own words. Everyone invited reads it first.",
    )


class TopicCallForm(forms.Form):
    """A few rows of a skill and a level: what someone is comfortable sharing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = Skill.objects.filter(is_active=True).order_by("name")
        levels = [("", "Choose a level"), *[(v, f"{v} · {w}") for v, w in LEVEL_CHOICES]]
        for row in range(1, TOPIC_ROWS + 1):
            self.fields[f"skill_{row}"] = forms.ModelChoiceField(
                label=f"Skill {row}", queryset=skills, required=False, empty_label="Choose a skill"
            )
            self.fields[f"level_{row}"] = forms.TypedChoiceField(
                label=f"How well you know skill {row}",
                choices=levels,
                coerce=int,
                required=False,
                empty_value=None,
            )

    @property
    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"skill_{r}"], self[f"level_{r}"]) for r in range(1, TOPIC_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offers: list[tuple[Skill, int]] = []
        for row in range(1, TOPIC_ROWS + 1):
            skill, level = data.get(f"skill_{row}"), data.get(f"level_{row}")
            if skill is None and level is None:
                continue
            if skill is None:
                self.add_error(f"skill_{row}", "Choose the skill this level is for.")
            elif level is None:
                self.add_error(f"level_{row}", f"Choose how well you know {skill.name}.")
            else:
                offers.append((skill, level))
        if not offers and not self.errors:
            raise forms.ValidationError("Choose at least one skill you are comfortable sharing.")
        data["offers"] = offers
        return data

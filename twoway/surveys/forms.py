from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from twoway.surveys import instrument
from twoway.surveys.models import SurveyQuestion


def _choice_label(question: instrument.Question, value: int) -> str:
    values = question.values
    if question.kind == instrument.YES_NO:
        return "Yes" if value else "No"
    if value == values[0] and question.low:
        return f"{value} · {question.low}"
    if value == values[-1] and question.high:
        return f"{value} · {question.high}"
    return str(value)


@dataclass(frozen=True)
class Item:
    """One question of the page with its field; ``starts_group`` opens the GES block."""

    question: instrument.Question
    field: forms.BoundField
    starts_group: bool
    ends_group: bool


class SurveyForm(forms.Form):
    """The questions of one survey; every one may be skipped."""

    def __init__(self, *args: Any, questions: list[instrument.Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == instrument.TEXT:
                self.fields[question.key] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=instrument.TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            else:
                self.fields[question.key] = forms.TypedChoiceField(
                    label=question.text,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[(v, _choice_label(question, v)) for v in question.values],
                    widget=forms.RadioSelect,
                )

    def items(self) -> list[Item]:
        items = []
        for index, question in enumerate(self.questions):
            before = self.questions[index - 1].group if index else ""
            after = self.questions[index + 1].group if index + 1 < len(self.questions) else ""
            group = question.group
            items.append(
                Item(
                    question=question,
                    field=self[question.key],
                    starts_group=bool(group) and before != group,
                    ends_group=bool(group) and after != group,
                )
            )
        return items

    def answers(self) -> dict[str, int | str | None]:
        return {q.key: self.cleaned_data.get(q.key) for q in self.questions}


class QuestionForm(forms.Form):
    """A program's own question: added on the list page, changed on its own page."""

    text = forms.CharField(
        label="Question",
        max_length=SurveyQuestion.TEXT_MAX,
        help_text="Ask one thing, in the second person: “How often did you …”.",
    )
    kind = forms.ChoiceField(label="Answered with", choices=SurveyQuestion.Kind.choices)
    surveys = forms.ChoiceField(label="Asked in", choices=SurveyQuestion.Surveys.choices)
    low = forms.CharField(
        label="Words at 1 (scale only)",
        required=False,
        max_length=SurveyQuestion.LABEL_MAX,
        help_text="For example “Not at all”.",
    )
    high = forms.CharField(
        label="Words at 5 (scale only)",
        required=False,
        max_length=SurveyQuestion.LABEL_MAX,
        help_text="For example “Completely”.",
    )
    order = forms.IntegerField(label="Order", min_value=0, max_value=999, required=False)


class QuestionEditForm(QuestionForm):
    active = forms.BooleanField(
        label="Asked in surveys from now on",
        required=False,
        help_text="Untick to stop asking it. Answers already given are kept.",
    )

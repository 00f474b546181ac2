"""The forms of the insights pages: raise an insight, group insights, change an action."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from twoway.insights.models import TEXT_MAX, TITLE_MAX, Insight, InsightAction
from twoway.people.models import Person
from twoway.programs.models import Program


class RaiseForm(forms.Form):
    program = forms.ChoiceField(label="Which program is it about?")
    kind = forms.ChoiceField(
        label="What should the organisation do?",
        choices=Insight.Kind.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label="In a few words",
        max_length=TITLE_MAX,
        help_text="For example: “Stop printing the monthly report”.",
    )
    text = forms.CharField(
        label="What you noticed, and why it matters",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    anonymous = forms.BooleanField(
        label="Raise it anonymously",
        required=False,
        help_text="Only the program's managers can see who raised it; nobody else, ever.",
    )
    name_shown = forms.BooleanField(
        label="You may show my name on “You said, we did”",
        required=False,
        help_text="Without this tick, your words are quoted without your name.",
    )

    def __init__(self, *args: Any, programs: list[Program], fixed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed:
            del self.fields["program"]
        else:
            cast(forms.ChoiceField, self.fields["program"]).choices = [("", "Choose a program")] + [
                (program.slug, program.name) for program in programs
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous") and data.get("name_shown"):
            self.add_error(
                "name_shown", "An anonymous insight never shows your name: untick one of the two."
            )
        return data


class GroupForm(forms.Form):
    """Tick insights, then group them into a new action or add them to one."""

    insights = forms.MultipleChoiceField(
        label="Insights", error_messages={"required": "Tick the insights to group first."}
    )
    title = forms.CharField(label="Title of the new action", max_length=TITLE_MAX, required=False)
    action = forms.ChoiceField(label="Existing action", required=False)
    do = forms.ChoiceField(choices=[("new", "new"), ("add", "add")])

    def __init__(
        self, *args: Any, insight_uuids: list[str], actions: list[InsightAction], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["insights"]).choices = [
            (uuid, uuid) for uuid in insight_uuids
        ]
        cast(forms.ChoiceField, self.fields["action"]).choices = [("", "Choose an action")] + [
            (str(action.uuid), action.title) for action in actions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("do") == "new" and not (data.get("title") or "").strip():
            self.add_error("title", "Give the new action a title.")
        if data.get("do") == "add" and not data.get("action"):
            self.add_error("action", "Choose the action to add them to.")
        return data


class ActionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    owner_email = forms.EmailField(
        label="Owner's work e-mail",
        required=False,
        help_text="The person who answers for it, from the directory.",
    )
    owner_team = forms.CharField(label="Or the team that owns it", max_length=120, required=False)
    status = forms.ChoiceField(label="Status", choices=InsightAction.Status.choices)
    what_changed = forms.CharField(
        label="What changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to mark it done: everyone in the program reads it.",
    )
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A page that shows the change.",
    )
    wont_do_reason = forms.CharField(
        label="Why we won't do it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for “won't do”: the people who raised it read the reason.",
    )

    @classmethod
    def for_action(cls, action: InsightAction) -> ActionForm:
        return cls(
            initial={
                "title": action.title,
                "owner_email": action.owner.email if action.owner is not None else "",
                "owner_team": action.owner_team,
                "status": action.status,
                "what_changed": action.what_changed,
                "link": action.link,
                "wont_do_reason": action.wont_do_reason,
            }
        )

    def clean_owner_email(self) -> Person | None:
        email = self.cleaned_data["owner_email"]
        if not email:
            return None
        owner = Person.objects.filter(email__iexact=email).order_by("pk").first()
        if owner is None:
            raise forms.ValidationError("Nobody in the directory has this e-mail.")
        return owner

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "owner": data["owner_email"],
            "owner_team": data["owner_team"],
            "status": data["status"],
            "what_changed": data["what_changed"],
            "link": data["link"],
            "wont_do_reason": data["wont_do_reason"],
        }

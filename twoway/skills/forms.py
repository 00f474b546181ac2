"""Forms parse what the browser sent; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms

from twoway.people.models import OrgUnit
from twoway.skills.models import LEVEL_CHOICES, PersonSkill, Skill

LEVEL_FIELD_CHOICES = [(value, f"{value} · {word}") for value, word in LEVEL_CHOICES]
LEVEL_ERRORS = {
    "required": "Choose a level from 1 (new to it) to 5 (expert).",
    "invalid_choice": "Choose a level from 1 (new to it) to 5 (expert).",
}


class SkillForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    category = forms.ChoiceField(
        label="Category", choices=[("", "Choose a category…"), *Skill.Category.choices]
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences: what someone would learn.",
    )
    synonyms = forms.CharField(
        label="Synonyms",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Other words people use for it, one per line (a tool's name, a nickname). "
        "The type-ahead and the directory find the skill by any of them.",
    )
    is_key = forms.BooleanField(
        label="Key skill: part of the blind-spot self-assessment", required=False
    )
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        initial=True,
        help_text="Inactive skills leave the type-ahead, the directory and the "
        "self-assessment; people keep what they already listed.",
    )

    @classmethod
    def for_skill(cls, skill: Skill, data: Any = None) -> SkillForm:
        fields = ("name", "category", "description", "synonyms", "is_key", "is_active")
        return cls(data, initial={name: getattr(skill, name) for name in fields})


class SkillFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or synonym"}),
    )
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Skill.Category.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and inactive"), ("active", "Active"), ("inactive", "Inactive")],
    )


class PersonSkillEditForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Level",
        choices=LEVEL_FIELD_CHOICES,
        coerce=int,
        error_messages=LEVEL_ERRORS,
    )
    note = forms.CharField(label="Note", required=False, strip=True)


class PersonSkillAddForm(PersonSkillEditForm):
    direction = forms.ChoiceField(
        label="List",
        choices=PersonSkill.Direction.choices,
        error_messages={
            "required": "Choose whether you offer it or want to learn it.",
            "invalid_choice": "Choose whether you offer it or want to learn it.",
        },
    )
    # Blank is left to the service, which says what to type.
    skill = forms.CharField(
        label="Skill",
        max_length=200,
        required=False,
        error_messages={"max_length": "That is too long for a skill name."},
    )

    field_order = ("direction", "skill", "level", "note")


class DirectoryForm(forms.Form):
    skill = forms.CharField(label="Skill or topic", required=False, max_length=200)
    department = forms.ModelChoiceField(
        label="Department",
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        to_field_name="uuid",
        empty_label="Any department",
        help_text="Includes its teams.",
    )
    level_min = forms.IntegerField(label="Job level from", required=False, min_value=0)
    level_max = forms.IntegerField(label="Job level to", required=False, min_value=0)
    skill_level_min = forms.TypedChoiceField(
        label="Teaches at least",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any skill level"), *LEVEL_FIELD_CHOICES],
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("level_min"), data.get("level_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError("“Job level from” must not be above “Job level to”.")
        return data

    def filters(self) -> dict[str, Any]:
        keys = ("department", "level_min", "level_max", "skill_level_min")
        return {key: self.cleaned_data.get(key) for key in keys}


class SkillMapFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Skill.Category.choices]
    )


class SelfAssessmentForm(forms.Form):
    """One 1-5 rating per key skill; fields are named after the skill's uuid."""

    def __init__(
        self,
        data: Any = None,
        *,
        groups: list[tuple[str, list[Skill]]],
        previous: dict[int, int] | None = None,
    ) -> None:
        super().__init__(data)
        previous = previous or {}
        self.groups = groups
        self.skills: dict[str, Skill] = {}
        for _label, skills in groups:
            for skill in skills:
                name = f"skill-{skill.uuid}"
                self.skills[name] = skill
                self.fields[name] = forms.TypedChoiceField(
                    label=skill.name,
                    choices=LEVEL_FIELD_CHOICES,
                    coerce=int,
                    initial=previous.get(skill.pk),
                    error_messages={"required": "Choose a rating for this skill."},
                )

    def questions(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The questions by category, each with its skill, bound field and current answer."""
        return [
            (
                label,
                [
                    {
                        "skill": skill,
                        "field": self[f"skill-{skill.uuid}"],
                        "value": str(self[f"skill-{skill.uuid}"].value() or ""),
                    }
                    for skill in skills
                ],
            )
            for label, skills in self.groups
        ]

    def ratings(self) -> dict[int, int]:
        return {skill.pk: self.cleaned_data[name] for name, skill in self.skills.items()}

"""Forms of the matching pages: starting a run, filtering the review, opting
out of a proposal, asking someone to pair up."""

from __future__ import annotations

from typing import Any

from django import forms

from twoway.engine import COMPONENTS
from twoway.matching.selectors import COMPONENT_LABELS, department_choices
from twoway.people.models import OrgUnit
from twoway.programs.models import Side
from twoway.programs.weights import WeightField

WEIGHT_HELP = {
    "teach": "What the mentor can teach the mentee.",
    "teach_back": "What the mentee can teach the mentor in return.",
    "crossing": "Dividing lines the pair crosses (those the program values).",
    "level_gap": "Seniority difference in the program's direction.",
    "availability": "Time windows and meeting formats in common.",
    "time_zone": "Closeness of working hours.",
}


class RunStartForm(forms.Form):
    """Start a run; the six weights are prefilled from the program or the last run,
    each chosen by its label ("Matters a lot" ...; ``programs.weights``)."""

    dry_run = forms.BooleanField(
        label="Dry run",
        required=False,
        help_text="A dry run shows the pairs matching would propose, without touching the "
        "review; it can never be published.",
    )

    def __init__(self, *args: Any, weights: dict[str, float] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in COMPONENTS:
            self.fields[f"weight_{name}"] = WeightField(
                label=COMPONENT_LABELS[name],
                max_value=100,
                required=False,
                initial=(weights or {}).get(name),
                help_text=WEIGHT_HELP[name],
            )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in COMPONENTS]

    def weights(self) -> dict[str, float]:
        data = self.cleaned_data
        return {
            name: data[f"weight_{name}"]
            for name in COMPONENTS
            if data.get(f"weight_{name}") is not None
        }


class ProposalFilterForm(forms.Form):
    STATES = [
        ("", "Any"),
        ("locked", "Locked"),
        ("excluded", "Excluded"),
        ("opted_out", "Opted out"),
        ("seen", "Seen by the senior"),
    ]

    q = forms.CharField(label="Name", required=False, max_length=100)
    department = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Any department",
        to_field_name="uuid",
    )
    fit_below = forms.IntegerField(
        label="Fit below (0–100)", required=False, min_value=0, max_value=100
    )
    state = forms.ChoiceField(label="Review", choices=STATES, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)  # declared above
        department.queryset = department_choices()
        self.fields["q"].widget.attrs["type"] = "search"


class UnmatchedFilterForm(forms.Form):
    side = forms.ChoiceField(choices=[("", "Both sides"), *Side.choices], required=False)


class OptOutForm(forms.Form):
    reason = forms.CharField(
        label="Why (private)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the program's managers read this; your proposed partner never does.",
    )


class MatchRequestForm(forms.Form):
    to = forms.UUIDField(widget=forms.HiddenInput)
    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
    message = forms.CharField(
        label="A short message (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

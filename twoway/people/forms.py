from __future__ import annotations

from typing import Any

from django import forms

from twoway.people.models import OrgUnit, SelfDescription


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, e-mail or id"}),
    )
    department = forms.ModelChoiceField(
        label="Department",
        queryset=OrgUnit.objects.order_by("path"),
        required=False,
        to_field_name="uuid",
        empty_label="All departments",
    )
    level_min = forms.IntegerField(label="Level from", required=False, min_value=0)
    level_max = forms.IntegerField(label="Level to", required=False, min_value=0)
    leavers = forms.BooleanField(label="Include leavers", required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("level_min"), data.get("level_max")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError("'Level from' must not be above 'Level to'.")
        return data


class SelfDescriptionForm(forms.Form):
    kind = forms.ChoiceField(choices=SelfDescription.Kind.choices, widget=forms.HiddenInput)
    value = forms.CharField(label="Value", required=False, max_length=800)
    consent = forms.BooleanField(required=False)
    withdraw = forms.BooleanField(required=False, widget=forms.HiddenInput)

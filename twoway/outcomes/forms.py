"""The outcome page's one form: the date the report is about."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils import timezone

from twoway.core.forms import DateInput


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label="Figures as of",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "That is not a date: enter one such as 2026-03-01."},
        help_text="The report counts what was known on this day. Today if left empty.",
    )

    def clean_as_of(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("as_of")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("That date is still to come: choose today or before.")
        return value


def as_of_from(query: QueryDict) -> tuple[AsOfForm, dt.date]:
    """The form bound to the query string and the date to report on: the one asked
    for, or today when none is or it is not a date (the form then says why)."""
    today = timezone.localdate()
    if not query.get("as_of"):
        return AsOfForm(initial={"as_of": today}), today
    form = AsOfForm(query)
    if form.is_valid():
        return form, form.cleaned_data["as_of"] or today
    return form, today

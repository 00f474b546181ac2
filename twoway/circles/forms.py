"""Forms parse what the browser sent; the services decide whether it may be saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms

from twoway.circles.models import CircleMember
from twoway.circles.services import (
    LOG_MAX,
    REASON_MAX,
    SERIES_MAX,
    SIZE_LARGEST,
    SIZE_SMALLEST,
)
from twoway.core.forms import DateInput, LongSelect, TimeInput
from twoway.meetings.forms import time_zone_choices
from twoway.meetings.rules import PLACE_MAX


class FormCirclesForm(forms.Form):
    size_min = forms.IntegerField(
        label="Smallest circle",
        initial=6,
        min_value=SIZE_SMALLEST,
        max_value=SIZE_LARGEST,
        widget=forms.NumberInput(attrs={"min": SIZE_SMALLEST, "max": SIZE_LARGEST}),
    )
    size_max = forms.IntegerField(
        label="Largest circle",
        initial=8,
        min_value=SIZE_SMALLEST,
        max_value=SIZE_LARGEST,
        widget=forms.NumberInput(attrs={"min": SIZE_SMALLEST, "max": SIZE_LARGEST}),
    )


class PlanForm(forms.Form):
    """The first session of a series, and how many to plan."""

    date = forms.DateField(label="First session", widget=DateInput())
    time = forms.TimeField(label="Start time", widget=TimeInput())
    time_zone = forms.ChoiceField(label="Time zone", widget=LongSelect)
    count = forms.IntegerField(
        label="Sessions",
        min_value=1,
        max_value=SERIES_MAX,
        widget=forms.NumberInput(attrs={"min": 1, "max": SERIES_MAX}),
    )
    place = forms.CharField(label="Place", required=False, max_length=PLACE_MAX)
    video_url = forms.CharField(
        label="Video link",
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        time_zone = self.fields["time_zone"]
        assert isinstance(time_zone, forms.ChoiceField)  # declared above
        time_zone.choices = time_zone_choices()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_starts_at": dt.datetime.combine(data["date"], data["time"]),
            "time_zone": data["time_zone"],
            "count": data["count"],
            "place": data["place"],
            "video_url": data["video_url"],
        }


class LogForm(forms.Form):
    """The circle's log of a session and who came: written once, by any member."""

    log = forms.CharField(
        label="What happened",
        max_length=LOG_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was presented, and what the circle took away. Every member reads it; "
        "the program's managers do not.",
    )
    attended = forms.MultipleChoiceField(
        label="Who came", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Sequence[CircleMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_uuid = {str(m.person.uuid): m.person_id for m in members}
        attended = self.fields["attended"]
        assert isinstance(attended, forms.MultipleChoiceField)  # declared above
        attended.choices = [(str(m.person.uuid), m.person.name) for m in members]
        if not self.is_bound:
            self.initial.setdefault("attended", list(self.by_uuid))

    def attended_ids(self) -> list[int]:
        return [self.by_uuid[value] for value in self.cleaned_data["attended"]]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why it is cancelled",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Every member reads it.",
    )

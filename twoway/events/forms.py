"""The event form (create and edit) and the answer buttons."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.db.models import Q

from twoway.core.actors import Actor
from twoway.core.forms import DateInput, LongSelect, TimeInput
from twoway.core.roles import user_managed_program_ids
from twoway.events.models import LONGEST_MINUTES, TABLE_SIZES, Event, Rsvp
from twoway.events.services import CAPACITY_MAX, DURATION_MIN, PLACE_MAX, TITLE_MAX
from twoway.meetings.forms import time_zone_choices
from twoway.programs.models import Program


class EventForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    description = forms.CharField(
        label="What to expect",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few lines: what happens, whether there is food, what to bring.",
    )
    date = forms.DateField(label="Date", widget=DateInput())
    time = forms.TimeField(label="Start time", widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=DURATION_MIN,
        max_value=LONGEST_MINUTES,
        initial=90,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    time_zone = forms.ChoiceField(label="Time zone", widget=LongSelect)
    place = forms.CharField(label="Place", max_length=PLACE_MAX, required=False)
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=CAPACITY_MAX,
        help_text="Leave empty for no limit. Beyond it, a yes joins the waiting list.",
    )
    everyone = forms.BooleanField(
        label="Everyone in the organisation", required=False, help_text="An all-staff event."
    )
    programs = forms.ModelMultipleChoiceField(
        label="Or the people of these programs",
        queryset=Program.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seated = forms.BooleanField(
        label="Seated, with a table plan",
        required=False,
        help_text="You can then propose mixed tables among the people who said yes.",
    )
    table_size = forms.TypedChoiceField(
        label="People per table",
        choices=[(size, str(size)) for size in TABLE_SIZES],
        coerce=int,
        initial=max(TABLE_SIZES),
    )

    def __init__(self, *args: Any, user: Actor, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)  # declared above
        zone.choices = time_zone_choices()
        managed = user_managed_program_ids(user)
        programs = Program.objects.exclude(status=Program.Status.CLOSED)
        if managed is not None:
            programs = programs.filter(pk__in=managed)
            del self.fields[
                "everyone"
            ]  # all-staff events are for the whole organisation's managers
        if event is not None:
            # A program closed since keeps its box, so the form sends it back.
            programs = Program.objects.filter(Q(pk__in=programs) | Q(events=event))
        field = self.fields["programs"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = programs.distinct().order_by("name")

    @classmethod
    def for_event(cls, event: Event, **kwargs: Any) -> EventForm:
        local = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone))
        initial = {
            "title": event.title,
            "description": event.description,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": event.duration_minutes,
            "time_zone": event.time_zone,
            "place": event.place,
            "capacity": event.capacity,
            "everyone": event.everyone,
            "programs": list(event.programs.all()),
            "seated": event.seated,
            "table_size": event.table_size,
        }
        return cls(initial=initial, event=event, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "starts_at_local": dt.datetime.combine(data["date"], data["time"]),
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "capacity": data["capacity"],
            "everyone": bool(data.get("everyone")),
            "programs": list(data["programs"]),
            "seated": data["seated"],
            "table_size": data["table_size"],
        }


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)

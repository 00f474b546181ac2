"""Forms parse what the browser sent; the services decide whether it may be saved."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings

from twoway.core.forms import LongSelect
from twoway.meetings.models import Meeting, MeetingLog
from twoway.meetings.rules import (
    DURATION_MAX,
    DURATION_MIN,
    PLACE_MAX,
    PROGRESS_LABELS,
    REASON_MAX,
)
from twoway.meetings.selectors import LogView
from twoway.people.models import Person, time_zone_lookup
from twoway.programs.models import Program

RATING_CHOICES = [
    (5, "5 · excellent"),
    (4, "4 · good"),
    (3, "3 · fine"),
    (2, "2 · not great"),
    (1, "1 · poor"),
]
PROGRESS_CHOICES = [("", "Not rated")] + [
    (str(k), f"{k} · {v}") for k, v in PROGRESS_LABELS.items()
]


@functools.cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    """Read once: listing the tz database is slow, and every meeting form needs it."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix", "right"))
    )
    return tuple((name, name.replace("_", " ")) for name in ["UTC", *names])


def default_time_zone(person: Person | None) -> str:
    return (person and time_zone_lookup(person.time_zone)) or settings.TIME_ZONE


class MeetingForm(forms.Form):
    """When and where: the schedule form, and without ``repeat`` the reschedule form."""

    # Browsers' date and time inputs take ISO values only.
    date = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        widget=LongSelect,
        help_text="The time is kept in this zone: a series stays at the same local time "
        "when the clocks change.",
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        widget=forms.NumberInput(attrs={"min": DURATION_MIN, "max": DURATION_MAX, "step": 5}),
    )
    place = forms.CharField(
        label="Place",
        required=False,
        max_length=PLACE_MAX,
        help_text="A room, a café, or leave empty for a video call.",
    )
    video_url = forms.CharField(
        label="Video link",
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    repeat = forms.IntegerField(label="Repeat as a series of", initial=1)

    def __init__(self, *args: Any, program: Program, with_repeat: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        time_zone = self.fields["time_zone"]
        assert isinstance(time_zone, forms.ChoiceField)  # declared above
        time_zone.choices = time_zone_choices()
        if with_repeat:
            every = program.weeks_between_sessions
            self.fields["repeat"].widget.attrs.update({"min": 1, "max": Meeting.SERIES_MAX})
            self.fields["repeat"].help_text = (
                f"1 for a single meeting; more for a series, one every {every} "
                f"week{'s' if every != 1 else ''}, as the program plans "
                f"({program.planned_sessions} in all)."
            )
        else:
            del self.fields["repeat"]

    def starts_at_local(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {
            "starts_at_local": self.starts_at_local(),
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "place": data["place"],
            "video_url": data["video_url"],
        }
        if "repeat" in self.fields:
            arguments["repeat"] = data["repeat"]
        return arguments


class RescheduleForm(MeetingForm):
    reason = forms.CharField(
        label="Why it moves",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Your partner reads it.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, program=program, with_repeat=False, **kwargs)

    @classmethod
    def for_meeting(cls, meeting: Meeting, **kwargs: Any) -> RescheduleForm:
        local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "time_zone": meeting.time_zone,
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "video_url": meeting.video_url,
        }
        return cls(program=meeting.pair.program, initial=initial, prefix="move", **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "reason": self.cleaned_data["reason"]}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why you cancel",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Your partner reads it; the program's managers see only that it was cancelled.",
    )


class LogForm(forms.Form):
    """One side's log; a select per goal the author wrote in the agreement."""

    topics = forms.CharField(
        label="Topics covered",
        required=False,
        max_length=MeetingLog.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learned = forms.CharField(
        label="What I learned",
        required=False,
        max_length=MeetingLog.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    taught = forms.CharField(
        label="What I taught",
        required=False,
        max_length=MeetingLog.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rating = forms.TypedChoiceField(
        label="How was the meeting?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    shared_notes = forms.CharField(
        label="Notes for both of us",
        required=False,
        max_length=MeetingLog.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your partner reads these.",
    )
    private_notes = forms.CharField(
        label="Private notes",
        required=False,
        max_length=MeetingLog.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you read these: not your partner, not the program's managers. "
        "They are stored encrypted.",
    )

    def __init__(self, *args: Any, goals: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for index, goal in enumerate(goals):
            self.fields[f"goal_{index}"] = forms.ChoiceField(
                label=goal, choices=PROGRESS_CHOICES, required=False
            )

    @property
    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{index}"] for index in range(len(self.goals))]

    @property
    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("topics", "learned", "taught")]

    @classmethod
    def for_log(cls, log: MeetingLog | LogView, *, goals: list[str], **kwargs: Any) -> LogForm:
        """The edit form of ``log`` (a log or its ``LogView``), filled in;
        ``goals`` include those it rated (``services.log_goals``)."""
        progress = {entry["goal"]: str(entry["progress"]) for entry in log.goal_progress}
        initial = {
            name: getattr(log, name)
            for name in ("topics", "learned", "taught", "rating", "shared_notes", "private_notes")
        }
        initial |= {f"goal_{i}": progress.get(goal, "") for i, goal in enumerate(goals)}
        return cls(goals=goals, initial=initial, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        progress = [
            {"goal": goal, "progress": int(data[f"goal_{index}"])}
            for index, goal in enumerate(self.goals)
            if data.get(f"goal_{index}") not in (None, "")
        ]
        return {
            "topics": data["topics"],
            "learned": data["learned"],
            "taught": data["taught"],
            "goal_progress": progress,
            "rating": data["rating"],
            "shared_notes": data["shared_notes"],
            "private_notes": data["private_notes"],
        }

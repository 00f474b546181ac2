from __future__ import annotations

from typing import Any

from django import forms

from twoway.notifications.models import Kind

# One line for each kind on the settings page: when it comes and why.
KIND_HELP = {
    Kind.MEETING_INVITE: "A calendar invitation when a meeting is planned, moved or cancelled.",
    Kind.MEETING_SOON: "A reminder the day before a meeting, with its time, place and link.",
    Kind.LOG_MEETING: "A nudge after a meeting you have not logged yet.",
    Kind.AGREEMENT: "When your pair's agreement is new or changed and needs your signature.",
    Kind.PULSE: "Two quick questions about your pair, 30 days in and then every 60 days.",
    Kind.RISK_DIGEST: "For program managers: once a week, the pairs at risk and why.",
    Kind.ESCALATION: "For sponsors: when one side of a pair keeps cancelling meetings.",
}


class EmailPreferencesForm(forms.Form):
    """A checkbox per kind of e-mail; ticked means "send me these"."""

    def __init__(self, *args: Any, enabled: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label,
                help_text=KIND_HELP[kind],
                required=False,
                initial=kind.value in enabled,
            )

    def enabled_kinds(self) -> list[str]:
        return [kind for kind, on in self.cleaned_data.items() if on]

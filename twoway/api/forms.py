from __future__ import annotations

from django import forms

from twoway.api.services import NAME_MAX

NEVER = "never"
EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    (NEVER, "Never (revoke it when it is no longer needed)"),
]


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        help_text="What will use it, e.g. “Team dashboard” or “My calendar script”.",
    )
    write = forms.BooleanField(
        label="Allow it to change things (read and write)",
        required=False,
        help_text="Leave unticked for a token that can only read.",
    )
    expires = forms.ChoiceField(label="Expires", choices=EXPIRY_CHOICES, initial="90")

    def expires_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == NEVER else int(value)

"""The form that grants a role on the roles page."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from twoway.core.models import Role, RoleGrant, User
from twoway.core.services import GRANTABLE

_IN_BRACKETS = re.compile(r"<([^<>]+)>\s*$")


class RoleGrantForm(forms.Form):
    user = forms.CharField(
        label="Who",
        max_length=320,
        help_text="Their e-mail address, or start typing their name and pick it from the list.",
        widget=forms.TextInput(attrs={"list": "role-users", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(role.value, role.label) for role in Role if role in GRANTABLE],
        help_text="A safeguarding contact reads the confidential reports filed through "
        "Speak up; they cannot also manage programs.",
    )
    program: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Program",
        queryset=None,  # set in __init__: the programs app's model, read through RoleGrant
        required=False,
        empty_label="Every program",
        help_text="For a program manager only: leave “Every program” to let them run them all.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        program_model = RoleGrant._meta.get_field("program").related_model
        assert isinstance(program_model, type)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = program_model._default_manager.order_by("name")

    def clean_user(self) -> User:
        typed = self.cleaned_data["user"].strip()
        found = _IN_BRACKETS.search(typed)
        email = (found.group(1) if found else typed).strip()
        if "@" not in email:
            raise forms.ValidationError("Type the e-mail address, or pick a name from the list.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                f"No account has the address {email}. People get an account when they are "
                "invited to log in (People page) or added in the Django admin."
            )
        return user

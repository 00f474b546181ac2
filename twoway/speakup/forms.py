"""Filing a report, following one by its code, and the contacts' replies."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from twoway.programs.models import Program
from twoway.speakup.models import HAPPENED_MAX_LENGTH, REPLY_MAX_LENGTH, WISH_MAX_LENGTH, Report


class ReportForm(forms.Form):
    happened = forms.CharField(
        label="What happened",
        max_length=HAPPENED_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="In your own words: what happened, when, and who was involved, as far as "
        "you feel able to say.",
    )
    wish = forms.CharField(
        label="What you would like to happen",
        required=False,
        max_length=WISH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For instance: “to be paired with someone else”, “that someone talks to "
        "them”, or “nothing yet, I want it on record”.",
    )
    program: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Is it about a program?",
        queryset=Program.objects.none(),
        required=False,
        empty_label="No, or I would rather not say",
    )
    anonymous = forms.BooleanField(
        label="File it anonymously",
        required=False,
        help_text="Nothing will link the report to you. You get a reference and a code to "
        "follow it, shown once; nobody can reply to you by e-mail.",
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, programs: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("key", secrets.token_urlsafe(24))
        super().__init__(*args, **kwargs)
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programs if programs is not None else Program.objects.none()


class FollowUpForm(forms.Form):
    reference = forms.CharField(label="Reference", max_length=20)
    code = forms.CharField(
        label="Follow-up code",
        max_length=40,
        help_text="The code shown when you filed the report, e.g. ABCD-EFGH-JKLM-NPQR.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The reporter reads it on their report's page. It is never sent by e-mail.",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Report.Status.choices)

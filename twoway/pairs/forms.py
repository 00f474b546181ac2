"""Forms parse what the browser sent; the services decide whether it may be saved."""

from __future__ import annotations

from typing import Any

from django import forms

from twoway.pairs.models import Agreement, Pair, Reflection
from twoway.pairs.services import NOTE_MAX
from twoway.people.import_forms import ImportUploadForm

GOALS_HELP = "One goal per line: each becomes a line you both track progress against."


class AgreementForm(forms.Form):
    """Every part of the agreement, and the version the writer saw."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data: Any = None, *, pair: Pair, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        mentor, mentee = pair.mentor.first_name, pair.mentee.first_name
        labels = {
            "mentor_goals": (f"What {mentor} (mentor) wants to learn", GOALS_HELP),
            "mentor_offers": (f"What {mentor} offers", ""),
            "mentee_goals": (f"What {mentee} (mentee) wants to learn", GOALS_HELP),
            "mentee_offers": (f"What {mentee} offers", ""),
            "cadence": ("How often you meet", ""),
            "meeting_format": ("Where and how you meet", "In person, by video, walking …"),
            "confidentiality": ("Confidentiality, with its exceptions", ""),
            "conduct": ("Code of conduct", ""),
            "ending": ("How either of you can end it", ""),
        }
        for part in Agreement.PARTS:
            label, help_text = labels[part]
            rows = 2 if part in ("cadence", "meeting_format") else 4
            self.fields[part] = forms.CharField(
                label=label,
                required=False,
                max_length=Agreement.MAX_LENGTH,
                help_text=help_text,
                strip=True,
                widget=forms.Textarea(attrs={"rows": rows}),
            )

    def changes(self) -> dict[str, str]:
        return {part: self.cleaned_data.get(part, "") for part in Agreement.PARTS}


class SignForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The page to return to: the pair's page (the default) or the agreement's.
    back = forms.ChoiceField(
        choices=[("pair", "pair"), ("agreement", "agreement")],
        required=False,
        widget=forms.HiddenInput,
    )


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Why are you ending it?",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the program's managers read this. Your partner is told the pair "
        "has ended, not why and not by whom.",
    )


class ReflectionForm(forms.Form):
    changed = forms.CharField(
        label="What changed for me",
        max_length=Reflection.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    differently = forms.CharField(
        label="What I will do differently",
        max_length=Reflection.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CheckinForm(forms.Form):
    quality = forms.TypedChoiceField(
        label="How is your pair going?",
        coerce=int,
        choices=[
            (5, "5 · Excellent"),
            (4, "4 · Good"),
            (3, "3 · All right"),
            (2, "2 · Not great"),
            (1, "1 · Poor"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything the program's managers should know?",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the program's managers read your answers; your partner does not.",
    )


class RematchForm(forms.Form):
    partner = forms.UUIDField(widget=forms.HiddenInput)


class CohortUploadForm(ImportUploadForm):
    """A past cohort's file (the HR import's checks of the upload), and "check only"."""

    dry_run = forms.BooleanField(label="Check only: save nothing", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["mark_leavers"]
        self.fields["file"].label = "Past cohort file"
        self.fields[
            "file"
        ].help_text = "A .csv or .xlsx file with a header row and one row per participant."

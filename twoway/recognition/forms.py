"""Forms of the recognition pages: kudos between partners, an award by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from twoway.people.models import Person
from twoway.recognition.models import Kudos
from twoway.recognition.services import AWARD_NOTE_MAX, TITLE_MAX


class KudosForm(forms.Form):
    category = forms.ChoiceField(label="Thank them for", choices=Kudos.Category.choices)
    # Validation only: the pair page draws the form itself, offering only the
    # categories still open (recognition_panel).
    note = forms.CharField(label="A few words", required=False, max_length=Kudos.MAX_LENGTH)


class AwardForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Who", queryset=Person.objects.none(), to_field_name="uuid", empty_label="Choose…"
    )
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX,
        help_text="What the badge on their profile says, e.g. “Brought AI tools to the board”.",
    )
    note = forms.CharField(
        label="Why",
        required=False,
        max_length=AWARD_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Any = None, *, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)  # declared above
        person.queryset = people

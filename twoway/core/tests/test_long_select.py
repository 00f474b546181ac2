"""``LongSelect`` writes what Django's own ``Select`` would, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from twoway.core.forms import LongSelect
from twoway.meetings.forms import MeetingForm, time_zone_choices
from twoway.testing.factories import ProgramFactory

CHOICES = [
    ("", "Choose one"),
    ("Europe/Paris", "Europe/Paris"),
    ("a&b", 'Quotes " and <tags>'),
    ("Groups", [("America/New_York", "America/New York"), ("x<y", "x < y")]),
]


def tight(html: str) -> str:
    """Markup without the line breaks Django's templates leave between tags."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "Europe/Paris", "x<y", "missing"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_zone", "required": True, "aria-describedby": "id_zone_helptext"}],
)
def test_long_select_writes_what_select_writes(value, attrs):
    expected = forms.Select(choices=CHOICES).render("zone", value, attrs)
    assert LongSelect(choices=CHOICES).render("zone", value, attrs) == tight(expected)


def test_long_select_escapes_labels_and_values():
    html = LongSelect(choices=CHOICES).render("zone", "x<y")
    assert "<tags>" not in html and "&lt;tags&gt;" in html
    assert '<option value="x&lt;y" selected>x &lt; y</option>' in html


@pytest.mark.django_db
def test_meeting_form_zone_field_renders_every_zone_with_the_chosen_one_selected():
    form = MeetingForm(program=ProgramFactory(), initial={"time_zone": "Asia/Tokyo"})
    html = str(form["time_zone"])
    assert html.count("<option ") == len(time_zone_choices())
    assert '<option value="Asia/Tokyo" selected>Asia/Tokyo</option>' in html
    assert html == tight(form["time_zone"].as_widget(forms.Select(choices=time_zone_choices())))

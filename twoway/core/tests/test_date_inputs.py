"""Every date and time input in Twoway renders its value as a browser reads it.

A browser's ``<input type="date">`` understands only ISO dates; a value rendered in
the site's locale (01/05/2027) is shown empty and sent back empty, so an unchanged
save erased the program's dates. This holds every form class in the project to
ISO, and ``tests/site/test_edit_forms_round_trip.py`` round-trips the real pages.
"""

import datetime as dt
import importlib
import pkgutil

from django import forms
from django.utils import translation

import twoway
from twoway.core.forms import DateInput, TimeInput

SAMPLES = {
    "date": (dt.date(2027, 5, 1), "2027-05-01"),
    "time": (dt.time(14, 30), "14:30"),
    "datetime-local": (dt.datetime(2027, 5, 1, 14, 30), "2027-05-01T14:30"),
}


def _form_classes() -> set[type[forms.Form] | type[forms.ModelForm]]:
    for module in pkgutil.walk_packages(twoway.__path__, "twoway."):
        if module.name.rsplit(".", 1)[-1].endswith("forms") and ".tests" not in module.name:
            importlib.import_module(module.name)
    found: set[type[forms.Form] | type[forms.ModelForm]] = set()
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            # Form and ModelForm are the bases that give a class its base_fields.
            if sub.__module__.startswith("twoway.") and issubclass(
                sub, (forms.Form, forms.ModelForm)
            ):
                found.add(sub)
    return found


def test_the_shared_widgets_render_iso_in_the_sites_language():
    with translation.override("en-gb"):
        assert DateInput().format_value(dt.date(2027, 5, 1)) == "2027-05-01"
        assert TimeInput().format_value(dt.time(9, 5)) == "09:05"


def test_every_date_and_time_input_in_every_form_renders_iso():
    classes = _form_classes()
    assert len(classes) > 20, "the walk found too few forms to be trusted"
    checked, wrong = 0, []
    with translation.override("en-gb"):
        for form in classes:
            for name, field in form.base_fields.items():
                kind = getattr(field.widget, "input_type", "")
                if kind in SAMPLES:
                    checked += 1
                    value, expected = SAMPLES[kind]
                    if field.widget.format_value(value) != expected:
                        wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert checked >= 3
    assert wrong == [], "use twoway.core.forms.DateInput / TimeInput"

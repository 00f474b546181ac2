"""What views do with forms and the services' refusals, the same way on every page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def form_add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when the form has it,
    above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            field = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for error in errors:
                form.add_error(field, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def form_error_text(form: forms.Form) -> str:
    """All of a form's errors as one text, for a message after a redirect.

    The messages name what they are about, so no field labels are added.
    """
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class DateInput(forms.DateInput):
    """``<input type="date">``. A browser reads and sends only ISO dates (2027-05-01):
    a date rendered in the site's locale (01/05/2027) shows as empty and is sent
    back empty, which would erase it on an unchanged save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    """``<input type="time">``, rendered as a browser reads it (14:30)."""

    input_type = "time"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _attributes(attrs: dict[str, object]) -> SafeString:
    """A widget's attributes as Django's ``attrs.html`` writes them: in their order,
    ``True`` as a bare name, ``False`` left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class LongSelect(forms.Select):
    """A ``<select>`` of hundreds of options (the time zones), written in Python.

    Django renders each option through a template of its own: the 420 time zones
    cost about 20 ms of CPU on every page with a meeting form. This writes the same
    markup (the same attributes, ``selected``, option groups) directly.
    """

    def render(
        self,
        name: str,
        value: object,
        attrs: dict[str, object] | None = None,
        renderer: object = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))

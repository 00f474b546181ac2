"""What views do with forms and the services' refusals, the same way on every page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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

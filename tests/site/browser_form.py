"""What a browser sends when a person submits a form on one of our pages unchanged.

A test that posts a hand-built dict cannot see a field the browser renders but
cannot read back: a date rendered as ``05/01/2027`` inside ``<input type="date">``
is shown empty and sent empty. This module reads a page's HTML and builds the
submission the way the HTML standard says a browser does ("constructing the entry
list", with each input's value sanitisation and the urlencoded form's line breaks),
so that a round trip through it finds what a person would lose.
``tests/browser/test_browser_form_matches_chromium.py`` holds it to what Chromium
actually sends for every edit form in ``tests/site/edit_forms.py``.

>>> html = '''<form method="post" action="/x/"><input name="a" value="1">
... <input type="date" name="d" value="05/01/2027"><input type="checkbox" name="c">
... <textarea name="t">
... one
... two</textarea><button name="go" value="save">Save</button></form>'''
>>> form_find(html).submission()
[('a', '1'), ('d', ''), ('t', 'one\\r\\ntwo'), ('go', 'save')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Value sanitisation (HTML standard, "input type" sections) for the types we render.
_DATE = re.compile(r"^\d{4,}-(\d\d)-(\d\d)$")
_TIME = re.compile(r"^(\d\d):(\d\d)(:(\d\d)(\.\d{1,3})?)?$")
_MONTH = re.compile(r"^\d{4,}-(\d\d)$")
_FLOAT = re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$")
_SUBMIT_TYPES = {"submit", "image"}
_BUTTON_TYPES = {"submit", "reset", "button"}


def _valid_date(value: str) -> bool:
    match = _DATE.match(value)
    if not match:
        return False
    month, day = int(match.group(1)), int(match.group(2))
    year = int(value.split("-")[0])
    if not 1 <= month <= 12 or day < 1:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days and year > 0


def _valid_time(value: str) -> bool:
    match = _TIME.match(value)
    return bool(
        match
        and int(match.group(1)) < 24
        and int(match.group(2)) < 60
        and (match.group(4) is None or int(match.group(4)) < 60)
    )


def _strip_newlines(value: str) -> str:
    return value.replace("\r", "").replace("\n", "")


def input_value_sanitised(kind: str, value: str) -> str:
    """The value a browser holds for ``<input type=kind value=value>``."""
    if kind in {"text", "search", "tel", "password", "hidden"}:
        return value if kind == "hidden" else _strip_newlines(value)
    if kind in {"email", "url"}:
        return _strip_newlines(value).strip(" \t\n\f\r")
    if kind == "date":
        return value if _valid_date(value) else ""
    if kind == "time":
        return value if _valid_time(value) else ""
    if kind == "datetime-local":
        date, _, time = value.replace(" ", "T").partition("T")
        return f"{date}T{time}" if _valid_date(date) and _valid_time(time) else ""
    if kind == "month":
        return value if _MONTH.match(value) and 1 <= int(value[-2:]) <= 12 else ""
    if kind == "number":
        return value if _FLOAT.match(value) else ""
    if kind == "color":
        return value.lower() if re.match(r"^#[0-9a-fA-F]{6}$", value) else "#000000"
    return value


def _crlf(value: str) -> str:
    """application/x-www-form-urlencoded turns every line break into CR LF."""
    return re.sub(r"\r\n|\r|\n", "\r\n", value)


@dataclass
class _Option:
    value: str
    selected: bool
    disabled: bool


@dataclass
class Control:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""  # a textarea's content, or an option list's owner
    options: list[_Option] = field(default_factory=list)
    disabled_by_fieldset: bool = False

    @property
    def name(self) -> str:
        return self.attrs.get("name") or ""

    @property
    def kind(self) -> str:
        if self.tag == "button":
            kind = (self.attrs.get("type") or "submit").lower()
            return kind if kind in _BUTTON_TYPES else "submit"
        if self.tag == "input":
            return (self.attrs.get("type") or "text").lower()
        return self.tag

    @property
    def disabled(self) -> bool:
        return "disabled" in self.attrs or self.disabled_by_fieldset

    @property
    def is_submit_button(self) -> bool:
        return (self.tag == "button" or self.tag == "input") and self.kind in _SUBMIT_TYPES


@dataclass
class Form:
    attrs: dict[str, str | None]
    controls: list[Control] = field(default_factory=list)

    @property
    def action(self) -> str:
        return self.attrs.get("action") or ""

    @property
    def method(self) -> str:
        return (self.attrs.get("method") or "get").lower()

    def default_button(self) -> Control | None:
        """The button Enter presses: the first submit button in tree order."""
        return next((c for c in self.controls if c.is_submit_button and not c.disabled), None)

    def submission(self, submitter: Control | None = None) -> list[tuple[str, str]]:
        """The (name, value) pairs a browser sends, in order, for this form unchanged."""
        submitter = submitter or self.default_button()
        entries: list[tuple[str, str]] = []
        for control in self.controls:
            if control.disabled or not control.name:
                continue
            kind = control.kind
            if control.is_submit_button or kind in {"reset", "button"}:
                if control is submitter:
                    entries.append((control.name, control.attrs.get("value") or ""))
                continue
            if control.tag == "select":
                entries.extend((control.name, value) for value in _selected(control))
            elif control.tag == "textarea":
                entries.append((control.name, control.text))
            elif kind in {"checkbox", "radio"}:
                if "checked" in control.attrs:
                    entries.append((control.name, control.attrs.get("value") or "on"))
            elif kind == "file":
                entries.append((control.name, ""))
            else:
                raw = control.attrs.get("value") or ""
                entries.append((control.name, input_value_sanitised(kind, raw)))
        return [(name, _crlf(value)) for name, value in entries]


def _selected(select: Control) -> list[str]:
    usable = [o for o in select.options if not o.disabled]
    chosen = [o.value for o in select.options if o.selected and not o.disabled]
    if "multiple" in select.attrs:
        return chosen
    if chosen:
        # Several "selected" options in a single select: the last one wins.
        return [chosen[-1]]
    size = select.attrs.get("size")
    if (size is None or size in {"", "1"}) and usable:
        return [usable[0].value]
    return []


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._by_id: dict[str, Form] = {}
        self._form: Form | None = None
        self._orphans: list[tuple[str, Control]] = []  # controls with form="id"
        self._fieldsets: list[bool] = []  # True where the fieldset is disabled
        self._select: Control | None = None
        self._option: _Option | None = None
        self._option_text: list[str] = []
        self._option_has_value = False
        self._textarea: Control | None = None
        self._textarea_text: list[str] = []

    def _add(self, control: Control) -> None:
        control.disabled_by_fieldset = any(self._fieldsets)
        owner_id = control.attrs.get("form")
        if owner_id:
            self._orphans.append((owner_id, control))
        elif self._form is not None:
            self._form.controls.append(control)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value for name, value in attrs}
        if tag == "form":
            self._form = Form(attributes)
            self.forms.append(self._form)
            if attributes.get("id"):
                self._by_id[attributes["id"] or ""] = self._form
        elif tag == "fieldset":
            self._fieldsets.append("disabled" in attributes)
        elif tag in {"input", "button"}:
            self._add(Control(tag, attributes))
        elif tag == "select":
            self._select = Control(tag, attributes)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option_close()
            self._option = _Option(
                attributes.get("value") or "", "selected" in attributes, "disabled" in attributes
            )
            self._option_has_value = "value" in attributes
            self._option_text = []
        elif tag == "textarea":
            self._textarea = Control(tag, attributes)
            self._textarea_text = []
            self._add(self._textarea)

    def _option_close(self) -> None:
        if self._option is not None and self._select is not None:
            if not self._option_has_value:
                self._option.value = " ".join("".join(self._option_text).split())
            self._select.options.append(self._option)
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()
        elif tag == "option":
            self._option_close()
        elif tag == "select":
            self._option_close()
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea_text)
            # The parser drops one line break straight after <textarea>.
            if text.startswith("\n"):
                text = text[1:]
            self._textarea.text = re.sub(r"\r\n|\r", "\n", text)
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text.append(data)
        elif self._option is not None:
            self._option_text.append(data)

    def close(self) -> None:
        super().close()
        for owner_id, control in self._orphans:
            if owner_id in self._by_id:
                self._by_id[owner_id].controls.append(control)


def forms_parse(html: str) -> list[Form]:
    """Every form on a page, with its controls (those outside it with ``form=`` too)."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_find(html: str, *, action: str | None = None, method: str = "post") -> Form:
    """The one form on the page that posts to ``action`` (any, if None)."""
    found = [
        form
        for form in forms_parse(html)
        if form.method == method and (action is None or form.action == action)
    ]
    if len(found) != 1:
        actions = [f"{form.method} {form.action!r}" for form in forms_parse(html)]
        raise AssertionError(f"{len(found)} forms post to {action!r}; the page has {actions}")
    return found[0]

"""PATCH (RFC 7644 section 3.5.2) applied to a user's SCIM document, as Entra ID and
Okta send it. Pure: no Django, no database.

The operations change a copy of the document the server last answered; the
service then saves that document as a replace would. Attribute names are
matched whatever their letter case. Paths may carry a schema's URN
(``urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department``), a
sub-attribute (``name.givenName``) and a filter on a multi-valued attribute
(``emails[type eq "work"].value``). An operation without a path carries an object
of attributes (Okta's ``{"active": false}``).

>>> doc = {"userName": "ada@example.org", "name": {"givenName": "Ada"}}
>>> touched = user_patch(doc, [{"op": "Replace", "path": "name.givenName", "value": "Adaeze"},
...                            {"op": "add", "path": 'emails[type eq "work"].value',
...                             "value": "adaeze@example.org"}])
>>> doc["name"], doc["emails"]
({'givenName': 'Adaeze'}, [{'type': 'work', 'value': 'adaeze@example.org'}])
>>> sorted(touched)
['emails', 'emails.value', 'name', 'name.givenname']
"""

from __future__ import annotations

import json
import re
from typing import Any

from twoway.scim.errors import ScimError
from twoway.scim.urns import CORE_USER, ENTERPRISE_USER

OPS = ("add", "replace", "remove")
# What a client may never change.
READ_ONLY = frozenset({"id", "meta", "schemas"})

_PATH = re.compile(
    r"^(?P<attr>[A-Za-z$][\w$-]*)(?:\[(?P<filter>[^\]]+)\])?(?:\.(?P<sub>[A-Za-z$][\w$-]*))?$"
)
_VALUE_FILTER = re.compile(
    r'^\s*([A-Za-z$][\w$-]*)\s+eq\s+("(?:[^"\\]|\\.)*"|true|false|null|-?\d+(?:\.\d+)?)\s*$', re.I
)


def attr_key(container: dict[str, Any], name: str) -> str:
    """The key of ``container`` that ``name`` means, whatever the letter case."""
    lower = name.lower()
    return next((key for key in container if key.lower() == lower), name)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return bool(a == b)


def _merge(old: Any, new: Any) -> Any:
    """A complex value's sub-attributes replaced or added one by one."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for name, value in new.items():
            merged[attr_key(merged, name)] = value
        return merged
    return new


class _Path:
    def __init__(self, text: str) -> None:
        self.text = text
        self.urn = ""
        rest = text
        for urn in (ENTERPRISE_USER, CORE_USER):
            if text.lower().startswith(urn.lower() + ":"):
                self.urn, rest = urn, text[len(urn) + 1 :]
                break
        match = _PATH.match(rest)
        if match is None:
            raise ScimError(
                400, f"The path {text[:200]!r} is not one Twoway understands.", "invalidPath"
            )
        self.attr, self.sub = match.group("attr"), match.group("sub")
        self.filter: tuple[str, Any] | None = None
        if match.group("filter") is not None:
            found = _VALUE_FILTER.match(match.group("filter"))
            if found is None:
                raise ScimError(
                    400,
                    f"The path {text[:200]!r} filters with more than one 'eq'; Twoway takes "
                    'one, as in emails[type eq "work"].value.',
                    "invalidPath",
                )
            self.filter = (found.group(1), json.loads(found.group(2)))
        if not self.urn and self.attr.lower() in READ_ONLY:
            raise ScimError(400, f"{self.attr} cannot be changed.", "mutability")

    @property
    def touched(self) -> set[str]:
        top = self.attr.lower()
        return {top, f"{top}.{self.sub.lower()}"} if self.sub else {top}


def _container(doc: dict[str, Any], path: _Path) -> dict[str, Any]:
    if path.urn != ENTERPRISE_USER:
        return doc
    key = attr_key(doc, ENTERPRISE_USER)
    if not isinstance(doc.get(key), dict):
        doc[key] = {}
    return doc[key]


def _apply(doc: dict[str, Any], op: str, path: _Path, value: Any) -> None:
    container = _container(doc, path)
    key = attr_key(container, path.attr)
    if path.filter is not None:
        _apply_filtered(container, key, op, path, value)
        return
    if path.sub is None:
        if op == "remove":
            container.pop(key, None)
        elif op == "add" and isinstance(container.get(key), list) and isinstance(value, list):
            container[key] = container[key] + [item for item in value if item not in container[key]]
        else:
            container[key] = _merge(container.get(key), value)
        return
    current = container.get(key)
    if isinstance(current, list):
        targets = current
    elif isinstance(current, dict):
        targets = [current]
    elif op == "remove":
        return
    else:  # a complex attribute not set before
        container[key] = {}
        targets = [container[key]]
    for target in targets:
        if not isinstance(target, dict):
            continue
        sub = attr_key(target, path.sub)
        if op == "remove":
            target.pop(sub, None)
        else:
            target[sub] = value


def _apply_filtered(container: dict[str, Any], key: str, op: str, path: _Path, value: Any) -> None:
    assert path.filter is not None
    name, wanted = path.filter
    items = container.get(key)
    items = [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
    matches = [item for item in items if _same(item.get(attr_key(item, name)), wanted)]
    if op == "remove":
        if path.sub is None:
            items = [item for item in items if item not in matches]
        for item in matches if path.sub else ():
            item.pop(attr_key(item, path.sub), None)
        container[key] = items
        return
    if not matches:  # the provider adds what it filters on (a work e-mail nobody had)
        fresh: dict[str, Any] = {name: wanted}
        items.append(fresh)
        matches = [fresh]
    for item in matches:
        if path.sub is not None:
            item[attr_key(item, path.sub)] = value
        elif isinstance(value, dict):
            item.update(_merge(item, value))
    container[key] = items


def user_patch(doc: dict[str, Any], operations: Any) -> set[str]:
    """Apply ``operations`` to ``doc`` in place; the attributes touched, in lower case
    (``name`` and ``name.givenname`` for ``name.givenName``). ``ScimError`` 400 for
    a body the RFC does not allow."""
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Send the changes as a list under Operations.", "invalidSyntax")
    touched: set[str] = set()
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(
                400, "Each operation is an object with op, path and value.", "invalidSyntax"
            )
        op = str(operation.get(attr_key(operation, "op"), "")).lower()
        if op not in OPS:
            raise ScimError(400, f"op is add, replace or remove, not {op!r}.", "invalidSyntax")
        raw_path = operation.get(attr_key(operation, "path"))
        value = operation.get(attr_key(operation, "value"))
        if raw_path and str(raw_path).lower() == ENTERPRISE_USER.lower():
            if op == "remove":
                doc.pop(attr_key(doc, ENTERPRISE_USER), None)
                touched.add(ENTERPRISE_USER.lower())
                continue
            raw_path, value = None, {ENTERPRISE_USER: value}
        if raw_path:
            path = _Path(str(raw_path))
            _apply(doc, op, path, value)
            touched |= path.touched
            continue
        if op == "remove":
            raise ScimError(400, "A remove needs a path: what to remove.", "noTarget")
        if not isinstance(value, dict):
            raise ScimError(
                400, "An operation without a path needs an object as its value.", "invalidValue"
            )
        for name, item in value.items():
            if name.lower() in READ_ONLY:
                continue
            if name.lower() == ENTERPRISE_USER.lower() and isinstance(item, dict):
                for sub_name, sub_value in item.items():
                    path = _Path(f"{ENTERPRISE_USER}:{sub_name}")
                    _apply(doc, op, path, sub_value)
                    touched |= path.touched
                continue
            path = _Path(name)
            _apply(doc, op, path, item)
            touched |= path.touched
            if isinstance(item, dict) and path.sub is None and path.filter is None:
                touched |= {f"{path.attr.lower()}.{sub.lower()}" for sub in item}
    return touched

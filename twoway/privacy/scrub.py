"""Finding a person's name in every text the database holds, and replacing it.

Used by an erasure only: it walks every model of the project, every text, JSON
and encrypted column, and replaces the person's full name, each part of it, their
e-mail addresses and employee id by ``[erased]``. Plain columns are narrowed in
the database first (a case-insensitive "contains"); encrypted ones cannot be, so
their rows are read and decrypted one by one.

Other people's own identity columns are left alone (a namesake keeps their name),
as are columns that never hold free text (choices, slugs, keys, hashes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

from twoway.core.encryption import EncryptedTextField

ERASED = "[erased]"

# Columns never scrubbed: identities of other people (a namesake keeps their name)
# and columns that hold no free text.
_SKIP_FIELDS = {
    "people.Person.name",
    "people.Person.email",
    "people.Person.employee_id",
    "core.User.email",
    "core.User.first_name",
    "core.User.last_name",
    "core.User.password",
    "core.AuditEvent.action",
    "core.AuditEvent.subject_type",
    "core.AuditEvent.subject_id",
    "core.AuditEvent.request_id",
    "core.RateLimitCounter.key",
}
# Apps whose tables hold no text about anyone (permissions, content types, sessions
# keyed by a random id).
_SKIP_APPS = {"auth", "contenttypes", "sessions"}


def name_terms(*values: str) -> list[str]:
    """The strings that name a person: each value whole and each word of it (two
    letters or more), longest first so that the full name is replaced in one go."""
    terms: set[str] = set()
    for value in values:
        value = (value or "").strip()
        if not value:
            continue
        terms.add(value)
        if "@" not in value:
            terms.update(word for word in re.split(r"[\s,]+", value) if len(word) >= 2)
    return sorted(terms, key=lambda term: (-len(term), term))


def name_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern for the terms, as whole words."""
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?![\w@])", re.IGNORECASE)


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {
            _scrub_value(key, pattern): _scrub_value(item, pattern) for key, item in value.items()
        }
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    fields: list[models.Field[Any, Any]] = []
    for field in model._meta.concrete_fields:
        label = f"{model._meta.label}.{field.name}"
        if label in _SKIP_FIELDS or field.is_relation or field.primary_key or field.choices:
            continue
        if isinstance(field, models.SlugField | models.UUIDField):
            continue
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            fields.append(field)
    return fields


def _db_variants(terms: list[str]) -> list[str]:
    """The terms as the database stores them: JSON escapes what is not ASCII."""
    variants = set(terms)
    for term in terms:
        variants.add(json.dumps(term)[1:-1])
    return sorted(variants)


def scrub_names(terms: list[str], exclude: dict[type[models.Model], set[int]]) -> int:
    """Replace ``terms`` by ``[erased]`` in every text of the database; returns how
    many values changed. ``exclude`` names rows left alone (the erased records
    themselves, rewritten by the caller)."""
    if not terms:
        return 0
    pattern = name_pattern(terms)
    variants = _db_variants(terms)
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label in _SKIP_APPS or not model._meta.managed:
            continue
        # The plain manager: an erasure rewrites even append-only rows (see
        # services.person_erase); nothing else in Twoway goes around them.
        manager = model._base_manager
        skip_pks = exclude.get(model, set())
        for field in _text_fields(model):
            if isinstance(field, EncryptedTextField):
                rows = manager.exclude(**{field.attname: None}).values_list("pk", field.attname)
            else:
                lookup = models.Q()
                for term in variants:
                    if isinstance(field, models.JSONField):
                        lookup |= models.Q(_scrub_text__icontains=term)
                    else:
                        lookup |= models.Q(**{f"{field.attname}__icontains": term})
                queryset = manager.all()
                if isinstance(field, models.JSONField):
                    queryset = queryset.annotate(
                        _scrub_text=Cast(field.attname, models.TextField())
                    )
                rows = queryset.filter(lookup).values_list("pk", field.attname)
            for pk, value in list(rows):
                if pk in skip_pks or value is None:
                    continue
                new = _scrub_value(value, pattern)
                if new != value:
                    manager.filter(pk=pk).update(**{field.attname: new})
                    changed += 1
    return changed

"""Core names a login by its person's name: the lookup it asks (``core.user_names``)."""

from __future__ import annotations

from twoway.core.user_names import user_names_register
from twoway.people.models import Person


def person_names_for_users(user_ids: list[int]) -> dict[int, str]:
    """The name of the person behind each login that has one, in one query."""
    rows = Person.objects.filter(user_id__in=user_ids).values_list("user_id", "name")
    return {user_id: name for user_id, name in rows if user_id is not None}


user_names_register(person_names_for_users)

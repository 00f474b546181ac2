"""How a login is named on a page: the person's name when the directory knows
one, else the account's own name, else its e-mail address.

Core knows logins, not people: the people app registers the lookup that finds
a login's person (``user_names_register``, in its ``ready`` hook), as the apps
above react to signals from below. Every lookup is one query for many users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from twoway.core.models import User

NameLookup = Callable[[list[int]], dict[int, str]]
_lookups: list[NameLookup] = []


def user_names_register(lookup: NameLookup) -> None:
    """Add ``lookup`` (user ids to names, for the users it knows). Registering
    the same lookup twice keeps one."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def user_label(user: User) -> str:
    """The account's own name, or its e-mail address."""
    return user.get_full_name().strip() or user.email


def user_names(ids: Iterable[int], *, users: Iterable[User] = ()) -> dict[int, str]:
    """A name for each of ``ids``: one query per registered lookup, and one for
    the accounts not already given in ``users`` that no lookup named."""
    wanted = sorted({pk for pk in ids if pk is not None})
    names: dict[int, str] = {}
    for lookup in _lookups:
        found = lookup([pk for pk in wanted if pk not in names]) if wanted else {}
        names.update({pk: name for pk, name in found.items() if name})
    known = {user.pk: user for user in users}
    missing = [pk for pk in wanted if pk not in names and pk not in known]
    if missing:
        known.update(User.objects.in_bulk(missing))
    for pk in wanted:
        if pk not in names and pk in known:
            names[pk] = user_label(known[pk])
    return names

"""Reads of the SCIM endpoints. A SCIM token provisions the whole directory, so these
are not scoped to a user: the endpoints' token check (``scim.auth``) is the gate."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet

from twoway.people.models import Person
from twoway.scim.errors import ScimError

MAX_COUNT = 200


def scim_user_queryset() -> QuerySet[Person]:
    """Every person SCIM may find, with what a User shows, oldest first (a stable
    order for ``startIndex``); people whose User the provider deleted are left out."""
    return (
        Person.objects.filter(Q(scim_link__isnull=True) | Q(scim_link__deleted_at__isnull=True))
        .select_related("department", "manager", "scim_link")
        .order_by("pk")
    )


def scim_user_get(*, uuid: str) -> Person:
    """The User with this SCIM id; ``ScimError`` 404 for none."""
    try:
        return scim_user_queryset().get(uuid=UUID(uuid))
    except (ValueError, Person.DoesNotExist):
        raise ScimError(404, f"There is no User with the id {uuid[:100]!r}.") from None


def scim_user_list(
    *, attribute: str | None, value: str, start_index: int, count: int
) -> tuple[int, list[Person]]:
    """(how many match, the page from ``start_index``, 1-based) of a search;
    ``attribute`` is one of ``filters.FILTERABLE`` or None for everyone."""
    people = scim_user_queryset()
    if attribute == "username":
        people = people.filter(email__iexact=value)
    elif attribute == "externalid":
        people = people.filter(scim_link__external_id=value)
    elif attribute == "id":
        try:
            people = people.filter(uuid=UUID(value))
        except ValueError:
            people = people.none()
    total = people.count()
    start = max(start_index, 1) - 1
    return total, list(people[start : start + min(max(count, 0), MAX_COUNT)])

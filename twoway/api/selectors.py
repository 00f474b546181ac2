"""Reads of the API app: tokens, and the lists the API pages through.

The API's resources reuse each app's selectors (its access rules); what is here
only turns their answers into querysets a cursor can page through.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from twoway.api.models import ApiToken, token_hash
from twoway.core.actors import RequestUser
from twoway.core.roles import user_managed_program_ids
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.people.selectors import person_can_browse, person_list
from twoway.programs.models import Program
from twoway.programs.selectors import (
    MANAGER,
    PARTICIPANT,
    SPONSOR,
    my_programs,
    program_list_for_user,
)

# --- tokens -------------------------------------------------------------------


def api_token_list_for_user(*, user: RequestUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def api_token_get_for_user(*, user: RequestUser, uuid: UUID | str) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    try:
        return api_token_list_for_user(user=user).get(uuid=uuid)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404("No such token") from None


def api_token_by_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is (live or not), with its user; None if none."""
    if not secret:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=token_hash(secret)).first()


def api_token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()


# --- people -------------------------------------------------------------------


def person_list_visible(*, user: RequestUser) -> tuple[QuerySet[Person], bool]:
    """The people ``user`` may see, and whether with their HR fields.

    Those who may browse the directory see everyone current (``person_list``);
    anybody else sees their own record only, as on the person pages.
    """
    if person_can_browse(user):
        return person_list(user=user), True
    me = user_person(user)
    people = Person.objects.select_related("department", "manager")
    if me is None:
        return people.none(), False
    return people.filter(pk=me.pk), False


# --- programs -----------------------------------------------------------------


def program_list_visible(*, user: RequestUser) -> QuerySet[Program]:
    """Programs ``user`` may know: those they run or sponsor, those they are
    enrolled in (or invited to), and those open for them to join."""
    mine = my_programs(user=user)
    joined = [e.program_id for e in [*mine.invitations, *mine.enrollments]]
    open_ids = [program.pk for program, _ in mine.open]
    run = program_list_for_user(user=user).values("pk")
    return Program.objects.filter(Q(pk__in=run) | Q(pk__in=[*joined, *open_ids])).select_related(
        "sponsor"
    )


def program_relation_fast(
    *, user: RequestUser, program: Program, managed: frozenset[int] | None
) -> str:
    """How ``user`` sees a program of ``program_list_visible`` (no query per row)."""
    if managed is None or program.pk in managed:
        return MANAGER
    if program.sponsor_id is not None and program.sponsor_id == user.pk:
        return SPONSOR
    return PARTICIPANT


def managed_program_ids(*, user: RequestUser) -> frozenset[int] | None:
    return user_managed_program_ids(user)

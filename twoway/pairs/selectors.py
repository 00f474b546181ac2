"""Reads about pairs, scoped to the user asking.

``pair_get_for_user`` is the access helper: the two partners and the program's
managers may open a pair; anybody else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.roles import user_manages_program, user_person
from twoway.matching.reasons import pair_sentences
from twoway.pairs.models import Pair
from twoway.people.models import Person
from twoway.programs.models import Program


def pair_get_for_user(*, user: Any, uuid: UUID | str) -> Pair:
    pair = object_or_404(
        Pair.objects.select_related(
            "program", "mentor__department", "mentee__department", "match_run"
        ),
        "No such pair",
        uuid=uuid,
    )
    person = user_person(user)
    if person is not None and person.pk in (pair.mentor_id, pair.mentee_id):
        return pair
    if user_manages_program(user, pair.program):
        return pair
    raise Http404("No such pair")


def pair_get_for_partner(*, user: Any, uuid: UUID | str) -> tuple[Pair, Person, str]:
    """The pair, the user's person and their side ("mentor" / "mentee"), for
    what only the two partners may do or read; 404 for anybody else (managers too)."""
    pair = object_or_404(
        Pair.objects.select_related("program", "mentor", "mentee"), "No such pair", uuid=uuid
    )
    person = user_person(user)
    side = pair.side_of(person)
    if not side:
        raise Http404("No such pair")
    return pair, person, side


def pair_list_for_user(*, user: Any) -> QuerySet[Pair]:
    """The user's own pairs, in every program, newest first."""
    person = user_person(user)
    if person is None:
        return Pair.objects.none()
    return (
        Pair.objects.filter(Q(mentor=person) | Q(mentee=person))
        .select_related("program", "mentor__department", "mentee__department")
        .order_by("-created_at", "-id")
    )


def pair_live_counts(*, program: Program) -> tuple[dict[int, int], set[int]]:
    """The live pairs of ``program``: how many each mentor has, and the mentees in one."""
    live = Pair.objects.filter(program=program, status__in=Pair.LIVE)
    per_mentor = dict(
        live.values("mentor_id").annotate(n=Count("id")).values_list("mentor_id", "n")
    )
    mentees = set(live.values_list("mentee_id", flat=True))
    return per_mentor, mentees


@dataclass
class PairView:
    pair: Pair
    me: Person | None  # None: a manager looking at the pair
    partner: Person | None
    my_side: str
    sentences: list[str]


def pair_view(*, user: Any, pair: Pair) -> PairView:
    """The pair as the viewer sees it: their partner and why (a manager sees
    both people and every line the pair crosses)."""
    person = user_person(user)
    mine = person is not None and person.pk in (pair.mentor_id, pair.mentee_id)
    audience = "participant" if mine else "manager"
    sentences = pair_sentences(
        mentor=pair.mentor.name, mentee=pair.mentee.name, reasons=pair.reasons, audience=audience
    )
    if not mine:
        return PairView(pair, None, None, "", sentences)
    side = "mentor" if person.pk == pair.mentor_id else "mentee"
    partner = pair.mentee if side == "mentor" else pair.mentor
    return PairView(pair, person, partner, side, sentences)

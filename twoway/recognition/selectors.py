"""Reads about recognition, scoped to the user asking.

``certificate_get_for_user`` is the access helper: the recognised person and
the program's managers may open a completion certificate; anybody else gets a 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.roles import user_manages_program
from twoway.meetings.models import Meeting
from twoway.pairs.models import Pair
from twoway.people.access import user_is_person
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.recognition.models import Kudos, Recognition, side_name


def recognition_list_for_person(*, person: Person) -> QuerySet[Recognition]:
    """The badges on ``person``'s profile, newest first."""
    return Recognition.objects.filter(person=person).select_related("program")


def certificate_get_for_user(*, user: RequestUser, uuid: UUID | str) -> Recognition:
    """The completion recognition whose certificate ``user`` asks for. A
    hand-given award has no certificate, so it is not found either."""
    recognition = object_or_404(
        Recognition.objects.filter(kind=Recognition.Kind.COMPLETION).select_related(
            "person", "program", "pair__mentor", "pair__mentee"
        ),
        "No such certificate",
        uuid=uuid,
    )
    if user_is_person(user, recognition.person) or user_manages_program(user, recognition.program):
        return recognition
    raise Http404("No such certificate")


def recognition_list_for_program(*, program: Program) -> QuerySet[Recognition]:
    """Every recognition in ``program``, newest first, for its managers."""
    return Recognition.objects.filter(program=program).select_related(
        "person", "pair__mentor", "pair__mentee", "awarded_by__person"
    )


def recognition_award_candidates(*, program: Program) -> QuerySet[Person]:
    """Who a manager may recognise in ``program``: everyone in one of its pairs."""
    in_pair = Pair.objects.filter(program=program)
    return Person.objects.filter(
        Q(pk__in=in_pair.values("mentor_id")) | Q(pk__in=in_pair.values("mentee_id"))
    ).order_by("name", "employee_id")


# --- the pair page --------------------------------------------------------------------


@dataclass
class RecognitionPanel:
    pair: Pair
    me: Person | None  # None: a manager looking at the pair
    partner: Person | None
    certificate: Recognition | None  # the viewer's completion, once the pair completed
    recognitions: list[Recognition]  # all given in this pair (what a manager sees)
    kudos_given: list[Kudos] = field(default_factory=list)
    kudos_received: list[Kudos] = field(default_factory=list)
    categories_open: list[tuple[str, str]] = field(default_factory=list)
    kudos_open: bool = False  # False once the pair ended early
    note_max_length: int = Kudos.MAX_LENGTH

    @property
    def can_give(self) -> bool:
        return bool(self.categories_open)


def recognition_panel(*, pair: Pair, person: Person | None) -> RecognitionPanel:
    """What the pair page shows about recognition to ``person`` (one of the two,
    or None for a manager, who sees the recognitions given in the pair only)."""
    recognitions = list(
        Recognition.objects.filter(pair=pair).select_related("person").order_by("created_at", "id")
    )
    if person is None or not pair.side_of(person):
        return RecognitionPanel(pair, None, None, None, recognitions)
    certificate = next(
        (
            r
            for r in recognitions
            if r.person_id == person.pk and r.kind == Recognition.Kind.COMPLETION
        ),
        None,
    )
    kudos = list(
        Kudos.objects.filter(pair=pair)
        .select_related("giver", "receiver")
        .order_by("created_at", "id")
    )
    given = [k for k in kudos if k.giver_id == person.pk]
    kudos_open = Kudos.open_in(pair)
    used = {k.category for k in given}
    return RecognitionPanel(
        pair=pair,
        me=person,
        partner=pair.partner_of(person),
        certificate=certificate if pair.status == Pair.Status.COMPLETED else None,
        recognitions=recognitions,
        kudos_given=given,
        kudos_received=[k for k in kudos if k.receiver_id == person.pk],
        categories_open=[
            (value, label)
            for value, label in Kudos.Category.choices
            if kudos_open and value not in used
        ],
        kudos_open=kudos_open,
    )


# --- the certificate ------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says, all of it fit to show anyone the person shows it to."""

    name: str
    title: str
    side: str  # "mentor" / "mentee" / ""
    role: str  # e.g. "reverse mentor"
    partner: str
    program: str
    program_kind: str
    completed_on: dt.date
    meetings_held: int
    taught: list[str]
    learned: list[str]
    reference: str


def _topic_names(topics: Iterable[Mapping[str, Any]] | None) -> list[str]:
    """The skill names of a pair's ``reasons`` topics, once each, in order."""
    names = (
        str(topic.get("skill", "")).strip() if isinstance(topic, Mapping) else ""
        for topic in topics or ()
    )
    return list(dict.fromkeys(name for name in names if name))


def recognition_certificate_facts(*, recognition: Recognition) -> CertificateFacts:
    """The facts of a completion certificate: the pair, the meetings that took
    place (scheduled, not cancelled, started) and the skills each side taught.

    Only skill names from the match reach the certificate: meeting logs and
    notes are the partners' own, and a certificate is meant to be shown around."""
    pair = recognition.pair
    program = recognition.program
    side = recognition.side  # a completion always has one
    partner, meetings = "", 0
    taught: list[str] = []
    learned: list[str] = []
    if pair is not None:
        partner = pair.partner_of(recognition.person).name
        teaches = _topic_names(pair.reasons.get("teaches"))
        teaches_back = _topic_names(pair.reasons.get("teaches_back"))
        taught, learned = (teaches, teaches_back) if side == "mentor" else (teaches_back, teaches)
        meetings = Meeting.objects.filter(
            pair=pair, status=Meeting.Status.SCHEDULED, starts_at__lte=timezone.now()
        ).count()
    completed_at = (pair.completed_at if pair else None) or recognition.created_at
    return CertificateFacts(
        name=recognition.person.name,
        title=recognition.title,
        side=side,
        role=side_name(program, side).lower() if side else "",
        partner=partner,
        program=program.name,
        program_kind=program.kind,
        completed_on=timezone.localdate(completed_at),
        meetings_held=meetings,
        taught=taught,
        learned=learned,
        reference=str(recognition.uuid),
    )

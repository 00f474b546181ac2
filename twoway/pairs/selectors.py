"""Reads about pairs, scoped to the user asking.

``pair_get_for_user`` is the access helper: the two partners and the program's
managers may open a pair; anybody else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.actors import RequestUser
from twoway.core.roles import user_manages_program
from twoway.pairs.models import Agreement, AgreementVersion, Pair, PulseCheckin, Reflection
from twoway.pairs.reasons import pair_sentences
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Program


def pair_readable_by(user: RequestUser, pair: Pair) -> bool:
    """May ``user`` open ``pair`` (and its meetings)? Its two partners and the
    program's managers may; each page then shows the managers less."""
    return bool(pair.side_of(user_person(user))) or user_manages_program(user, pair.program)


def pair_get_for_user(*, user: RequestUser, uuid: UUID | str) -> Pair:
    pair = object_or_404(
        Pair.objects.select_related(
            "program", "mentor__department", "mentee__department", "match_run"
        ),
        "No such pair",
        uuid=uuid,
    )
    if pair_readable_by(user, pair):
        return pair
    raise Http404("No such pair")


def pair_get_for_partner(*, user: RequestUser, uuid: UUID | str) -> tuple[Pair, Person, str]:
    """The pair, the user's person and their side ("mentor" / "mentee"), for
    what only the two partners may do or read; 404 for anybody else (managers too)."""
    pair = object_or_404(
        Pair.objects.select_related("program", "mentor", "mentee"), "No such pair", uuid=uuid
    )
    person = user_person(user)
    side = pair.side_of(person)
    if person is None or not side:
        raise Http404("No such pair")
    return pair, person, side


def pair_list_for_user(*, user: RequestUser) -> QuerySet[Pair]:
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


def pair_view(*, user: RequestUser, pair: Pair) -> PairView:
    """The pair as the viewer sees it: their partner and why, said to them (a
    manager sees both people and every line the pair crosses)."""
    person = user_person(user)
    side = pair.side_of(person)
    sentences = pair_sentences(
        mentor=pair.mentor.name,
        mentee=pair.mentee.name,
        reasons=pair.reasons,
        audience="participant" if side else "manager",
        reader=side,
        program=pair.program,
    )
    if person is None or not side:
        return PairView(pair, None, None, "", sentences)
    return PairView(pair, person, pair.partner_of(person), side, sentences)


def checkin_answers(*, program: Program, limit: int = 50) -> list[PulseCheckin]:
    """The latest answered check-ins of ``program``, for its managers only."""
    return list(
        PulseCheckin.objects.filter(pair__program=program, answered_at__isnull=False)
        .select_related("person", "pair")
        .order_by("-answered_at", "-id")[:limit]
    )


# --- what the two partners share ---------------------------------------------------------


def checkin_get_for_person(*, user: RequestUser, uuid: UUID | str) -> PulseCheckin:
    """A check-in, for the person it asks alone; 404 for anybody else."""
    checkin = object_or_404(
        PulseCheckin.objects.select_related("pair__program", "pair__mentor", "pair__mentee"),
        "No such check-in",
        uuid=uuid,
    )
    person = user_person(user)
    if person is None or person.pk != checkin.person_id:
        raise Http404("No such check-in")
    return checkin


def checkin_open_for(*, pair: Pair, person: Person) -> PulseCheckin | None:
    """The person's unanswered check-in in ``pair``, if one is due."""
    return (
        PulseCheckin.objects.filter(pair=pair, person=person, answered_at__isnull=True)
        .order_by("-round")
        .first()
    )


def reflection_list(*, pair: Pair) -> list[Reflection]:
    """The pair's closing reflections (for the two partners only)."""
    return list(Reflection.objects.filter(pair=pair).select_related("author"))


def agreement_history(*, pair: Pair) -> list[AgreementVersion]:
    """The versions both signed, newest first."""
    return list(AgreementVersion.objects.filter(agreement__pair=pair).order_by("-version"))


@dataclass
class AgreementPart:
    name: str
    label: str
    text: str


@dataclass
class AgreementRead:
    """The agreement as one partner reads it: each part headed in their words
    ("What you offer", "What Sterling wants to learn"), and the parts still empty."""

    parts: list[AgreementPart]

    @property
    def written(self) -> list[AgreementPart]:
        return [part for part in self.parts if part.text]

    @property
    def missing(self) -> list[str]:
        """The empty parts, in a sentence's words: "what you offer"."""
        return [part.label[0].lower() + part.label[1:] for part in self.parts if not part.text]


def agreement_labels(*, pair: Pair, side: str) -> dict[str, str]:
    """Each part's heading for the partner on ``side``."""
    partner = (pair.mentee if side == "mentor" else pair.mentor).first_name
    other = Pair.other_side(side)
    return {
        f"{side}_goals": "What you want to learn",
        f"{side}_offers": "What you offer",
        f"{other}_goals": f"What {partner} wants to learn",
        f"{other}_offers": f"What {partner} offers",
        "cadence": "How often you meet",
        "meeting_format": "Where and how you meet",
        "confidentiality": "Confidentiality",
        "conduct": "Code of conduct",
        "ending": "How either of you can end it",
    }


def agreement_read(*, pair: Pair, side: str, content: dict[str, str]) -> AgreementRead:
    """``content`` (an agreement's or a kept version's) for the partner on ``side``:
    their own parts first, then their partner's, then how they work together."""
    labels = agreement_labels(pair=pair, side=side)
    other = Pair.other_side(side)
    own = [f"{side}_goals", f"{side}_offers", f"{other}_goals", f"{other}_offers"]
    order = own + [part for part in Agreement.PARTS if part not in own]
    return AgreementRead(
        [AgreementPart(part, labels[part], content.get(part, "")) for part in order]
    )

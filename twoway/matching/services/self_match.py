"""Self-match: in a program that lets participants choose, one asks another
to pair up; the person asked accepts (the pair starts, if both still have
room and the program's rules allow it) or declines; the one who asked may
withdraw."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_record
from twoway.core.mail import mail_on_commit, site_link
from twoway.matching.adapters import problem_build
from twoway.matching.models import MatchRequest
from twoway.matching.rules import SELF_MATCH_STATUSES
from twoway.matching.selectors import self_match_sides
from twoway.matching.services.guards import MatchingError
from twoway.matching.services.rematch import pair_problem, pair_scored
from twoway.pairs.models import Pair
from twoway.pairs.services import PairError, pair_create, pair_room_problem
from twoway.pairs.signals import pairs_published
from twoway.people.access import user_person
from twoway.people.models import Person
from twoway.programs.models import Program, Side

# The audit event of each way a request closes without a pair.
CLOSE_ACTIONS = {
    MatchRequest.Status.DECLINED: AuditAction.MATCH_REQUEST_DECLINED,
    MatchRequest.Status.WITHDRAWN: AuditAction.MATCH_REQUEST_WITHDRAWN,
}


def _require_self_match(program: Program) -> None:
    if program.matching_style != Program.MatchingStyle.SELF:
        raise MatchingError("In this program the program manager matches the pairs.")
    if program.status not in SELF_MATCH_STATUSES:
        raise MatchingError(
            f"The program is {program.get_status_display().lower()}: partners can be "
            "chosen while it is matching or active."
        )


@transaction.atomic
def match_request_send(
    *, actor: Actor, program: Program, to_person: Person, side: str, message: str = ""
) -> MatchRequest:
    """Ask ``to_person`` to pair up; ``side`` is the side the sender takes."""

    me = user_person(actor)
    if me is None:
        raise PermissionDenied("Only people in the directory take part in programs.")
    _require_self_match(program)
    other = Side.MENTEE if side == Side.MENTOR else Side.MENTOR
    if side not in Side.values or side not in self_match_sides(program=program, person=me):
        raise MatchingError(f"You are not enrolled as a {side} in this program.")
    if to_person.pk == me.pk:
        raise MatchingError("You cannot ask yourself.")
    if other not in self_match_sides(program=program, person=to_person):
        raise MatchingError(f"{to_person.name} is not enrolled as a {other} in this program.")
    pending = MatchRequest.objects.filter(program=program, status=MatchRequest.Status.PENDING)
    if pending.filter(from_person=me, to_person=to_person).exists():
        raise MatchingError(f"You have already asked {to_person.name}; wait for their answer.")
    if pending.filter(from_person=to_person, to_person=me).exists():
        raise MatchingError(
            f"{to_person.name} has already asked you: accept their request instead."
        )
    mentor, mentee = (me, to_person) if side == Side.MENTOR else (to_person, me)
    problem = pair_room_problem(program=program, mentor=mentor, mentee=mentee) or pair_problem(
        problem_build(program, only_people={mentor.pk, mentee.pk}), mentor, mentee
    )
    if problem:
        raise MatchingError(problem)
    request = MatchRequest.objects.create(
        program=program,
        from_person=me,
        to_person=to_person,
        side=side,
        message=" ".join((message or "").split())[:500],
    )
    audit_record(
        actor=actor,
        action=AuditAction.MATCH_REQUEST_SEND,
        subject=request,
        after={"to": str(to_person.uuid), "side": side},
    )
    mail_on_commit(
        template="matching/email/request_received.txt",
        subject=f"{me.name} would like to pair up in {program.name}",
        context={"request": request, "link": site_link("matching:requests", slug=program.slug)},
        to=to_person.email,
    )
    return request


def _request_for_update(
    actor: Actor, request: MatchRequest, *, asked: bool, refusal: str
) -> tuple[Person, MatchRequest]:
    """The actor's person and the request, locked; only the person asked
    (``asked``) or the one who asked may act on it, anyone else is refused."""
    me = user_person(actor)
    request = (
        MatchRequest.objects.select_for_update(of=("self",))
        .select_related("program", "from_person", "to_person")
        .get(pk=request.pk)
    )
    party = request.to_person_id if asked else request.from_person_id
    if me is None or me.pk != party:
        raise PermissionDenied(refusal)
    return me, request


@transaction.atomic
def match_request_accept(*, actor: Actor, match_request: MatchRequest) -> Pair:
    """The asked person accepts: the pair starts now, if both still have room.

    A double accept creates one pair: the pending -> accepted update is
    conditional, and the pair's unique constraints back it up.
    """

    me, request = _request_for_update(
        actor, match_request, asked=True, refusal="Only the person asked can accept."
    )
    program = request.program
    mentor = request.from_person if request.side == Side.MENTOR else request.to_person
    mentee = request.to_person if request.side == Side.MENTOR else request.from_person
    now = timezone.now()
    if not MatchRequest.objects.filter(pk=request.pk, status=MatchRequest.Status.PENDING).update(
        status=MatchRequest.Status.ACCEPTED, decided_at=now, updated_at=now
    ):
        existing = Pair.objects.filter(program=program, mentor=mentor, mentee=mentee).first()
        if request.status == MatchRequest.Status.ACCEPTED and existing is not None:
            return existing
        raise MatchingError(f"This request is already {request.get_status_display().lower()}.")
    _require_self_match(program)
    try:
        pair = pair_create(
            actor=actor,
            program=program,
            mentor=mentor,
            mentee=mentee,
            origin=Pair.Origin.SELF_MATCH,
            **pair_scored(program, mentor, mentee),
        )
    except PairError as exc:
        raise MatchingError(exc.messages) from None
    pairs_published.send(sender=Pair, pairs=[pair], actor=actor)
    audit_record(actor=actor, action=AuditAction.MATCH_REQUEST_ACCEPT, subject=request)
    link = site_link("home:pair", uuid=pair.uuid)
    for person, partner in ((request.from_person, request.to_person), (me, request.from_person)):
        mail_on_commit(
            template="matching/email/request_accepted.txt",
            subject=f"{program.name}: you and {partner.name} are a pair",
            context={"me": person, "partner": partner, "program": program, "link": link},
            to=person.email,
        )
    return pair


@transaction.atomic
def match_request_decline(*, actor: Actor, match_request: MatchRequest) -> MatchRequest:
    _, request = _request_for_update(
        actor, match_request, asked=True, refusal="Only the person asked can decline."
    )
    return _request_close(actor, request, MatchRequest.Status.DECLINED, notify=True)


@transaction.atomic
def match_request_withdraw(*, actor: Actor, match_request: MatchRequest) -> MatchRequest:
    _, request = _request_for_update(
        actor, match_request, asked=False, refusal="Only the person who asked can withdraw."
    )
    return _request_close(actor, request, MatchRequest.Status.WITHDRAWN, notify=False)


def _request_close(
    actor: Actor, request: MatchRequest, status: str, *, notify: bool
) -> MatchRequest:
    now = timezone.now()
    if not MatchRequest.objects.filter(pk=request.pk, status=MatchRequest.Status.PENDING).update(
        status=status, decided_at=now, updated_at=now
    ):
        if request.status == status:
            return request
        raise MatchingError(f"This request is already {request.get_status_display().lower()}.")
    request.refresh_from_db()
    audit_record(actor=actor, action=CLOSE_ACTIONS[MatchRequest.Status(status)], subject=request)
    if notify:
        mail_on_commit(
            template="matching/email/request_declined.txt",
            subject=f"{request.program.name}: {request.to_person.name} answered your request",
            context={
                "request": request,
                "link": site_link("matching:suggestions", slug=request.program.slug),
            },
            to=request.from_person.email,
        )
    return request

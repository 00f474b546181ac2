"""Writes about pairs. Each service is atomic, takes ``actor=`` first and is audited.

Pairs from a published run are created in bulk by
``matching.services.publish.match_run_publish``; this module holds the one-by-one
path (self-match) and the rules both share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import AuditAction, audit_record
from twoway.core.mail import mail_on_commit, site_link
from twoway.pairs.models import Agreement, AgreementVersion, Pair, PulseCheckin, Reflection
from twoway.pairs.signals import agreement_signed, pair_ended, reflection_written
from twoway.people.models import Person
from twoway.programs.capacity import mentor_capacity
from twoway.programs.models import Enrollment, Program
from twoway.programs.selectors import program_managers


class PairError(ValidationError):
    """A pair the rules do not allow; the message says why."""


class AgreementError(ValidationError):
    """An agreement change that was refused; the message says why and what to do."""


def pair_room_problem(*, program: Program, mentor: Person, mentee: Person) -> str:
    """Why ``mentor`` and ``mentee`` cannot start a new pair now ("" if they can)."""
    live = Pair.objects.filter(program=program, status__in=Pair.LIVE)
    if Pair.objects.filter(program=program, mentor=mentor, mentee=mentee).exists():
        return f"{mentor.name} and {mentee.name} are already a pair in this program."
    if live.filter(mentee=mentee).exists():
        return f"{mentee.name} already has a mentor in this program."
    capacity = mentor_capacity(program, mentor)
    if live.filter(mentor=mentor).count() >= capacity:
        return (
            f"{mentor.name} already has {capacity} "
            f"{'mentee' if capacity == 1 else 'mentees'}, as many as they can take."
        )
    return ""


@transaction.atomic
def pair_create(
    *,
    actor: Actor,
    program: Program,
    mentor: Person,
    mentee: Person,
    origin: str,
    score: float | None = None,
    breakdown: Mapping[str, float] | None = None,
    reasons: Mapping[str, Any] | None = None,
) -> Pair:
    """Start one pair now, if both still have room (the caller checked the actor)."""
    # Lock both enrollments so that two pairs for the same people are decided in turn.
    list(
        Enrollment.objects.select_for_update()
        .filter(program=program, person__in=[mentor, mentee])
        .values_list("pk", flat=True)
    )
    problem = pair_room_problem(program=program, mentor=mentor, mentee=mentee)
    if problem:
        raise PairError(problem)
    try:
        with transaction.atomic():
            pair = Pair.objects.create(
                program=program,
                mentor=mentor,
                mentee=mentee,
                origin=origin,
                status=Pair.Status.NEW,
                published_at=timezone.now(),
                score=score,
                breakdown=dict(breakdown or {}),
                reasons=dict(reasons or {}),
                notified_at=timezone.now(),
            )
    except IntegrityError:
        raise PairError(f"{mentee.name} already has a mentor in this program.") from None
    audit_record(
        actor=actor,
        action=AuditAction.PAIR_CREATE,
        subject=pair,
        after={"origin": origin, "mentor": str(mentor.uuid), "mentee": str(mentee.uuid)},
    )
    agreement_create(actor=actor, pair=pair)
    return pair


# --- the agreement --------------------------------------------------------------------

CONFIDENTIALITY = (
    "Everyone may know that we are paired; what we talk about stays between us. "
    "Exceptions: a risk of harm to anyone, or a breach of the law or of company "
    "policy, which either of us may raise with the program's managers."
)
CONDUCT = (
    "We listen more than we speak, assume good intent, and ask before we give "
    "advice. Neither of us uses the other's seniority or youth against them. "
    "We keep the time we set aside, and say early when we cannot."
)
ENDING = (
    "Either of us can end the pair at any time, with a reason that goes to the "
    "program's managers only; the other is told the pair has ended, not why."
)


def agreement_defaults(program: Program) -> dict[str, str]:
    """The program's template: cadence from its rhythm, its code of conduct,
    the parts it wrote itself, and the standard texts for the rest."""
    every = program.weeks_between_sessions
    cadence = (
        f"{program.planned_sessions} sessions of {program.session_minutes} minutes, "
        f"every {every} {'week' if every == 1 else 'weeks'}."
    )
    conduct = program.code_of_conduct.strip() or CONDUCT
    defaults = {"cadence": cadence, "confidentiality": CONFIDENTIALITY, "conduct": conduct,
                "ending": ENDING}  # fmt: skip
    template = program.agreement_template or {}
    defaults.update(
        {part: text for part, text in template.items() if part in Agreement.PARTS and text}
    )
    return defaults


def _side_of(agreement: Agreement, person: Person) -> str:
    """ "mentor" or "mentee": the person's side in the pair; refuses anybody else."""
    side = agreement.pair.side_of(person)
    if not side:
        raise AgreementError("Only the two partners can change or sign their agreement.")
    return side


def _stale(agreement: Agreement, seen_version: int, what: str) -> AgreementError:
    current = Agreement.objects.select_related("edited_by").get(pk=agreement.pk)
    who = current.edited_by.name if current.edited_by else "Your partner"
    return AgreementError(
        f"{what} was not saved: {who} changed the agreement after you opened it "
        f"(you saw version {seen_version}, it is now version {current.version}). "
        "Read the new version, then make your change again."
    )


def agreements_create(*, program: Program, pairs: list[Pair]) -> None:
    """Agreements from the template for ``program``'s pairs just created in
    bulk (the bulk creation is audited as a whole)."""
    defaults = agreement_defaults(program)
    Agreement.objects.bulk_create(
        [Agreement(pair=pair, **defaults) for pair in pairs], batch_size=1000
    )


@transaction.atomic
def agreement_create(*, actor: Actor, pair: Pair) -> Agreement:
    """The pair's agreement, from the program's template (once; later calls return it)."""
    agreement, created = Agreement.objects.get_or_create(
        pair=pair, defaults=agreement_defaults(pair.program)
    )
    if created:
        audit_record(actor=actor, action=AuditAction.AGREEMENT_CREATE, subject=agreement)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    person: Person,
    seen_version: int,
    changes: Mapping[str, str],
) -> Agreement:
    """Change parts of the agreement, as ``person`` saw it at ``seen_version``.

    Refused, with nothing saved, when the agreement changed since (two people
    editing at once: the first to save wins, the other is told), when a part
    is unknown or too long, or when ``person`` is not one of the two. A real
    change makes a new version, which both must sign again.
    """
    _side_of(agreement, person)
    unknown = sorted(set(changes) - set(Agreement.PARTS))
    if unknown:
        raise AgreementError(f"The agreement has no part called {', '.join(unknown)}.")
    for part, text in changes.items():
        if len(text) > Agreement.MAX_LENGTH:
            label = part.replace("_", " ")
            raise AgreementError(
                f"The {label} part is {len(text)} characters long; "
                f"at most {Agreement.MAX_LENGTH} fit."
            )
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if current.version != seen_version:
        raise _stale(current, seen_version, "Your change")
    before = current.content()
    changed = {part: text for part, text in changes.items() if before[part] != text}
    if not changed:
        return current
    # Conditional on the version too: databases without row locks still refuse.
    updated = Agreement.objects.filter(pk=current.pk, version=seen_version).update(
        **changed, version=F("version") + 1, edited_by=person, updated_at=timezone.now()
    )
    if not updated:
        raise _stale(current, seen_version, "Your change")
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.AGREEMENT_UPDATE,
        subject=current,
        before={"version": seen_version, "parts": sorted(changed)},
        after={"version": current.version},
    )
    return current


@transaction.atomic
def agreement_sign(
    *, actor: Actor, agreement: Agreement, person: Person, seen_version: int
) -> Agreement:
    """``person`` signs the version they read. Signing an outdated version is
    refused; signing twice changes nothing. When both have signed the current
    version, that version is kept as signed."""
    side = _side_of(agreement, person)
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if current.version != seen_version:
        raise _stale(current, seen_version, "Your signature")
    field = f"{side}_signed"
    if getattr(current, field) != seen_version:
        setattr(current, field, seen_version)
        current.save(update_fields=[field, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.AGREEMENT_SIGN,
            subject=current,
            after={"version": seen_version, "side": side},
        )
    if current.is_signed:
        AgreementVersion.objects.get_or_create(
            agreement=current,
            version=current.version,
            defaults={"content": current.content(), "signed_at": timezone.now()},
        )
        Pair.objects.filter(pk=current.pair_id, signed_at__isnull=True).update(
            signed_at=timezone.now()
        )
    agreement_signed.send(sender=Agreement, agreement=current, actor=actor)
    return current


# --- ending ---------------------------------------------------------------------------

# The longest note to the program's managers: an end reason, a check-in answer.
NOTE_MAX = 2000


@transaction.atomic
def pair_end(*, actor: Actor, pair: Pair, person: Person, reason: str) -> Pair:
    """``person`` ends the pair early. The reason goes to the program's managers
    only; the partner is told the pair ended, never why nor by whom. Ending
    twice (a double submit) is refused and changes nothing.

    ``pair_ended`` is sent in the same transaction: the meetings still to come
    are cancelled with the pair (``meetings``), or the pair does not end."""
    side = pair.side_of(person)
    if not side:
        raise PairError("Only the two partners can end their pair.")
    reason = (reason or "").strip()
    if not reason:
        raise PairError("Say why, in a line or two: only the program's managers read it.")
    if len(reason) > NOTE_MAX:
        raise PairError(f"The reason is {len(reason)} characters long; at most {NOTE_MAX} fit.")
    now = timezone.now()
    # Conditional on the status, so that of two submits one ends it; the
    # reason is encrypted by its field here as in a save.
    ended = Pair.objects.filter(pk=pair.pk, status__in=Pair.LIVE).update(
        status=Pair.Status.ENDED, ended_at=now, ended_by=person, end_reason=reason,
        risk_reasons=[], updated_at=now,
    )  # fmt: skip
    if not ended:
        raise PairError("This pair has already ended.")
    before = pair.status
    pair.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.PAIR_END,
        subject=pair,
        before={"status": before},
        after={"status": pair.status, "side": side},
    )
    pair_ended.send(sender=Pair, pair=pair, actor=actor, at=now)
    partner = pair.partner_of(person)
    manager_link = site_link("home:pair", uuid=pair.uuid)
    mail_on_commit(
        subject=f"Your reverse-mentoring pair in {pair.program.name} has ended",
        template="pairs/email/ended_partner.txt",
        context={"pair": pair, "person": partner},
        to=partner.email,
    )
    for grant in program_managers(program=pair.program):
        if not grant.user.is_active:
            continue
        mail_on_commit(
            subject=f"A pair ended early in {pair.program.name}",
            template="pairs/email/ended_manager.txt",
            context={"pair": pair, "link": manager_link},
            to=grant.user.email,
        )
    return pair


# --- closing reflections --------------------------------------------------------------


@transaction.atomic
def reflection_write(
    *, actor: Actor, pair: Pair, person: Person, changed: str, differently: str
) -> Reflection:
    """``person``'s closing reflection (once; their partner reads it, managers
    do not). The pair completes when its meetings are logged and both reflected."""
    if not pair.side_of(person):
        raise PairError("Only the two partners write closing reflections.")
    if pair.status not in Pair.LIVE:
        raise PairError("This pair is no longer running; its reflections are closed.")
    changed, differently = (changed or "").strip(), (differently or "").strip()
    if not changed or not differently:
        raise PairError("Write both parts: what changed for you, and what you will do differently.")
    for text in (changed, differently):
        if len(text) > Reflection.MAX_LENGTH:
            raise PairError(f"Each part can be at most {Reflection.MAX_LENGTH} characters long.")
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                pair=pair, author=person, changed=changed, differently=differently
            )
    except IntegrityError:
        raise PairError("You already wrote your closing reflection.") from None
    audit_record(actor=actor, action=AuditAction.REFLECTION_WRITE, subject=pair)
    reflection_written.send(sender=Reflection, reflection=reflection, actor=actor)
    return reflection


# --- pulse check-ins -------------------------------------------------------------------


def checkin_round_due(published: datetime, today: date) -> int:
    """How many check-in rounds are due by ``today`` for a pair published then:
    day 30, then every 60 days."""
    days = (today - published.date()).days
    if days < PulseCheckin.FIRST_AFTER_DAYS:
        return 0
    return 1 + (days - PulseCheckin.FIRST_AFTER_DAYS) // PulseCheckin.EVERY_DAYS


def pulse_checkins_create_due(*, now: datetime | None = None) -> int:
    """Create the check-ins that are due for live pairs (each side, each round,
    once: running twice or at once creates nothing more). Returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    have = {
        (pair_id, person_id): latest
        for pair_id, person_id, latest in PulseCheckin.objects.filter(pair__status__in=Pair.LIVE)
        .values("pair_id", "person_id")
        .annotate(latest=Max("round"))
        .values_list("pair_id", "person_id", "latest")
    }
    new = []
    for pair_id, mentor_id, mentee_id, published in Pair.objects.filter(
        status__in=Pair.LIVE, published_at__isnull=False
    ).values_list("pk", "mentor_id", "mentee_id", "published_at"):
        assert published is not None  # the query leaves out pairs not published
        due = checkin_round_due(published, today)
        if not due:
            continue
        # Only the latest round: a check-in missed long ago is not asked again.
        due_on = published.date() + timedelta(
            days=PulseCheckin.FIRST_AFTER_DAYS + PulseCheckin.EVERY_DAYS * (due - 1)
        )
        for person_id in (mentor_id, mentee_id):
            if have.get((pair_id, person_id), 0) < due:
                new.append(
                    PulseCheckin(pair_id=pair_id, person_id=person_id, round=due, due_on=due_on)
                )
    created = PulseCheckin.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(created)


@transaction.atomic
def checkin_answer(
    *, actor: Actor, checkin: PulseCheckin, person: Person, quality: int, note: str = ""
) -> PulseCheckin:
    """``person`` answers their check-in (once). The answer reaches the
    program's managers only, never the partner."""
    if checkin.person_id != person.pk:
        raise PairError("This check-in is somebody else's.")
    if not isinstance(quality, int) or not 1 <= quality <= 5:
        raise PairError("Rate the pair from 1 (poor) to 5 (excellent).")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise PairError(f"The note is {len(note)} characters long; at most {NOTE_MAX} fit.")
    now = timezone.now()
    taken = PulseCheckin.objects.filter(pk=checkin.pk, answered_at__isnull=True).update(
        quality=quality, note=note, answered_at=now, updated_at=now
    )
    if not taken:
        raise PairError("You already answered this check-in. Thank you!")
    checkin.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CHECKIN_ANSWER,
        subject=checkin,
        after={"round": checkin.round},
    )
    return checkin

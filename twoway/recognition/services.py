"""Writes about recognition. Each service is atomic, takes ``actor=`` first and is audited.

Recognition is for both sides of a pair: when a pair completes, the mentor and
the mentee each get a completion badge and a certificate
(``recognition_award_completion``, called when ``pairs.signals.pair_completed``
is sent, inside the transaction that completes the pair; ``recognition.receivers``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.mail import mail_on_commit, site_link
from twoway.core.roles import user_manages_program
from twoway.pairs.models import Pair
from twoway.people.access import user_is_person
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.recognition.models import Kudos, Recognition, side_name

TITLE_MIN, TITLE_MAX = 3, 120
AWARD_NOTE_MAX = 1000


class RecognitionError(ValidationError):
    """A recognition or kudos the rules do not allow; the message says why."""


def completion_title(program: Program, side: str) -> str:
    """The badge's title, e.g. "Reverse mentor · Reverse pilot" (cut to fit)."""
    title = f"{side_name(program, side)} · {program.name}"
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


@transaction.atomic
def recognition_award_completion(*, actor: Actor, pair: Pair) -> list[Recognition]:
    """Both sides of a completed pair get their completion recognition (and an
    e-mail that their certificate is ready). Safe to repeat: a side that has
    one already keeps it, and is not e-mailed again. Returns [mentor's, mentee's]."""
    if pair.status != Pair.Status.COMPLETED:
        raise RecognitionError(
            f"{pair.mentor.name} and {pair.mentee.name} have not completed their pair yet; "
            "completion recognition comes when they do."
        )
    program = pair.program
    awarded = []
    for side, person, partner in (
        ("mentor", pair.mentor, pair.mentee),
        ("mentee", pair.mentee, pair.mentor),
    ):
        # get_or_create retries the read when a concurrent call wins the unique
        # constraint, so two completions of one pair still make one row per side.
        recognition, created = Recognition.objects.get_or_create(
            pair=pair,
            person=person,
            kind=Recognition.Kind.COMPLETION,
            defaults={"program": program, "side": side, "title": completion_title(program, side)},
        )
        awarded.append(recognition)
        if not created:
            continue
        audit_record(
            actor=actor,
            action=AuditAction.RECOGNITION_COMPLETE,
            subject=recognition,
            after={"pair": str(pair.uuid), "person": str(person.uuid), "side": side},
        )
        mail_on_commit(
            subject="Your certificate is ready",
            template="recognition/email/certificate_ready.txt",
            context={
                "person": person,
                "partner": partner,
                "program": program,
                "role": side_name(program, side).lower(),
                "link": site_link("recognition:certificate", uuid=recognition.uuid),
                "pair_link": site_link("home:pair", uuid=pair.uuid),
            },
            to=person.email,
        )
    return awarded


def _clean_text(value: str) -> str:
    return " ".join((value or "").split())


@transaction.atomic
def recognition_award(
    *, actor: Actor, program: Program, person: Person, title: str, note: str = ""
) -> Recognition:
    """A program manager recognises ``person`` by hand, for what they did in
    ``program`` (where they must be in a pair)."""
    if not user_manages_program(actor, program):
        raise RecognitionError(f"Only a manager of {program.name} can award recognition in it.")
    title = _clean_text(title)
    note = (note or "").strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise RecognitionError(
            f"The title is {len(title)} characters long; write between {TITLE_MIN} and {TITLE_MAX}."
        )
    if len(note) > AWARD_NOTE_MAX:
        raise RecognitionError(
            f"The note is {len(note)} characters long; at most {AWARD_NOTE_MAX} fit."
        )
    pairs = list(
        Pair.objects.filter(Q(mentor=person) | Q(mentee=person), program=program).only(
            "id", "mentor_id", "mentee_id"
        )
    )
    if not pairs:
        raise RecognitionError(
            f"{person.name} is not in a pair of {program.name}, so cannot be recognised in it."
        )
    # With one pair the award belongs to it; a mentor of several keeps it on the program.
    pair = pairs[0] if len(pairs) == 1 else None
    sides = {p.side_of(person) for p in pairs}
    recognition = Recognition.objects.create(
        person=person,
        program=program,
        pair=pair,
        kind=Recognition.Kind.AWARD,
        side=sides.pop() if len(sides) == 1 else "",
        title=title,
        note=note,
        awarded_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.RECOGNITION_AWARD,
        subject=recognition,
        after={"person": str(person.uuid), "program": program.slug, "title": title},
    )
    return recognition


@transaction.atomic
def kudos_give(*, actor: Actor, pair: Pair, giver: Person, category: str, note: str = "") -> Kudos:
    """``giver``, one of the two partners, thanks the other in ``category``.

    Refused, with nothing saved, for anybody outside the pair or acting in
    someone else's name, on a pair that ended early, for an unknown category or
    a note over ``Kudos.MAX_LENGTH``, and when the giver already gave this
    category in this pair (a double submit counts once)."""
    if pair.side_of(giver) == "":
        raise RecognitionError("Only the two partners of a pair can give each other kudos.")
    if not user_is_person(actor, giver):
        raise RecognitionError("Kudos can only be given in your own name.")
    if not Kudos.open_in(pair):
        raise RecognitionError("This pair ended early, so kudos can no longer be given in it.")
    if category not in Kudos.Category.values:
        raise RecognitionError("Choose one of the kudos categories.")
    note = _clean_text(note)
    if len(note) > Kudos.MAX_LENGTH:
        raise RecognitionError(
            f"The note is {len(note)} characters long; at most {Kudos.MAX_LENGTH} fit."
        )
    receiver = pair.partner_of(giver)
    label = Kudos.Category(category).label
    already = RecognitionError(
        f"You already thanked {receiver.first_name} for “{label}” in this pair; "
        "nothing was sent twice."
    )
    if Kudos.objects.filter(pair=pair, giver=giver, category=category).exists():
        raise already
    try:
        with transaction.atomic():
            kudos = Kudos.objects.create(
                pair=pair, giver=giver, receiver=receiver, category=category, note=note
            )
    except IntegrityError:  # the same form sent twice at once: the first one counts
        raise already from None
    audit_record(
        actor=actor,
        action=AuditAction.KUDOS_GIVE,
        subject=kudos,
        after={"pair": str(pair.uuid), "receiver": str(receiver.uuid), "category": category},
    )
    return kudos

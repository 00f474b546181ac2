"""Writes about programs and enrollments.

Each service is atomic, takes ``actor=`` first and keyword-only arguments, checks
that the actor may do it, and writes its audit event in the same transaction.
Rule and input problems raise ``ProgramError`` (a ``ValidationError``) with a
message meant for the person who made them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_event, audit_record, diff, snapshot
from twoway.core.mail import mail_on_commit, site_link
from twoway.core.models import AuditEvent, Role, RoleGrant, User
from twoway.core.roles import user_manages_program
from twoway.core.services import SAFEGUARD_CANNOT_MANAGE
from twoway.people.access import user_is_person
from twoway.people.models import OrgUnit, Person, SelfDescription
from twoway.programs import selectors
from twoway.programs.eligibility import (
    Criteria,
    eligibility_preview,
    enrollment_role_choices,
    person_eligible_sides,
    program_criteria,
    program_rule_conflicts,
    rule_problems,
)
from twoway.programs.models import (
    FORMAT_CHOICES,
    GOAL_MAX_LENGTH,
    LINE_CHOICES,
    WINDOW_CHOICES,
    EligibilityRule,
    Enrollment,
    EnrollmentTopic,
    Program,
    Side,
)
from twoway.programs.presets import Preset
from twoway.programs.tasks import invitations_send
from twoway.skills.models import Skill

Status = Program.Status
ES = Enrollment.Status

# The fields a program form may set; everything else is the services' business.
PROGRAM_FIELDS = (
    "name",
    "slug",
    "kind",
    "purpose",
    "sponsor",
    "starts_on",
    "ends_on",
    "planned_sessions",
    "weeks_between_sessions",
    "session_minutes",
    "manager_approval",
    "matching_style",
    "code_of_conduct",
    "weight_teach",
    "weight_teach_back",
    "weight_crossing",
    "weight_level_gap",
    "weight_availability",
    "weight_time_zone",
    "reporting_line_depth",
    "min_level_gap",
    "must_differ",
    "valued_lines",
    "max_time_zone_hours",
    "mentor_capacity",
    "objective",
    "senior_preview",
    "junior_opt_out",
    "agreement_template",
    "sign_before_first_log",
    "risk_weeks_without_meeting",
    "risk_days_unsigned",
    "escalate_after_cancellations",
)
WEIGHT_FIELDS = tuple(name for name in PROGRAM_FIELDS if name.startswith("weight_"))
RULE_FIELDS = (
    "min_level",
    "max_level",
    "min_tenure_months",
    "max_tenure_months",
    "generations",
    "genders",
    "backgrounds",
)
ENROLLMENT_FIELDS = ("role", "status", "capacity", "availability", "formats", "goal")
LINE_LABELS = dict(LINE_CHOICES)


class ProgramError(ValidationError):
    """A change the program's rules do not allow; the message says why and what to do."""


# --- programs ------------------------------------------------------------------------


def _require_creator(actor: Actor) -> None:
    if not selectors.program_can_create(actor):
        raise PermissionDenied("Only organisation-wide program managers create programs.")


def program_require_manager(actor: Actor, program: Program) -> None:
    """Refuse (PermissionDenied) an actor who does not manage ``program``."""
    if not user_manages_program(actor, program):
        raise PermissionDenied("You do not manage this program.")


def _program_save(program: Program) -> None:
    """Save, turning a slug taken meanwhile by another program into a clear error."""
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise ProgramError({"slug": f"Another program already uses “{program.slug}”."}) from None


# Addresses of pages under /programs/ that a program's own address would hide.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "program")[:70].strip("-") or "program"
    programs = Program.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        programs = programs.exclude(pk=exclude_pk)
    taken = set(programs.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_program(program: Program, *, slug_given: bool) -> None:
    """Check a program's settings together; errors name the field they are about."""
    errors: dict[str, str] = {}
    program.name = " ".join((program.name or "").split())
    if not program.name:
        errors["name"] = "Give the program a name."
    if slug_given:
        program.slug = (program.slug or "").strip().lower()
        if program.slug != slugify(program.slug) or not program.slug:
            errors["slug"] = (
                "Use lower-case letters, digits and hyphens only, e.g. reverse-mentoring-2026."
            )
        elif program.slug in RESERVED_SLUGS:
            errors["slug"] = f"“{program.slug}” is the address of a page of Twoway. Choose another."
        elif Program.objects.exclude(pk=program.pk).filter(slug=program.slug).exists():
            errors["slug"] = f"Another program already uses “{program.slug}”. Choose another."
    else:
        program.slug = _unique_slug(program.name, exclude_pk=program.pk)
    if program.kind not in Program.Kind.values:
        errors["kind"] = "Choose one of the listed kinds."
    if program.starts_on and program.ends_on and program.ends_on < program.starts_on:
        errors["ends_on"] = (
            f"The program ends ({program.ends_on:%-d %B %Y}) before it starts "
            f"({program.starts_on:%-d %B %Y})."
        )
    if (
        program.sponsor_id is not None
        and not selectors.sponsor_choices().filter(pk=program.sponsor_id).exists()
    ):
        errors["sponsor"] = "The sponsor must be someone who holds the sponsor role."
    must, valued = list(program.must_differ or []), list(program.valued_lines or [])
    unknown = [line for line in must + valued if line not in LINE_LABELS]
    if unknown:
        errors["must_differ"] = f"Unknown dividing line: {', '.join(unknown)}."
    both = [LINE_LABELS[line] for line in must if line in valued]
    if both:
        names = ", ".join(both)
        errors["valued_lines"] = (
            f"{names}: every pair must already differ there, so also valuing it adds the "
            "same to every pair. Tick it under “must differ” or under “valued”, not both."
        )
    if all(not getattr(program, name) for name in WEIGHT_FIELDS):
        errors["weight_teach"] = (
            "At least one score weight must be above zero, or every pair scores the same."
        )
    if program.senior_side is None and program.min_level_gap:
        errors["min_level_gap"] = (
            "A mutual program has no senior side, so a minimum level gap has no direction. "
            "Set it to 0, or choose another kind."
        )
    if program.matching_style == Program.MatchingStyle.SELF and (
        program.senior_preview or program.junior_opt_out
    ):
        errors["senior_preview"] = (
            "Previews and opt-outs belong to managed matching: with self-match, "
            "participants choose their own pair."
        )
    if errors:
        raise ProgramError(errors)
    if program.pk is not None:  # a new program has no rules yet
        conflicts = _rule_conflicts(program, program_criteria(program))
        if conflicts:
            raise ProgramError(conflicts)


def _rule_conflicts(program: Program, criteria: dict[str, Criteria | None]) -> list[str]:
    """``program_rule_conflicts`` between the program's settings and both sides' rules."""
    return program_rule_conflicts(
        kind=program.kind,
        min_level_gap=program.min_level_gap,
        must_differ=program.must_differ or (),
        mentor=criteria[Side.MENTOR],
        mentee=criteria[Side.MENTEE],
    )


def _check_against_enrollments(program: Program) -> None:
    """Settings that would strand people already enrolled."""
    if program.pk is None:
        return
    active = program.enrollments.filter(status__in=(ES.ENROLLED, ES.PENDING_APPROVAL))
    if program.kind != Program.Kind.MUTUAL:
        both = active.filter(role=Enrollment.Role.BOTH).count()
        if both:
            raise ProgramError(
                {
                    "kind": f"{both} {_people(both)} joined as both mentor and mentee, which "
                    "only mutual programs allow. Keep the program mutual, or ask them to "
                    "choose one side first."
                }
            )
    over = active.filter(capacity__gt=program.mentor_capacity).count()
    if over:
        raise ProgramError(
            {
                "mentor_capacity": f"{over} {_people(over)} offered to mentor more than "
                f"{program.mentor_capacity}. Keep the limit at or above what they offered."
            }
        )


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


@transaction.atomic
def program_create(
    *, actor: Actor, name: str, slug: str = "", managers: Iterable[User] = (), **fields: Any
) -> Program:
    """Create a program in draft. An empty ``slug`` is made from the name."""
    _require_creator(actor)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown program fields: {', '.join(sorted(unknown))}")
    program = Program(name=name, slug=slug, **fields)
    _clean_program(program, slug_given=bool(slug.strip()))
    _program_save(program)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAM_CREATE,
        subject=program,
        after=snapshot(program, (*PROGRAM_FIELDS, "status")),
    )
    for user in managers:
        program_manager_add(actor=actor, program=program, user=user)
    return program


@transaction.atomic
def program_create_from_preset(
    *, actor: Actor, preset: Preset, name: str, managers: Iterable[User] = (), **fields: Any
) -> Program:
    """Create a program in draft from ``preset``, with both sides' rules saved.

    ``fields`` (name, purpose, sponsor, dates, rhythm...) win over the preset's.
    """
    defaults: dict[str, Any] = {
        k: list(v) if isinstance(v, list) else v for k, v in preset.fields.items()
    }
    program = program_create(actor=actor, name=name, managers=managers, **(defaults | fields))
    for side in Side.values:
        eligibility_rule_save(actor=actor, program=program, side=side, criteria=preset.rule(side))
    program.refresh_from_db()
    return program


@transaction.atomic
def program_update(*, actor: Actor, program: Program, **fields: Any) -> Program:
    """Change a program's settings (not its status: see ``program_transition``)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    program_require_manager(actor, program)
    unknown = set(fields) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown program fields: {', '.join(sorted(unknown))}")
    if program.status == Status.CLOSED:
        raise ProgramError("This program is closed; its settings can no longer change.")
    before = snapshot(program, PROGRAM_FIELDS)
    slug = fields.pop("slug", program.slug)
    for name, value in fields.items():
        setattr(program, name, value)
    program.slug = slug
    _clean_program(program, slug_given=bool((slug or "").strip()))
    _check_against_enrollments(program)
    changed_before, changed_after = diff(before, snapshot(program, PROGRAM_FIELDS))
    if not changed_after:
        return program
    _program_save(program)
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAM_UPDATE,
        subject=program,
        before=changed_before,
        after=changed_after,
    )
    return program


@transaction.atomic
def program_manager_add(*, actor: Actor, program: Program, user: User) -> RoleGrant:
    """Make ``user`` a manager of this program alone. Adding twice changes nothing."""
    _require_creator(actor)
    if not user.is_active:
        raise ProgramError(f"{user.email} cannot sign in (the account is deactivated).")
    # Asked of the database, not ``user_roles``: that caches the roles on ``user``,
    # and the grant made below would leave the cache stale for the caller.
    if RoleGrant.objects.filter(
        user=user, role__in=(Role.PROGRAM_MANAGER, Role.ADMINISTRATOR), program__isnull=True
    ).exists():
        raise ProgramError(f"{user.email} already manages every program.")
    if RoleGrant.objects.filter(user=user, role=Role.SAFEGUARDING_CONTACT).exists():
        raise ProgramError(SAFEGUARD_CANNOT_MANAGE.format(name=user.email))
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=Role.PROGRAM_MANAGER,
        program=program,
        defaults={"granted_by": actor_user(actor)},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_GRANT,
            subject=user,
            after={"role": Role.PROGRAM_MANAGER, "program": program.slug},
        )
    return grant


@transaction.atomic
def program_manager_remove(*, actor: Actor, program: Program, user: User) -> bool:
    """Take away ``user``'s management of this program. Removing twice changes nothing."""
    _require_creator(actor)
    deleted, _ = RoleGrant.objects.filter(
        user=user, role=Role.PROGRAM_MANAGER, program=program
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_REVOKE,
            subject=user,
            before={"role": Role.PROGRAM_MANAGER, "program": program.slug},
        )
    return bool(deleted)


def program_transition_problems(program: Program, to: str) -> list[str]:
    """Why ``program`` cannot move to status ``to`` now (empty: it can)."""
    if to not in Status.values:
        return [f"“{to}” is not a program status."]
    if not program.can_move_to(to):
        allowed = [Status(s).label.lower() for s in program.TRANSITIONS.get(program.status, ())]
        where = f"it can move to {', '.join(allowed)}" if allowed else "it is final"
        return [
            f"A program that is {program.get_status_display().lower()} cannot become "
            f"{Status(to).label.lower()}: {where}."
        ]
    problems: list[str] = []
    if to == Status.ENROLLING:
        criteria = program_criteria(program)
        missing = [Side(side).label.lower() for side, c in criteria.items() if c is None]
        if missing:
            return [
                f"Save the {' and '.join(missing)} rule first (an empty rule admits everyone, "
                "but it must be saved)."
            ]
        problems += _rule_conflicts(program, criteria)
        for side, c in criteria.items():
            if c is not None and eligibility_preview(c).hr_total == 0:
                problems.append(
                    f"The {side} rule admits nobody at the moment. Widen it before enrolling."
                )
        if program.ends_on and program.ends_on < timezone.localdate():
            problems.append("The program's end date has passed. Change the dates first.")
    elif to in (Status.MATCHING, Status.ACTIVE):
        counts = selectors.program_counts(program=program)
        empty = [Side(s).label.lower() + "s" for s in Side.values if not counts[s][ES.ENROLLED]]
        if empty:
            problems.append(
                f"Matching needs at least one enrolled person on each side; there are no "
                f"enrolled {' and no enrolled '.join(empty)} yet."
            )
        waiting = program.enrollments.filter(status=ES.PENDING_APPROVAL).count()
        if to == Status.MATCHING and waiting:
            problems.append(
                f"{waiting} {_people(waiting)} still wait for approval. Approve or decline "
                "them on the enrollments page first."
            )
    return problems


@transaction.atomic
def program_transition(*, actor: Actor, program: Program, to: str) -> Program:
    """Move a program to status ``to`` if ``Program.TRANSITIONS`` and the
    preconditions allow it; otherwise raise ``ProgramError`` saying why.

    Already in ``to`` (a double submit) changes nothing. ``matching -> active`` is
    for the matching app's publish service, which calls this inside its own
    transaction; the program pages do not offer it.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    program_require_manager(actor, program)
    if program.status == to:
        return program
    problems = program_transition_problems(program, to)
    if problems:
        raise ProgramError(problems)
    before = program.status
    program.status = to
    program.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAM_TRANSITION,
        subject=program,
        before={"status": before},
        after={"status": to},
    )
    return program


# --- eligibility rules --------------------------------------------------------------


def _rule_snapshot(criteria: Criteria) -> dict[str, Any]:
    data = {name: getattr(criteria, name) for name in RULE_FIELDS}
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
    data["departments_included"] = [u.path for u in criteria.departments_included]
    data["departments_excluded"] = [u.path for u in criteria.departments_excluded]
    return data


def clean_words(values: Iterable[str], *, limit: int = 20, length: int = 60) -> tuple[str, ...]:
    """Words or tags typed by a program manager: trimmed, de-duplicated (any case)."""
    seen: dict[str, str] = {}
    for value in values:
        word = " ".join(str(value).split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    words = tuple(seen.values())
    if len(words) > limit or any(len(w) > length for w in words):
        raise ProgramError(f"Up to {limit} entries of {length} characters each.")
    return words


@transaction.atomic
def eligibility_rule_save(
    *, actor: Actor, program: Program, side: str, criteria: Criteria
) -> EligibilityRule:
    """Save who may join one side of the program (an empty rule admits everyone)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    program_require_manager(actor, program)
    if side not in Side.values:
        raise ProgramError("Choose the mentor or the mentee side.")
    if not program.rules_can_change:
        raise ProgramError(
            f"This program is {program.get_status_display().lower()}; who may join can no "
            "longer change."
        )
    unknown = [g for g in criteria.generations if g not in SelfDescription.Generation.values]
    if unknown:
        raise ProgramError({"generations": "Choose generations from the list."})
    criteria = dataclasses.replace(
        criteria,
        genders=clean_words(criteria.genders),
        backgrounds=clean_words(criteria.backgrounds),
        generations=tuple(dict.fromkeys(criteria.generations)),
    )
    for name in ("min_level", "max_level", "min_tenure_months", "max_tenure_months"):
        value = getattr(criteria, name)
        if value is not None and not 0 <= value <= 600:
            raise ProgramError({name: "Use a whole number from 0 to 600."})
    problems = rule_problems(criteria)
    if problems:
        raise ProgramError(problems)
    saved = program_criteria(program)
    saved[side] = criteria
    conflicts = _rule_conflicts(program, saved)
    if conflicts:
        raise ProgramError(conflicts)
    rule = EligibilityRule.objects.filter(program=program, side=side).first()
    before = _rule_snapshot(Criteria.of_rule(rule)) if rule is not None else None
    if rule is None:
        rule = EligibilityRule(program=program, side=side)
    for name in RULE_FIELDS:
        value = getattr(criteria, name)
        setattr(rule, name, list(value) if isinstance(value, tuple) else value)
    rule.save()
    rule.departments_included.set(criteria.departments_included)
    rule.departments_excluded.set(criteria.departments_excluded)
    after = _rule_snapshot(criteria)
    if before is not None:
        before, after = diff(before, after)
        if not after:
            return rule
    audit_record(
        actor=actor,
        action=AuditAction.ELIGIBILITY_RULE_SAVE,
        subject=program,
        before=before,
        after={"side": side, **after},
    )
    return rule


# --- invitations ----------------------------------------------------------------------


@dataclass
class InviteResult:
    invited: int = 0
    accounts_created: int = 0
    skipped: int = 0  # already invited or enrolled


def _ensure_logins(people: Sequence[Person]) -> dict[int, bool]:
    """Give every person a login (new ones without a usable password); returns
    person id -> whether the login was created now. An existing account with the
    person's e-mail and no person of its own is linked rather than duplicated."""
    created: dict[int, bool] = {}
    missing = [p for p in people if p.user_id is None]
    if not missing:
        return created
    by_email = {
        u.email: u
        for u in User.objects.filter(email__in=[p.email.lower() for p in missing]).filter(
            person__isnull=True
        )
    }
    new_users = []
    logins: list[User] = []
    for person in missing:
        user = by_email.get(person.email.lower())
        if user is None:
            user = User(
                email=person.email.lower(),
                first_name=person.first_name[:150],
                password=make_password(None),
            )
            new_users.append(user)
            created[person.pk] = True
        else:
            created[person.pk] = False
        person.user = user
        logins.append(user)
    User.objects.bulk_create(new_users, batch_size=1000)
    for person, user in zip(missing, logins, strict=True):
        person.user_id = user.pk
    Person.objects.bulk_update(missing, ["user"], batch_size=1000)
    return created


@transaction.atomic
def enrollment_invite(
    *, actor: Actor, program: Program, side: str, department: OrgUnit | None = None
) -> InviteResult:
    """Invite by e-mail everyone eligible on ``side`` (within ``department``, if
    given) who has no enrollment in the program yet.

    Inviting again reaches only the people not reached before. People without a
    login get one, and their e-mail carries a link to choose a password.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    program_require_manager(actor, program)
    if side not in Side.values:
        raise ProgramError("Choose the mentor or the mentee side.")
    if program.status != Status.ENROLLING:
        raise ProgramError(
            "Invitations go out while the program is enrolling: open enrollment first."
        )
    plan = selectors.invite_plan(program=program, side=side, department=department)
    result = InviteResult(skipped=plan.already)
    if not plan.person_ids:
        return result
    people = list(Person.objects.filter(pk__in=plan.person_ids).order_by("pk"))
    created = _ensure_logins(people)
    now = timezone.now()
    inviter = actor_user(actor)
    enrollments = [
        Enrollment(
            program=program,
            person=person,
            role=side,
            status=ES.INVITED,
            invited_at=now,
            invited_by=inviter,
        )
        for person in people
    ]
    # A concurrent join may have created a row meanwhile: skip it, never duplicate.
    Enrollment.objects.bulk_create(enrollments, batch_size=1000, ignore_conflicts=True)
    invited = list(
        Enrollment.objects.filter(
            program=program, person__in=plan.person_ids, status=ES.INVITED, invited_at=now
        ).select_related("person")
    )
    AuditEvent.objects.bulk_create(
        [
            audit_event(
                actor=actor,
                action=AuditAction.ENROLLMENT_INVITE,
                subject=enrollment,
                after={"side": side, "account_created": created.get(enrollment.person_id, False)},
            )
            for enrollment in invited
        ],
        batch_size=1000,
    )
    result.invited = len(invited)
    result.skipped += len(people) - len(invited)
    result.accounts_created = sum(1 for pk, new in created.items() if new)
    ids = [e.pk for e in invited]
    transaction.on_commit(lambda: _enqueue_invitations(ids))
    return result


def _enqueue_invitations(enrollment_ids: list[int]) -> None:
    for start in range(0, len(enrollment_ids), 500):
        invitations_send.enqueue(enrollment_ids=enrollment_ids[start : start + 500])


# --- joining, editing, leaving ---------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    skill: Skill
    direction: str  # EnrollmentTopic.Direction
    level: int


def _clean_enrollment_input(
    *,
    program: Program,
    sides: list[str],
    role: str,
    topics: Sequence[Topic],
    capacity: int,
    availability: Sequence[str],
    formats: Sequence[str],
    goal: str,
) -> tuple[list[Topic], int, list[str], list[str], str]:
    errors: dict[str, str] = {}
    allowed_roles = enrollment_role_choices(program, sides)
    if role not in Enrollment.Role.values:
        errors["role"] = "Choose whether you join as mentor or mentee."
    elif role == Enrollment.Role.BOTH and program.kind != Program.Kind.MUTUAL:
        errors["role"] = "Only mutual programs let you join as both mentor and mentee."
    elif role not in allowed_roles:
        other = " and ".join(Side(s).label.lower() for s in sides)
        errors["role"] = (
            f"You are not eligible to join as {Enrollment.Role(role).label.lower()} here; "
            f"you may join as {other}."
            if role != Enrollment.Role.BOTH
            else f"You may join as {other} only, not as both."
        )
    mentors = role in (Enrollment.Role.MENTOR, Enrollment.Role.BOTH)
    mentees = role in (Enrollment.Role.MENTEE, Enrollment.Role.BOTH)
    if not mentors:
        capacity = 1
    elif not 1 <= capacity <= program.mentor_capacity:
        errors["capacity"] = (
            f"Mentor between 1 and {program.mentor_capacity} "
            f"{_people(program.mentor_capacity)} in this program."
        )
    unique: dict[tuple[int, str], Topic] = {}
    for topic in topics:
        if topic.direction not in EnrollmentTopic.Direction.values:
            errors["topics"] = "A topic must be one to teach or one to learn."
        elif not 1 <= topic.level <= 5:
            errors["topics"] = f"Give “{topic.skill.name}” a level from 1 to 5."
        else:
            unique[(topic.skill.pk, topic.direction)] = topic
    topics = list(unique.values())
    teach = [t for t in topics if t.direction == EnrollmentTopic.Direction.TEACH]
    learn = [t for t in topics if t.direction == EnrollmentTopic.Direction.LEARN]
    if "role" not in errors and mentors and not teach:
        errors["teach"] = "As a mentor, choose at least one topic you will teach."
    if "role" not in errors and mentees and not learn:
        errors["learn"] = "As a mentee, choose at least one topic you want to learn."
    windows = dict(WINDOW_CHOICES)
    if any(a not in windows for a in availability):
        errors["availability"] = "Choose times from the list."
    kinds = dict(FORMAT_CHOICES)
    if any(f not in kinds for f in formats):
        errors["formats"] = "Choose formats from the list."
    goal = (goal or "").strip()
    if len(goal) > GOAL_MAX_LENGTH:
        errors["goal"] = f"Keep your goal to {GOAL_MAX_LENGTH} characters (it has {len(goal)})."
    if errors:
        raise ProgramError(errors)
    # Keep the form's order, so stored lists compare equal when nothing changed.
    availability = [key for key, _ in WINDOW_CHOICES if key in set(availability)]
    formats = [key for key, _ in FORMAT_CHOICES if key in set(formats)]
    return topics, capacity, availability, formats, goal


def _topics_snapshot(enrollment: Enrollment) -> list[str]:
    return sorted(
        f"{t.direction}:{t.skill.name}:{t.level}" for t in enrollment.topics.select_related("skill")
    )


def _topics_replace(enrollment: Enrollment, topics: Sequence[Topic]) -> None:
    """Make the enrollment's topics ``topics``, touching only the rows that differ."""
    wanted = {(t.skill.pk, t.direction): t.level for t in topics}
    saved = {(row.skill_id, row.direction): row for row in enrollment.topics.all()}
    gone = [row.pk for key, row in saved.items() if key not in wanted]
    if gone:
        EnrollmentTopic.objects.filter(pk__in=gone).delete()
    for key, level in wanted.items():
        row = saved.get(key)
        if row is not None and row.level != level:
            EnrollmentTopic.objects.filter(pk=row.pk).update(level=level)
    EnrollmentTopic.objects.bulk_create(
        [
            EnrollmentTopic(enrollment=enrollment, skill_id=skill, direction=direction, level=level)
            for (skill, direction), level in wanted.items()
            if (skill, direction) not in saved
        ]
    )


@transaction.atomic
def enrollment_join(
    *,
    actor: Actor,
    program: Program,
    person: Person,
    role: str,
    topics: Sequence[Topic] = (),
    capacity: int = 1,
    availability: Sequence[str] = (),
    formats: Sequence[str] = (),
    goal: str = "",
) -> Enrollment:
    """Join a program, or change one's enrollment, while it is enrolling.

    Only the person themself may. They must be eligible for the side(s) of
    ``role``. With line-manager approval on, joining waits for the approval (the
    line manager is e-mailed; without one, the program managers decide). Sending
    the same form twice saves it once.
    """
    if not user_is_person(actor, person):
        raise PermissionDenied("Only the person themself can join a program.")
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status != Status.ENROLLING:
        raise ProgramError(
            f"{program.name} is not taking enrollments"
            + (
                " yet."
                if program.status == Status.DRAFT
                else " any more: its matching has started."
                if program.status == Status.MATCHING
                else "."
            )
        )
    person = Person.objects.select_related("department", "manager__user").get(pk=person.pk)
    sides = person_eligible_sides(program, person)
    if not sides:
        raise ProgramError(
            f"You are not eligible for {program.name}: its rules admit other colleagues. "
            "Nothing was saved."
        )
    topics, capacity, availability, formats, goal = _clean_enrollment_input(
        program=program,
        sides=sides,
        role=role,
        topics=topics,
        capacity=capacity,
        availability=availability,
        formats=formats,
        goal=goal,
    )
    enrollment = (
        Enrollment.objects.select_for_update().filter(program=program, person=person).first()
    )
    if enrollment is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    program=program, person=person, status=ES.WITHDRAWN
                )
        except IntegrityError:  # the same form sent twice at once
            enrollment = Enrollment.objects.select_for_update().get(program=program, person=person)
        new = True
    else:
        new = False
    if enrollment.status == ES.DECLINED:
        raise ProgramError(
            "Your line manager did not approve your enrollment in this program. Talk to them, "
            "or to the program's managers, who can approve it."
        )
    before = snapshot(enrollment, ENROLLMENT_FIELDS)
    before_topics = [] if new else _topics_snapshot(enrollment)
    joining = enrollment.status in (ES.INVITED, ES.WITHDRAWN)
    enrollment.role = role
    enrollment.capacity = capacity
    enrollment.availability = availability
    enrollment.formats = formats
    enrollment.goal = goal
    now = timezone.now()
    approver = None
    if joining:
        enrollment.withdrawn_at = None
        enrollment.left_on = None
        enrollment.decided_at = None
        enrollment.decided_by = None
        if program.manager_approval:
            enrollment.status = ES.PENDING_APPROVAL
            enrollment.person = person
            approver = selectors.enrollment_line_manager(enrollment)
        else:
            enrollment.status = ES.ENROLLED
            enrollment.enrolled_at = now
            enrollment.joined_on = timezone.localdate(now)
    changed_before, changed_after = diff(before, snapshot(enrollment, ENROLLMENT_FIELDS))
    if new or joining or changed_after:
        enrollment.save()
    _topics_replace(enrollment, topics)
    after_topics = _topics_snapshot(enrollment)
    if before_topics != after_topics:
        changed_before["topics"], changed_after["topics"] = before_topics, after_topics
    if changed_after:
        audit_record(
            actor=actor,
            action=AuditAction.ENROLLMENT_JOIN if joining else AuditAction.ENROLLMENT_UPDATE,
            subject=enrollment,
            before=None if new else changed_before,
            after=changed_after,
        )
    if approver is not None:
        mail_on_commit(
            subject=f"Please approve: {person.name} would like to join {program.name}",
            template="programs/email/approval_request.txt",
            context={
                "person": person,
                "program": program,
                "enrollment": enrollment,
                "manager": person.manager,
                "link": site_link("programs:approvals"),
            },
            to=approver.email,
        )
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, actor: Actor, enrollment: Enrollment) -> Enrollment:
    """Leave a program (or turn down its invitation) before its pairs are published.

    The person themself may, and so may the program's managers. Leaving twice
    changes nothing.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program", "person")
        .get(pk=enrollment.pk)
    )
    program = enrollment.program
    if not (user_is_person(actor, enrollment.person) or user_manages_program(actor, program)):
        raise PermissionDenied("Only the person themself or the program's managers can do this.")
    if enrollment.status == ES.WITHDRAWN:
        return enrollment
    if not program.people_can_leave:
        raise ProgramError(
            "The pairs of this program are published, so leaving is no longer a click: "
            "talk to your pair or the program's managers."
        )
    if enrollment.status == ES.DECLINED:
        raise ProgramError("This enrollment was not approved, so there is nothing to leave.")
    before = enrollment.status
    enrollment.status = ES.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.left_on = timezone.localdate(enrollment.withdrawn_at)
    enrollment.save(update_fields=["status", "withdrawn_at", "left_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ENROLLMENT_WITHDRAW,
        subject=enrollment,
        before={"status": before},
        after={"status": ES.WITHDRAWN},
    )
    return enrollment


@transaction.atomic
def enrollment_decide(*, actor: Actor, enrollment: Enrollment, approve: bool) -> Enrollment:
    """Approve or decline an enrollment waiting for approval.

    The person's line manager decides; the program's managers may too (they must
    when there is no line manager with a login). Deciding the same way twice
    changes nothing.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("program", "person__manager__user")
        .get(pk=enrollment.pk)
    )
    is_line_manager = selectors.user_is_line_manager(actor, enrollment)
    if not (is_line_manager or user_manages_program(actor, enrollment.program)):
        raise PermissionDenied("Only the person's line manager or the program's managers decide.")
    target = ES.ENROLLED if approve else ES.DECLINED
    if enrollment.status == target:
        return enrollment
    if enrollment.status != ES.PENDING_APPROVAL:
        raise ProgramError(
            f"{enrollment.person.name}'s enrollment is no longer waiting for approval "
            f"({enrollment.get_status_display().lower()})."
        )
    if enrollment.program.status not in (Status.ENROLLING, Status.MATCHING):
        raise ProgramError("This program is no longer enrolling.")
    now = timezone.now()
    enrollment.status = target
    enrollment.decided_by = actor_user(actor)
    enrollment.decided_at = now
    if approve:
        enrollment.enrolled_at = now
        enrollment.joined_on = timezone.localdate(now)
    enrollment.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "enrolled_at",
            "joined_on",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.ENROLLMENT_APPROVE if approve else AuditAction.ENROLLMENT_DECLINE,
        subject=enrollment,
        before={"status": ES.PENDING_APPROVAL},
        after={"status": target, "as": "line manager" if is_line_manager else "program manager"},
    )
    person = enrollment.person
    mail_on_commit(
        subject=f"{enrollment.program.name}: "
        + ("you are enrolled" if approve else "your enrollment was not approved"),
        template="programs/email/decision.txt",
        context={
            "person": person,
            "program": enrollment.program,
            "approved": approve,
            "link": site_link("home:my_programs"),
        },
        to=person.email,
    )
    return enrollment

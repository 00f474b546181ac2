"""Writes of the guides app: atomic, keyword-only, actor first, audited.

A program's arc, its launch page, and answers to the launch's call for topics
(which put skills on the answerer's profile through the skills app's service).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import REDACTED, AuditAction, audit_record
from twoway.core.roles import user_manages_program
from twoway.guides.arc import ArcStep
from twoway.guides.models import (
    MAX_SESSIONS,
    SPONSOR_MESSAGE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ArcSession,
    ProgramLaunch,
    TopicCallAnswer,
)
from twoway.guides.selectors import launch_can_edit, program_arc
from twoway.people.access import user_is_person
from twoway.people.models import Person
from twoway.programs.models import Program
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.services import person_skill_add

NOT_MANAGER = "Only the program's managers change its session arc."
NOT_EDITOR = "Only the program's managers and its sponsor change its launch page."


def _require_manager(actor: Actor, program: Program) -> None:
    if not user_manages_program(actor, program):
        raise PermissionDenied(NOT_MANAGER)


def _clean_steps(steps: Sequence[ArcStep]) -> list[ArcStep]:
    """Numbered 1..n in the order given, text trimmed; errors name the session."""
    if not steps:
        raise ValidationError("Keep at least one session in the arc.")
    if len(steps) > MAX_SESSIONS:
        raise ValidationError(f"An arc has at most {MAX_SESSIONS} sessions.")
    cleaned = []
    for number, step in enumerate(steps, start=1):
        title = " ".join(step.title.split())
        if not title:
            raise ValidationError(f"Give session {number} a title.")
        if len(title) > TITLE_MAX_LENGTH:
            raise ValidationError(
                f"Keep the title of session {number} to {TITLE_MAX_LENGTH} characters."
            )
        questions = [" ".join(q.split()) for q in step.questions if q.strip()]
        cleaned.append(ArcStep(number, title, step.agenda.strip(), questions))
    return cleaned


def _arc_audit(steps: Sequence[ArcStep]) -> dict[str, Any]:
    return {"sessions": [step.title for step in steps]}


@transaction.atomic
def arc_save(*, actor: Actor, program: Program, steps: Sequence[ArcStep]) -> list[ArcStep]:
    """Make ``steps`` the program's arc, numbered in the order given.

    Saving the arc as it stands (the default one included) changes nothing:
    a program keeps following the default until its arc really differs.
    """
    _require_manager(actor, program)
    Program.objects.select_for_update().filter(pk=program.pk).first()
    current = program_arc(program)
    cleaned = _clean_steps(steps)
    if cleaned == current:
        return current
    ArcSession.objects.filter(program=program).delete()
    ArcSession.objects.bulk_create(
        ArcSession(
            program=program,
            number=step.number,
            title=step.title,
            agenda=step.agenda,
            questions="\n".join(step.questions),
        )
        for step in cleaned
    )
    audit_record(
        actor=actor,
        action=AuditAction.ARC_SAVE,
        subject=program,
        before=_arc_audit(current),
        after=_arc_audit(cleaned),
    )
    return cleaned


@transaction.atomic
def arc_reset(*, actor: Actor, program: Program) -> None:
    """Go back to the default arc (the program's own sessions are deleted)."""
    _require_manager(actor, program)
    current = program_arc(program)
    deleted, _ = ArcSession.objects.filter(program=program).delete()
    if not deleted:
        return
    audit_record(
        actor=actor,
        action=AuditAction.ARC_RESET,
        subject=program,
        before=_arc_audit(current),
    )


# --- the launch page ---------------------------------------------------------------


def _require_editor(actor: Actor, program: Program) -> None:
    if not launch_can_edit(actor, program):
        raise PermissionDenied(NOT_EDITOR)


@transaction.atomic
def launch_save(*, actor: Actor, program: Program, sponsor_message: str) -> ProgramLaunch:
    """Write the sponsor's message on the program's launch page."""
    _require_editor(actor, program)
    message = sponsor_message.strip()
    if len(message) > SPONSOR_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "sponsor_message": f"Keep the message to {SPONSOR_MESSAGE_MAX_LENGTH} "
                f"characters (it has {len(message)})."
            }
        )
    launch = ProgramLaunch.objects.select_for_update().filter(program=program).first()
    if launch is None:
        launch = ProgramLaunch(program=program)
        if not message:
            return launch  # nothing to say yet: no row, no audit event
    elif launch.sponsor_message == message:
        return launch
    launch.sponsor_message = message
    launch.save()
    audit_record(
        actor=actor,
        action=AuditAction.LAUNCH_SAVE,
        subject=program,
        after={"sponsor_message": REDACTED},
    )
    return launch


@transaction.atomic
def launch_publish(*, actor: Actor, program: Program) -> ProgramLaunch:
    """Publish the launch page: everyone in the directory may read it and answer
    its call for topics. Publishing twice changes nothing."""
    _require_editor(actor, program)
    launch, _ = ProgramLaunch.objects.select_for_update().get_or_create(program=program)
    if launch.is_published:
        return launch
    if not launch.sponsor_message:
        raise ValidationError("Write the sponsor's message before you publish the page.")
    launch.published_at = timezone.now()
    launch.published_by = actor_user(actor)
    launch.save()
    audit_record(
        actor=actor,
        action=AuditAction.LAUNCH_PUBLISH,
        subject=program,
        after={"published_at": launch.published_at.isoformat()},
    )
    return launch


@transaction.atomic
def topic_call_answer(
    *, actor: Actor, program: Program, person: Person, offers: Sequence[tuple[Skill, int]]
) -> TopicCallAnswer:
    """Record ``person``'s answer to the program's call for topics: each skill
    they are comfortable sharing goes on their profile as an offer at its level
    (``skills.services.person_skill_add``, so the directory finds them).
    Answering again adds or updates offers; the answer is counted once."""
    if not user_is_person(actor, person):
        raise PermissionDenied("Only the person themself answers the call for topics.")
    launch = ProgramLaunch.objects.filter(program=program).first()
    if launch is None or not launch.is_published:
        raise ValidationError("This program's call for topics is not open.")
    if not offers:
        raise ValidationError("Choose at least one skill you are comfortable sharing.")
    seen: set[int] = set()
    for skill, level in offers:
        if skill.pk in seen:
            raise ValidationError(f"“{skill.name}” is chosen twice: keep one.")
        seen.add(skill.pk)
        person_skill_add(
            actor=actor,
            person=person,
            skill=skill,
            direction=PersonSkill.Direction.OFFER,
            level=level,
        )
    answer, created = TopicCallAnswer.objects.get_or_create(program=program, person=person)
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.TOPIC_CALL_ANSWER,
            subject=program,
            after={"skills_offered": len(offers)},
        )
    return answer

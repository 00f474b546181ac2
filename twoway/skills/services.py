"""Writes about skills. Each service is atomic, takes ``actor=`` first and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from twoway.core.actors import Actor
from twoway.core.audit import REDACTED, AuditAction, audit_record, diff, snapshot
from twoway.core.figures import DIRECTORY, figures_changed
from twoway.core.models import Role
from twoway.core.roles import user_has_role
from twoway.people.access import user_is_person
from twoway.people.models import Person
from twoway.skills.models import (
    LEVEL_WORDS,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PersonSkill,
    SelfAssessment,
    SelfAssessmentAnswer,
    Skill,
)
from twoway.skills.selectors import skill_did_you_mean, skill_resolve

SKILL_FIELDS = ("name", "category", "description", "synonyms", "is_key", "is_active")


# --- the catalogue -----------------------------------------------------------


def _require_admin(actor: Actor) -> None:
    if not user_has_role(actor, Role.ADMINISTRATOR):
        raise PermissionDenied("Only administrators can change the skills catalogue.")


def _clean_skill(skill: Skill) -> None:
    """Normalise and check a skill before it is saved; errors name the field."""
    skill.name = " ".join((skill.name or "").split())
    skill.description = (skill.description or "").strip()
    errors: dict[str, str] = {}
    if not skill.name:
        errors["name"] = "Give the skill a name."
    elif len(skill.name) > NAME_MAX_LENGTH:
        errors["name"] = f"Keep the name to {NAME_MAX_LENGTH} characters."
    if skill.category not in Skill.Category.values:
        errors["category"] = "Choose one of the listed categories."
    others = Skill.objects.exclude(pk=skill.pk)
    if skill.name and (clash := others.filter(name__iexact=skill.name).first()):
        errors["name"] = (
            f"There is already a skill called “{clash.name}”. Names must be unique "
            "(capital letters do not make a new name)."
        )
    synonyms = [s for s in skill.synonym_list if s.lower() != skill.name.lower()]
    if any(len(s) > NAME_MAX_LENGTH for s in synonyms):
        errors["synonyms"] = f"Keep each synonym to {NAME_MAX_LENGTH} characters."
    lowered = [s.lower() for s in synonyms]
    named = others.annotate(lower_name=Lower("name")).filter(lower_name__in=lowered)
    if lowered and (taken := named.values_list("name", flat=True).first()):
        errors["synonyms"] = (
            f"“{taken}” is the name of another skill; a synonym must not be, "
            "or typing it could not tell the two apart."
        )
    if errors:
        raise ValidationError(errors)
    skill.synonyms = "\n".join(dict.fromkeys(synonyms))


def _save_skill(skill: Skill) -> None:
    try:
        # A savepoint, so that losing a race to the same name leaves the outer
        # transaction usable and the user gets a form error, not a 500.
        with transaction.atomic():
            skill.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"There is already a skill called “{skill.name}”."}
        ) from None


@transaction.atomic
def skill_create(
    *,
    actor: Actor,
    name: str,
    category: str,
    description: str = "",
    synonyms: str = "",
    is_key: bool = False,
    is_active: bool = True,
) -> Skill:
    """Add a skill to the catalogue (administrators only)."""
    _require_admin(actor)
    skill = Skill(
        name=name,
        category=category,
        description=description,
        synonyms=synonyms,
        is_key=is_key,
        is_active=is_active,
    )
    _clean_skill(skill)
    _save_skill(skill)
    audit_record(
        actor=actor,
        action=AuditAction.SKILL_CREATE,
        subject=skill,
        after=snapshot(skill, SKILL_FIELDS),
    )
    return skill


@transaction.atomic
def skill_update(
    *,
    actor: Actor,
    skill: Skill,
    name: str,
    category: str,
    description: str,
    synonyms: str,
    is_key: bool,
    is_active: bool,
) -> Skill:
    """Change a catalogue entry (administrators only).

    Deactivating keeps every person's entries: the skill only drops out of the
    type-ahead, the directory and the blind-spot questionnaire.
    """
    _require_admin(actor)
    skill = Skill.objects.select_for_update().get(pk=skill.pk)
    before = snapshot(skill, SKILL_FIELDS)
    skill.name, skill.category, skill.description = name, category, description
    skill.synonyms, skill.is_key, skill.is_active = synonyms, is_key, is_active
    _clean_skill(skill)
    changed_before, changed_after = diff(before, snapshot(skill, SKILL_FIELDS))
    if not changed_after:
        return skill
    _save_skill(skill)
    audit_record(
        actor=actor,
        action=AuditAction.SKILL_UPDATE,
        subject=skill,
        before=changed_before,
        after=changed_after,
    )
    return skill


# --- a person's skills -------------------------------------------------------


def _require_self(actor: Actor, person: Person) -> None:
    if not user_is_person(actor, person):
        raise PermissionDenied("Only the person themself can change their skills.")


def _clean_level(level: Any) -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = 0
    if isinstance(level, bool) or value not in LEVEL_WORDS:
        raise ValidationError({"level": "Choose a level from 1 (new to it) to 5 (expert)."})
    return value


def _clean_note(note: str | None) -> str:
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": f"Keep the note to {NOTE_MAX_LENGTH} characters (it has {len(note)})."}
        )
    return note


def _resolve_for_entry(skill: Skill | str) -> Skill:
    """The catalogue skill a person means, or a ValidationError that helps them find it."""
    if isinstance(skill, Skill):
        if not skill.is_active:
            raise ValidationError({"skill": f"“{skill.name}” is no longer in the catalogue."})
        return skill
    typed = " ".join((skill or "").split())
    if not typed:
        raise ValidationError({"skill": "Type the skill you mean, then choose it from the list."})
    found = skill_resolve(text=typed)
    if len(found) == 1:
        return found[0]
    if found:
        names = " or ".join(f"“{s.name}”" for s in found)
        raise ValidationError({"skill": f"“{typed}” could mean {names}: choose one."})
    message = f"“{typed}” is not in the skills catalogue."
    if suggestions := skill_did_you_mean(text=typed):
        message += " Did you mean " + _or_list(suggestions) + "?"
    else:
        message += " Try another word for it, or ask an administrator to add it."
    raise ValidationError({"skill": message})


def _or_list(names: list[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _entry_snapshot(row: PersonSkill) -> dict[str, Any]:
    return {"skill": row.skill.name, "direction": row.direction, "level": row.level}


@transaction.atomic
def person_skill_add(
    *,
    actor: Actor,
    person: Person,
    skill: Skill | str,
    direction: str,
    level: int,
    note: str = "",
) -> tuple[PersonSkill, bool]:
    """Put a skill on a person's list to offer or to learn (only they may).

    ``skill`` is a catalogue skill or what the person typed: an exact name or
    synonym, any case. Adding a skill already on that list updates its level
    (and its note, when a new one is given) instead of failing. Returns the
    entry and whether it is new.
    """
    _require_self(actor, person)
    if direction not in PersonSkill.Direction.values:
        raise ValidationError({"direction": "Choose whether you offer it or want to learn it."})
    level, note = _clean_level(level), _clean_note(note)
    skill = _resolve_for_entry(skill)
    row, created = PersonSkill.objects.select_for_update().get_or_create(
        person=person, skill=skill, direction=direction, defaults={"level": level, "note": note}
    )
    if created:
        figures_changed(DIRECTORY)
        after = _entry_snapshot(row) | ({"note": REDACTED} if note else {})
        audit_record(actor=actor, action=AuditAction.PERSON_SKILL_ADD, subject=row, after=after)
        return row, True
    _change(actor, row, level=level, note=note or row.note)
    return row, False


def _change(actor: Actor, row: PersonSkill, *, level: int, note: str) -> None:
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if level != row.level:
        before["level"], after["level"] = row.level, level
    if note != row.note:
        # Notes are free text: the log says that one changed, not what it says.
        before["note"] = after["note"] = REDACTED
    if not after:
        return
    row.level, row.note, row.updated_at = level, note, timezone.now()
    row.save(update_fields=["level", "note", "updated_at"])
    figures_changed(DIRECTORY)
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_SKILL_UPDATE,
        subject=row,
        before={"skill": row.skill.name, "direction": row.direction, **before},
        after=after,
    )


@transaction.atomic
def person_skill_update(
    *, actor: Actor, person_skill: PersonSkill, level: int, note: str = ""
) -> PersonSkill:
    """Change the level or note of one of the person's own entries."""
    _require_self(actor, person_skill.person)
    level, note = _clean_level(level), _clean_note(note)
    row = (
        PersonSkill.objects.select_for_update(of=("self",))
        .select_related("skill")
        .get(pk=person_skill.pk)
    )
    _change(actor, row, level=level, note=note)
    return row


@transaction.atomic
def person_skill_remove(*, actor: Actor, person_skill: PersonSkill) -> None:
    """Take a skill off the person's list to offer or to learn (only they may)."""
    _require_self(actor, person_skill.person)
    audit_record(
        actor=actor,
        action=AuditAction.PERSON_SKILL_REMOVE,
        subject=person_skill,
        before=_entry_snapshot(person_skill),
    )
    PersonSkill.objects.filter(pk=person_skill.pk).delete()
    figures_changed(DIRECTORY)


# --- blind spots -------------------------------------------------------------


@transaction.atomic
def self_assessment_submit(
    *, actor: Actor, person: Person, ratings: dict[int, int]
) -> SelfAssessment:
    """Record a completed blind-spot questionnaire (only the person may).

    Every active key skill needs a rating from 1 to 5, and nothing else may be
    rated; otherwise nothing is saved. A second submission is a new assessment:
    the latest one counts.
    """
    _require_self(actor, person)
    keys = {s.pk: s for s in Skill.objects.filter(is_key=True, is_active=True).order_by("name")}
    if not keys:
        raise ValidationError("There are no key skills to rate yet.")
    if set(ratings) - set(keys):
        raise ValidationError(
            "The list of key skills has changed since this page was loaded; "
            "reload it and answer again."
        )
    missing = [skill.name for pk, skill in keys.items() if ratings.get(pk) is None]
    if missing:
        raise ValidationError(
            f"Rate every skill before you submit: {', '.join(missing)} "
            f"{'still needs' if len(missing) == 1 else 'still need'} an answer."
        )
    bad = [
        keys[pk].name for pk, r in ratings.items() if isinstance(r, bool) or r not in range(1, 6)
    ]
    if bad:
        raise ValidationError(f"Ratings go from 1 to 5; check {', '.join(bad)}.")
    assessment = SelfAssessment.objects.create(person=person, completed_at=timezone.now())
    SelfAssessmentAnswer.objects.bulk_create(
        SelfAssessmentAnswer(assessment=assessment, skill_id=pk, rating=ratings[pk]) for pk in keys
    )
    # The ratings are the person's own view of themself: the log keeps only the fact.
    audit_record(
        actor=actor,
        action=AuditAction.SELF_ASSESSMENT_SUBMIT,
        subject=assessment,
        after={"skills_rated": len(keys)},
    )
    return assessment

"""Data rights, the writes: recording that someone read a person's export, erasing a
person, and deleting the private free text of programs closed long ago.

What an erasure deletes, empties, pseudonymises and keeps, and why, is in
``inventory.ERASURE`` and docs/data-rights.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import AuditAction, audit_record
from twoway.core.figures import DIRECTORY, figures_changed
from twoway.core.models import RoleGrant, User
from twoway.events.models import Rsvp
from twoway.insights.models import Insight
from twoway.matching.models import MatchRequest, Proposal
from twoway.meetings.models import Meeting, MeetingChange, MeetingLog
from twoway.notifications.models import EmailOptOut, Notice
from twoway.pairs.models import Agreement, AgreementVersion, Pair, PulseCheckin, Reflection
from twoway.people.models import (
    ERASED_DOMAIN,
    ERASED_PREFIX,
    Person,
    PersonChange,
    SelfDescription,
)
from twoway.privacy.models import Erasure
from twoway.privacy.scrub import name_terms, scrub_names
from twoway.privacy.selectors import api_token_model, erase_refusal
from twoway.programs.models import Enrollment, Program
from twoway.recognition.models import Kudos
from twoway.skills.models import PersonSkill, SelfAssessment
from twoway.speakup.models import Report
from twoway.surveys.models import SurveyAnswer

_LOG_TEXT = ("topics", "learned", "taught", "shared_notes", "private_notes")
_AGREEMENT_TEXT = (
    "mentor_goals",
    "mentor_offers",
    "mentee_goals",
    "mentee_offers",
    "cadence",
    "meeting_format",
    "confidentiality",
    "conduct",
    "ending",
)


@transaction.atomic
def person_export_record(*, actor: Actor, person: Person, download: bool) -> None:
    """Audit that ``actor`` looked at (or downloaded) ``person``'s export."""
    action = AuditAction.PRIVACY_EXPORT_DOWNLOAD if download else AuditAction.PRIVACY_EXPORT_VIEW
    audit_record(actor=actor, action=action, subject=person)


def _empty(queryset: models.QuerySet[Any], fields: Iterable[str]) -> int:
    """Empty ``fields`` of every row, one save each (encrypted fields cannot be
    filtered, so "already empty" is read in Python). Returns the rows changed."""
    fields = tuple(fields)
    changed = 0
    for row in queryset:
        if any(getattr(row, name) for name in fields):
            for name in fields:
                setattr(row, name, "")
            extra = ["updated_at"] if hasattr(row, "updated_at") else []
            row.save(update_fields=[*fields, *extra])
            changed += 1
    return changed


def _delete(queryset: models.QuerySet[Any]) -> int:
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


@transaction.atomic
def person_erase(*, actor: Actor, person: Person) -> Erasure:
    """Erase ``person``: delete what is theirs, empty the texts they wrote, replace
    their name everywhere by ``[erased]``, pseudonymise their record and close
    their login. Figures other people's reports need (pairs, meetings, ratings,
    survey scores, dates, level) stay, linked to the pseudonymised record.

    Refused (PermissionDenied) unless ``actor`` is an administrator, and for the
    last administrator, one's own record, or a record already erased.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    refusal = erase_refusal(actor=actor, person=person)
    if refusal:
        raise PermissionDenied(refusal)
    user = person.user
    emails = {person.email} | ({user.email} if user else set())
    names = [person.name, person.employee_id, *emails]
    if user:
        names += [user.first_name, user.last_name]
    terms = name_terms(*names)
    counts: dict[str, int] = {}

    # 1. Delete what is theirs alone.
    counts["self_descriptions"] = _delete(SelfDescription.objects.filter(person=person))
    counts["skills"] = _delete(PersonSkill.objects.filter(person=person))
    counts["self_assessments"] = _delete(SelfAssessment.objects.filter(person=person))
    counts["reflections"] = _delete(Reflection.objects.filter(author=person))
    counts["event_answers"] = _delete(Rsvp.objects.filter(person=person))
    if apps.is_installed("twoway.scim"):  # above this app: looked up by name
        links = apps.get_model("scim", "ScimLink")._default_manager.filter(person=person)
        counts["scim_links"] = _delete(links)
    # Level history stays for the promotion figures; titles and departments go. The
    # history is append-only: an erasure alone goes around that, through the plain
    # manager.
    counts["hr_history"] = _delete(
        PersonChange._base_manager.filter(person=person).exclude(field=PersonChange.Field.LEVEL)
    )
    if user:
        counts["roles"] = _delete(RoleGrant.objects.filter(user=user))
        counts["email_opt_outs"] = _delete(EmailOptOut.objects.filter(user=user))
        counts["notices"] = _delete(Notice.objects.filter(user=user))
        counts["sign_in_attempts"] = _delete_sign_in_attempts(emails)
        tokens = api_token_model()
        if tokens is not None:
            counts["api_tokens"] = tokens._default_manager.filter(user=user).delete()[0]

    # 2. Empty the texts they wrote where the row carries figures others need.
    counts["meeting_logs"] = _empty(MeetingLog.objects.filter(author=person), _LOG_TEXT)
    counts["check_in_notes"] = _empty(PulseCheckin.objects.filter(person=person), ["note"])
    counts["survey_comments"] = _empty(SurveyAnswer.objects.filter(survey__person=person), ["text"])
    counts["kudos_notes"] = _empty(Kudos.objects.filter(giver=person), ["note"])
    counts["enrollment_goals"] = _empty(Enrollment.objects.filter(person=person), ["goal"])
    counts["match_request_messages"] = _empty(
        MatchRequest.objects.filter(from_person=person), ["message"]
    )
    counts["opt_out_reasons"] = _empty(
        Proposal.objects.filter(opted_out_by=person), ["opt_out_reason"]
    )
    counts["end_reasons"] = _empty(Pair.objects.filter(ended_by=person), ["end_reason"])
    counts["cancel_reasons"] = _empty(
        Meeting.objects.filter(cancelled_by=person), ["cancel_reason"]
    ) + _empty(MeetingChange.objects.filter(by=person), ["reason"])
    # Insights stay for the organisation, as anonymous ones do.
    counts["insights_made_anonymous"] = Insight.objects.filter(author=person).update(
        anonymous=True, name_shown=False
    )
    # Named reports stay for safeguarding, unlinked like anonymous ones.
    counts["reports_unlinked"] = (
        Report.objects.filter(reporter=user).update(reporter=None) if user else 0
    )

    # 3. Pseudonymise the record and the login.
    short = person.uuid.hex[:8]
    person.name = f"{ERASED_PREFIX}{short}"
    person.email = f"erased-{person.uuid.hex}{ERASED_DOMAIN}"
    person.employee_id = f"erased-{person.uuid.hex}"
    person.job_title = ""
    person.location = ""
    person.time_zone = ""
    person.save()
    # Their skills are gone: the directory's figures are counted again.
    figures_changed(DIRECTORY)
    if user:
        user.email = f"erased-{person.uuid.hex}-login{ERASED_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()

    # 4. Their name, e-mail and employee id out of every other text, the audit log
    # included. The audit log is append-only and nothing else in Twoway may change
    # it: ``scrub_names`` goes through the plain manager for exactly this rewrite.
    exclude: dict[type[models.Model], set[int]] = {Person: {person.pk}}
    if user:
        exclude[User] = {user.pk}
    counts["texts_naming_them"] = scrub_names(terms, exclude)

    erasure = Erasure.objects.create(by=actor_user(actor), person_uuid=person.uuid, counts=counts)
    # The event names the erasure, never the person.
    audit_record(
        actor=actor,
        action=AuditAction.PRIVACY_ERASE,
        subject=erasure,
        after={key: value for key, value in counts.items() if value},
    )
    return erasure


def _delete_sign_in_attempts(emails: set[str]) -> int:
    """Axes keeps sign-in attempts by the e-mail typed: theirs go."""
    deleted = 0
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        model = apps.get_model("axes", name)
        match = Q()
        for email in emails:
            match |= Q(username__iexact=email)
        deleted += model.objects.filter(match).delete()[0]
    return deleted


# --- retention ----------------------------------------------------------------------


def retention_due_programs(*, today: dt.date | None = None) -> list[Program]:
    """Closed programs whose private free text is past ``RETENTION_DAYS_AFTER_CLOSE``.

    A program's close date is its end date, or the day it was last changed when it
    has none.
    """
    days = settings.RETENTION_DAYS_AFTER_CLOSE
    if days <= 0:
        return []
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=days)
    closed = Program.objects.filter(status=Program.Status.CLOSED)
    return [
        program
        for program in closed.order_by("name")
        if (program.ends_on or timezone.localdate(program.updated_at)) < cutoff
    ]


def _program_purge(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Empty (or, dry, count) the private free text of one program."""
    pairs = Q(pair__program=program)
    targets: list[tuple[str, models.QuerySet[Any], tuple[str, ...]]] = [
        ("meeting_logs", MeetingLog.objects.filter(meeting__pair__program=program), _LOG_TEXT),
        ("reflections", Reflection.objects.filter(pairs), ("changed", "differently")),
        ("check_in_notes", PulseCheckin.objects.filter(pairs), ("note",)),
        ("survey_comments", SurveyAnswer.objects.filter(survey__pair__program=program), ("text",)),
        ("agreements", Agreement.objects.filter(pairs), _AGREEMENT_TEXT),
        ("kudos_notes", Kudos.objects.filter(pairs), ("note",)),
        ("end_reasons", Pair.objects.filter(program=program), ("end_reason",)),
        ("opt_out_reasons", Proposal.objects.filter(run__program=program), ("opt_out_reason",)),
        ("match_request_messages", MatchRequest.objects.filter(program=program), ("message",)),
        ("cancel_reasons", Meeting.objects.filter(pairs), ("cancel_reason",)),
    ]
    counts: dict[str, int] = {}
    for key, queryset, fields in targets:
        if dry_run:
            counts[key] = sum(1 for row in queryset if any(getattr(row, name) for name in fields))
        else:
            counts[key] = _empty(queryset, fields)
    versions = AgreementVersion.objects.filter(agreement__pair__program=program).exclude(content={})
    counts["agreement_versions"] = versions.count()
    if not dry_run:
        versions.update(content={})
    return counts


@transaction.atomic
def retention_purge(
    *, actor: Actor, dry_run: bool = False, today: dt.date | None = None
) -> dict[str, dict[str, int]]:
    """Delete the private free text of programs closed longer than the retention
    period: meeting logs' notes, reflections, check-in notes, survey comments,
    agreement texts, thanks notes, reasons given. Counts, scores and dates stay.
    Returns what was (or, dry, would be) emptied per program slug; each program
    purged gets an audit event with the counts."""
    result: dict[str, dict[str, int]] = {}
    for program in retention_due_programs(today=today):
        counts = _program_purge(program, dry_run=dry_run)
        result[program.slug] = counts
        if not dry_run and any(counts.values()):
            audit_record(
                actor=actor,
                action=AuditAction.PRIVACY_RETENTION_PURGE,
                subject=program,
                after={key: value for key, value in counts.items() if value},
            )
    return result

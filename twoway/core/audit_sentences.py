"""The audit log in sentences: "Priya Raman changed the start date of Digital
leadership 2027 from 1 May 2027 to 8 May 2027".

An event stores codes: its action, field names, ids, ISO dates. ``audit_entries``
turns a page of events into sentences in a fixed number of queries, however long
the page: the names of the people involved in one lookup (``core.user_names``),
and each kind of record a field points to in one query. Field names become the
words of the model the event is about (its verbose names and choices); a few
engine terms have words of their own below.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from twoway.core.audit import REDACTED
from twoway.core.audit_actions import AuditAction
from twoway.core.models import AuditEvent, Role, RoleGrant, User
from twoway.core.user_names import user_names

NOTHING = "nothing"
SYSTEM = "Twoway"  # no one signed in: a scheduled job, a command, a link in an e-mail
A = AuditAction

# What each action says, with {actor} and {subject}. An action missing here reads
# "{actor}: <its label, lower-cased> ({subject})".
SENTENCES: dict[AuditAction, str] = {
    A.USER_PASSWORD_CHANGE: "{actor} changed their password",
    A.USER_PASSWORD_RESET: "{actor} chose a new password from a reset link",
    A.ROLE_GRANT: "{actor} made {subject} {role}{program}",
    A.ROLE_REVOKE: "{actor} took the {role} role{program} away from {subject}",
    A.ENCRYPTION_ROTATE: "{actor} re-encrypted the stored fields with the newest key",
    A.USER_CREATE: "{actor} added the account {subject} in the Django admin",
    A.USER_UPDATE: "{actor} changed the account {subject} in the Django admin",
    A.USER_DELETE: "{actor} deleted the account {subject} in the Django admin",
    A.PERSON_CREATE: "{actor} added {subject} to the directory",
    A.PERSON_UPDATE: "{actor} changed the record of {subject}",
    A.PERSON_DELETE: "{actor} deleted {subject} in the Django admin",
    A.PERSON_INVITE: "{actor} invited {subject} to log in",
    A.PEOPLE_IMPORT: "{actor} imported people from the HR file {subject}",
    A.PEOPLE_IMPORT_UPLOAD: "{actor} uploaded the HR file {subject} for review",
    A.PEOPLE_IMPORT_DISCARD: "{actor} discarded the uploaded HR file {subject}",
    A.PEOPLE_IMPORT_PURGE: "{actor} removed the HR file {subject}, left too long unimported",
    A.SCIM_USER_PROVISION: "{actor} provisioned {subject} through SCIM",
    A.SCIM_LOGIN_SWITCH: "{actor} switched the login of {subject} on or off through SCIM",
    A.ORG_UNIT_CREATE: "{actor} added the department {subject} from an HR file",
    A.ORGUNIT_CREATE: "{actor} added the department {subject} in the Django admin",
    A.ORGUNIT_UPDATE: "{actor} changed the department {subject} in the Django admin",
    A.ORGUNIT_DELETE: "{actor} deleted the department {subject} in the Django admin",
    A.LEVEL_LABEL_CREATE: "{actor} named the level {subject} from an HR file",
    A.LEVEL_LABEL_UPDATE: "{actor} renamed the level {subject} from an HR file",
    A.LEVELLABEL_CREATE: "{actor} named the level {subject} in the Django admin",
    A.LEVELLABEL_UPDATE: "{actor} changed the name of level {subject} in the Django admin",
    A.LEVELLABEL_DELETE: "{actor} deleted the name of level {subject} in the Django admin",
    A.SELF_DESCRIPTION_CONSENT: "{actor} shared a self-description",
    A.SELF_DESCRIPTION_UPDATE: "{actor} changed a self-description",
    A.SELF_DESCRIPTION_WITHDRAW: "{actor} withdrew a self-description",
    A.SKILL_CREATE: "{actor} added {subject} to the skills catalogue",
    A.SKILL_UPDATE: "{actor} changed {subject} in the skills catalogue",
    A.SKILL_DELETE: "{actor} deleted {subject} from the skills catalogue in the Django admin",
    A.PERSON_SKILL_ADD: "{actor} added a skill to a profile: {subject}",
    A.PERSON_SKILL_UPDATE: "{actor} changed a skill on a profile: {subject}",
    A.PERSON_SKILL_REMOVE: "{actor} removed a skill from a profile: {subject}",
    A.PERSONSKILL_CREATE: "{actor} added a skill to a profile in the Django admin: {subject}",
    A.PERSONSKILL_UPDATE: "{actor} changed a skill on a profile in the Django admin: {subject}",
    A.PERSONSKILL_DELETE: "{actor} removed a skill from a profile in the Django admin: {subject}",
    A.SELF_ASSESSMENT_SUBMIT: "{actor} answered the blind-spot questionnaire",
    A.PROGRAM_CREATE: "{actor} created the program {subject}",
    A.PROGRAM_UPDATE: "{actor} changed the settings of {subject}",
    A.PROGRAM_TRANSITION: "{actor} changed the status of {subject}",
    A.PROGRAM_DELETE: "{actor} deleted the program {subject} in the Django admin",
    A.ELIGIBILITY_RULE_SAVE: "{actor} changed who may join {subject}{side}",
    A.ENROLLMENT_INVITE: "{actor} invited someone to join a program: {subject}",
    A.ENROLLMENT_JOIN: "{actor} joined a program: {subject}",
    A.ENROLLMENT_UPDATE: "{actor} changed an enrollment: {subject}",
    A.ENROLLMENT_WITHDRAW: "{actor} withdrew an enrollment: {subject}",
    A.ENROLLMENT_APPROVE: "{actor} approved the enrollment of {subject}",
    A.ENROLLMENT_DECLINE: "{actor} declined the enrollment of {subject}",
    A.ENROLLMENT_CREATE: "{actor} added the enrollment of {subject} in the Django admin",
    A.ENROLLMENT_DELETE: "{actor} deleted the enrollment of {subject} in the Django admin",
    A.ENROLLMENT_IMPORT: "{actor} loaded the enrollment of {subject} from a past cohort",
    A.PAIR_IMPORT: "{actor} loaded the pair {subject} from a past cohort",
    A.PARTICIPANTS_IMPORT: "{actor} loaded a past cohort's participants into {subject}",
    A.MATCH_RUN_CREATE: "{actor} started a matching run: {subject}",
    A.MATCH_RUN_FINISH: "{actor} finished a matching run: {subject}",
    A.MATCH_RUN_FAIL: "{actor} recorded a matching run that failed: {subject}",
    A.MATCH_RUN_SHARE: "{actor} shared the proposals of {subject} for preview",
    A.MATCH_RUN_PUBLISH: "{actor} published the pairs of {subject}",
    A.PROPOSAL_SEEN: "{actor} looked at their proposed partner",
    A.PROPOSAL_OPT_OUT: "{actor} opted out of their proposed partner",
    A.REVIEW_LOCK: "{actor} locked the proposed pair {subject}",
    A.REVIEW_EXCLUDE: "{actor} excluded the proposed pair {subject}",
    A.REVIEW_CLEAR: "{actor} took back a lock or an exclusion: {subject}",
    A.REVIEW_SWAP: "{actor} swapped the partners of two proposed pairs: {subject}",
    A.MATCH_REQUEST_SEND: "{actor} asked someone to pair up: {subject}",
    A.MATCH_REQUEST_ACCEPT: "{actor} accepted a request to pair up: {subject}",
    A.MATCH_REQUEST_DECLINED: "{actor} declined a request to pair up: {subject}",
    A.MATCH_REQUEST_WITHDRAWN: "{actor} withdrew a request to pair up: {subject}",
    A.PAIR_CREATE: "{actor} started the pair {subject}",
    A.AGREEMENT_CREATE: "{actor} started the agreement of {subject}",
    A.AGREEMENT_UPDATE: "{actor} changed the agreement of {subject}",
    A.AGREEMENT_SIGN: "{actor} signed the agreement of {subject}",
    A.PAIR_END: "{actor} ended the pair {subject} early",
    A.REFLECTION_WRITE: "{actor} wrote a closing reflection",
    A.CHECKIN_ANSWER: "{actor} answered a check-in",
    A.MEETING_SCHEDULE: "{actor} scheduled a meeting: {subject}",
    A.MEETING_RESCHEDULE: "{actor} moved a meeting: {subject}",
    A.MEETING_CANCEL: "{actor} cancelled a meeting: {subject}",
    A.MEETING_LOG: "{actor} logged a meeting: {subject}",
    A.MEETING_LOG_UPDATE: "{actor} changed a meeting's log: {subject}",
    A.PAIR_HEALTH: "{actor} updated the status of the pair {subject}",
    A.PAIR_COMPLETE: "{actor} completed the pair {subject}",
    A.SURVEY_ANSWER: "{actor} answered a survey",
    A.SURVEY_DECLINE: "{actor} chose not to answer a survey",
    A.SURVEY_QUESTION_ADD: "{actor} added a question to a program's surveys: {subject}",
    A.SURVEY_QUESTION_UPDATE: "{actor} changed a question of a program's surveys: {subject}",
    A.EMAIL_PREFERENCES: "{actor} chose which e-mails to receive",
    A.EMAIL_UNSUBSCRIBE: "{actor} unsubscribed from an e-mail through its link",
    A.RECOGNITION_COMPLETE: "{actor} awarded a completion badge: {subject}",
    A.RECOGNITION_AWARD: "{actor} gave an award: {subject}",
    A.KUDOS_GIVE: "{actor} thanked a partner: {subject}",
    A.ARC_SAVE: "{actor} changed the session arc of {subject}",
    A.ARC_RESET: "{actor} put the session arc of {subject} back to the default",
    A.LAUNCH_SAVE: "{actor} wrote the sponsor's message of the launch page of {subject}",
    A.LAUNCH_PUBLISH: "{actor} published the launch page of {subject}",
    A.TOPIC_CALL_ANSWER: "{actor} answered the call for topics of {subject}",
    # An anonymous report has no actor: the sentence reads the same either way.
    A.REPORT_FILE: "A confidential report was filed: {subject}",
    A.REPORT_VIEW: "{actor} read the confidential report {subject}",
    A.REPORT_STATUS: "{actor} changed the status of the confidential report {subject}",
    A.REPORT_REPLY: "{actor} replied to the confidential report {subject}",
    A.EVENT_CREATE: "{actor} created the event {subject}",
    A.EVENT_CANCEL: "{actor} cancelled the event {subject}",
    A.RSVP_ANSWER: "{actor} answered an event invitation: {subject}",
    A.TABLE_PLAN_PROPOSE: "{actor} proposed a table plan: {subject}",
    A.DEMO_SEED: "{actor} created the demo organisation",
    A.SSO_SIGN_IN: "{actor} signed in with single sign-on",
    A.SSO_REFUSE: "{actor} refused a single sign-on as {subject}",
    A.EVENT_UPDATE: "{actor} changed the event {subject}",
    A.CIRCLES_FORM: "{actor} formed the circles of {subject}",
    A.CIRCLES_PUBLISH: "{actor} published the circles of {subject}",
    A.CIRCLE_SESSION_PLAN: "{actor} planned the circle session {subject}",
    A.CIRCLE_SESSION_MOVE: "{actor} moved the circle session {subject}",
    A.CIRCLE_SESSION_CANCEL: "{actor} cancelled the circle session {subject}",
    A.CIRCLE_SESSION_LOG: "{actor} wrote the log of the circle session {subject}",
    # An anonymous insight has no actor: the sentence reads the same either way.
    A.INSIGHT_RAISE: "An insight was raised: {subject}",
    A.INSIGHT_AUTHOR_REVEAL: "{actor} looked at who raised the anonymous insight {subject}",
    A.INSIGHT_ACTION_CREATE: "{actor} grouped insights into the action {subject}",
    A.INSIGHT_ACTION_ADD: "{actor} added insights to the action {subject}",
    A.INSIGHT_ACTION_UPDATE: "{actor} changed the action {subject}",
    A.INSIGHT_ACTION_STATUS: "{actor} changed the status of the action {subject}",
    A.PRIVACY_EXPORT_VIEW: "{actor} looked at everything Twoway holds about {subject}",
    A.PRIVACY_EXPORT_DOWNLOAD: "{actor} downloaded everything Twoway holds about {subject}",
    A.PRIVACY_ERASE: "{actor} erased a person at their request ({subject})",
    A.PRIVACY_RETENTION_PURGE: "{actor} deleted the private notes of {subject}, "
    "closed for longer than they are kept",
    A.API_TOKEN_CREATE: "{actor} created the API token {subject}",
    A.API_TOKEN_REVOKE: "{actor} revoked the API token {subject}",
    A.API_TOKEN_USE: "{actor} used the API token {subject}",
}

# What an action says when its event records that it was done another way (its
# ``source``) than the sentence above assumes.
SOURCE_SENTENCES: dict[tuple[AuditAction, str], str] = {
    # One SCIM write goes through the HR import: no file was imported.
    (A.PEOPLE_IMPORT, "scim"): (
        "{actor} updated people through SCIM provisioning with the {subject}"
    ),
}

# The model whose fields an action's before and after name, when it is not the
# subject's (an eligibility rule is recorded on its program).
FIELD_MODELS: dict[str, str] = {
    A.ELIGIBILITY_RULE_SAVE: "programs.eligibilityrule",
    A.ROLE_GRANT: "core.rolegrant",
    A.ROLE_REVOKE: "core.rolegrant",
}

# Words for the fields whose names are engine terms, and for keys that are no field.
FIELD_WORDS: dict[str, str] = {
    "min_level": "lowest level",
    "max_level": "highest level",
    "min_tenure_months": "shortest time with the organisation (months)",
    "max_tenure_months": "longest time with the organisation (months)",
    "departments_included": "departments admitted",
    "departments_excluded": "departments left out",
    "generations": "generations",
    "genders": "genders",
    "backgrounds": "backgrounds",
    "starts_on": "start date",
    "ends_on": "end date",
    "min_level_gap": "smallest level gap within a pair",
    "reporting_line_depth": "reporting-line levels kept apart",
    "must_differ": "what partners must differ on",
    "valued_lines": "differences that count in a pair's favour",
    "max_time_zone_hours": "largest time-zone difference (hours)",
    "manager_approval": "line manager's approval",
    "senior_preview": "seniors' preview before publishing",
    "junior_opt_out": "juniors' opt-out before publishing",
    "sign_before_first_log": "signing before the first meeting log",
    "as": "decided as",
    "off": "e-mails switched off",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the event has no value before (something new)
    after: str


@dataclass
class AuditEntry:
    """One event as a page shows it."""

    event: AuditEvent
    sentence: str
    changes: list[Change] = field(default_factory=list)

    @property
    def known(self) -> bool:
        """False for an older event whose code is no longer an ``AuditAction``."""
        return self.event.action in AuditAction.values


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if "." in label else None
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _field_words(model: type[models.Model] | None, name: str) -> str:
    if name in FIELD_WORDS:
        return FIELD_WORDS[name]
    found = _field(model, name)
    if found is not None:
        return str(found.verbose_name)
    return name.replace("_", " ")


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _date_words(value: str, with_time: bool) -> str:
    try:
        if with_time:
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return f"{_day(moment.date())}, {moment:%H:%M}"
        return _day(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


class _Names:
    """Names of the records fields point to, looked up once per model for a page."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if item not in (None, ""):
                self.wanted[model].add(str(item))

    def resolve(self, users: Iterable[User]) -> None:
        for model, keys in self.wanted.items():
            if model is User:
                ids = [int(key) for key in keys if key.isdigit()]
                named = user_names(ids, users=users)
                self.found.update({(User, str(pk)): name for pk, name in named.items()})
                continue
            keyed = [int(key) for key in keys if key.isdigit()]
            for pk, obj in model._default_manager.in_bulk(keyed).items():
                self.found[(model, str(pk))] = str(obj)

    def name(self, model: type[models.Model], key: Any) -> str:
        return self.found.get((model, str(key)), f"a {model._meta.verbose_name} no longer there")


def _value_words(model: type[models.Model] | None, name: str, value: Any, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if value == REDACTED:
        return "changed (not shown)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    found = _field(model, name)
    if isinstance(value, list):
        return ", ".join(_value_words(model, name, item, names) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_words(None, k, v, names)}" for k, v in value.items())
    if found is not None:
        if found.is_relation and found.related_model is not None and found.many_to_one:
            return names.name(found.related_model, value)
        choices = dict(found.flatchoices) if found.choices else {}
        if value in choices:
            return str(choices[value])
        if isinstance(found, models.DateTimeField):
            return _date_words(str(value), with_time=True)
        if isinstance(found, models.DateField):
            return _date_words(str(value), with_time=False)
    if name == "role" and value in Role.values:
        return str(Role(value).label).lower()
    return str(value)


def _field_model(event: AuditEvent) -> type[models.Model] | None:
    return _model(FIELD_MODELS.get(event.action, event.subject_type))


def _want(event: AuditEvent, names: _Names, programs: dict[str, str]) -> None:
    model = _field_model(event)
    if event.actor_id:
        names.want(User, event.actor_id)
    if event.subject_type == User._meta.label_lower:
        names.want(User, event.subject_id)
    for values in (event.before or {}, event.after or {}):
        for key, value in values.items():
            found = _field(model, key)
            if found is not None and found.many_to_one and found.related_model is not None:
                if event.action in (A.ROLE_GRANT, A.ROLE_REVOKE) and key == "program":
                    programs[str(value)] = ""  # recorded by its slug
                    continue
                names.want(found.related_model, value)


def _program_names(slugs: Iterable[str]) -> dict[str, str]:
    program_model = RoleGrant._meta.get_field("program").related_model
    slugs = [slug for slug in slugs if slug]
    if not slugs or not isinstance(program_model, type):
        return {}
    rows = program_model._default_manager.filter(slug__in=slugs).values_list("slug", "name")
    return {slug: name for slug, name in rows}


def _changes(event: AuditEvent, names: _Names) -> list[Change]:
    model = _field_model(event)
    before, after = event.before or {}, event.after or {}
    changes = []
    for key in dict.fromkeys([*after, *before]):
        if event.action in (A.ROLE_GRANT, A.ROLE_REVOKE, A.ELIGIBILITY_RULE_SAVE) and key in (
            "role",
            "program",
            "side",
        ):
            continue  # said in the sentence
        old = _value_words(model, key, before.get(key), names) if key in before else None
        new = _value_words(model, key, after.get(key), names) if key in after else NOTHING
        if event.before is None:
            old = None
        changes.append(Change(_field_words(model, key), old, new))
    return changes


def _actor(event: AuditEvent, names: _Names) -> str:
    if event.actor_id:
        return (
            names.name(User, event.actor_id)
            if (User, str(event.actor_id)) in names.found
            else (event.actor_label or SYSTEM)
        )
    return event.actor_label or SYSTEM


def _subject(event: AuditEvent, names: _Names) -> str:
    if event.subject_type == User._meta.label_lower and (User, event.subject_id) in names.found:
        return names.found[(User, event.subject_id)]
    return event.subject_label or "something no longer named"


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _sentence(event: AuditEvent, names: _Names, changes: list[Change], programs: dict) -> str:
    actor, subject = _actor(event, names), _subject(event, names)
    values = {**(event.before or {}), **(event.after or {})}
    if event.action not in AuditAction.values:
        return f"{actor}: {event.action} ({subject})"
    action = AuditAction(event.action)
    role = values.get("role", "")
    role_words = str(Role(role).label).lower() if role in Role.values else "a"
    program_words = ""
    if role and values.get("program"):
        program_words = f" of {programs.get(str(values['program'])) or values['program']}"
    side = values.get("side")
    side_words = f" as a {side}" if action == A.ELIGIBILITY_RULE_SAVE and side else ""
    template = SOURCE_SENTENCES.get((action, str(values.get("source", ""))), SENTENCES.get(action))
    if template is None:
        label = action.label
        return f"{actor}: {label[0].lower()}{label[1:]} ({subject})"
    if action in (A.PROGRAM_UPDATE, A.PROGRAM_TRANSITION, A.PERSON_UPDATE) and changes:
        what = _join([f"the {change.field}" for change in changes])
        sentence = f"{actor} changed {what} of {subject}"
        if len(changes) == 1 and changes[0].before is not None:
            sentence += f" from {changes[0].before} to {changes[0].after}"
        return sentence
    return template.format(
        actor=actor, subject=subject, role=role_words, program=program_words, side=side_words
    )


def audit_entries(events: Iterable[AuditEvent]) -> list[AuditEntry]:
    """``events`` (their actors selected) as sentences with their changes in words."""
    events = list(events)
    names = _Names()
    programs: dict[str, str] = {}
    for event in events:
        _want(event, names, programs)
    names.resolve(users=[event.actor for event in events if event.actor is not None])
    programs.update(_program_names(programs))
    entries = []
    for event in events:
        changes = _changes(event, names)
        sentence = _sentence(event, names, changes, programs)
        entries.append(AuditEntry(event, sentence.rstrip(".") + ".", changes))
    return entries

"""Every event the audit log can contain, with the words the audit page shows.

A member's value is the code stored in ``AuditEvent.action``; it never changes,
so that events already in the log keep their meaning. The label may be
reworded. ``core.audit.audit_record`` refuses anything that is not a member:
a new kind of event starts here.

A member's name is its code in capitals, dots as underscores. The admin's codes
are ``<model name>.<create|update|delete>`` (``levellabel.delete``), older than
this list; ``ADMIN_ACTIONS`` names them per model.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from django.db import models


@enum.unique
class AuditAction(models.TextChoices):
    # core: accounts, roles, encryption
    USER_PASSWORD_CHANGE = "user.password_change", "Changed their password"
    USER_PASSWORD_RESET = "user.password_reset", "Chose a new password from a reset link"
    ROLE_GRANT = "role.grant", "Gave someone a role"
    ROLE_REVOKE = "role.revoke", "Took a role away from someone"
    ENCRYPTION_ROTATE = "encryption.rotate", "Re-encrypted stored fields with the newest key"
    USER_CREATE = "user.create", "Added a user account in the admin"
    USER_UPDATE = "user.update", "Changed a user account in the admin"
    USER_DELETE = "user.delete", "Deleted a user account in the admin"

    # people: records, the HR import, invitations, self-descriptions
    PERSON_CREATE = "person.create", "Added a person"
    PERSON_UPDATE = "person.update", "Changed a person's record"
    PERSON_DELETE = "person.delete", "Deleted a person in the admin"
    PERSON_INVITE = "person.invite", "Invited a person to log in"
    PEOPLE_IMPORT = "people.import", "Imported people from an HR file"
    PEOPLE_IMPORT_UPLOAD = "people.import_upload", "Uploaded an HR file for review"
    PEOPLE_IMPORT_DISCARD = "people.import_discard", "Discarded an uploaded HR file"
    PEOPLE_IMPORT_PURGE = "people.import_purge", "Removed an HR file left too long unimported"
    ORG_UNIT_CREATE = "org_unit.create", "Added a department from an HR file"
    ORGUNIT_CREATE = "orgunit.create", "Added a department in the admin"
    ORGUNIT_UPDATE = "orgunit.update", "Changed a department in the admin"
    ORGUNIT_DELETE = "orgunit.delete", "Deleted a department in the admin"
    LEVEL_LABEL_CREATE = "level_label.create", "Named a level from an HR file"
    LEVEL_LABEL_UPDATE = "level_label.update", "Renamed a level from an HR file"
    LEVELLABEL_CREATE = "levellabel.create", "Named a level in the admin"
    LEVELLABEL_UPDATE = "levellabel.update", "Changed a level's name in the admin"
    LEVELLABEL_DELETE = "levellabel.delete", "Deleted a level's name in the admin"
    SELF_DESCRIPTION_CONSENT = "self_description.consent", "Shared a self-description"
    SELF_DESCRIPTION_UPDATE = "self_description.update", "Changed a self-description"
    SELF_DESCRIPTION_WITHDRAW = "self_description.withdraw", "Withdrew a self-description"

    # skills: the catalogue, people's skills, the blind-spot questionnaire
    SKILL_CREATE = "skill.create", "Added a skill to the catalogue"
    SKILL_UPDATE = "skill.update", "Changed a skill in the catalogue"
    SKILL_DELETE = "skill.delete", "Deleted a skill from the catalogue in the admin"
    PERSON_SKILL_ADD = "person_skill.add", "Added a skill to a profile"
    PERSON_SKILL_UPDATE = "person_skill.update", "Changed a skill on a profile"
    PERSON_SKILL_REMOVE = "person_skill.remove", "Removed a skill from a profile"
    PERSONSKILL_CREATE = "personskill.create", "Added a skill to a profile in the admin"
    PERSONSKILL_UPDATE = "personskill.update", "Changed a skill on a profile in the admin"
    PERSONSKILL_DELETE = "personskill.delete", "Removed a skill from a profile in the admin"
    SELF_ASSESSMENT_SUBMIT = "self_assessment.submit", "Answered the blind-spot questionnaire"

    # programs: settings, status, who may join, enrollments
    PROGRAM_CREATE = "program.create", "Created a program"
    PROGRAM_UPDATE = "program.update", "Changed a program's settings"
    PROGRAM_TRANSITION = "program.transition", "Changed a program's status"
    PROGRAM_DELETE = "program.delete", "Deleted a program in the admin"
    ELIGIBILITY_RULE_SAVE = "eligibility_rule.save", "Changed who may join a program"
    ENROLLMENT_INVITE = "enrollment.invite", "Invited someone to join a program"
    ENROLLMENT_JOIN = "enrollment.join", "Joined a program"
    ENROLLMENT_UPDATE = "enrollment.update", "Changed an enrollment"
    ENROLLMENT_WITHDRAW = "enrollment.withdraw", "Withdrew from a program"
    ENROLLMENT_APPROVE = "enrollment.approve", "Approved someone's enrollment"
    ENROLLMENT_DECLINE = "enrollment.decline", "Declined someone's enrollment"
    ENROLLMENT_CREATE = "enrollment.create", "Added an enrollment in the admin"
    ENROLLMENT_DELETE = "enrollment.delete", "Deleted an enrollment in the admin"
    ENROLLMENT_IMPORT = "enrollment.import", "Loaded an enrollment from a past cohort"
    PAIR_IMPORT = "pair.import", "Loaded a pair from a past cohort"
    PARTICIPANTS_IMPORT = "participants.import", "Loaded a past cohort's participants"

    # matching: runs, preview, review, self-match requests
    MATCH_RUN_CREATE = "match_run.create", "Started a matching run"
    MATCH_RUN_FINISH = "match_run.finish", "Finished a matching run"
    MATCH_RUN_FAIL = "match_run.fail", "Recorded a matching run that failed"
    MATCH_RUN_SHARE = "match_run.share", "Shared a match run's proposals for preview"
    MATCH_RUN_PUBLISH = "match_run.publish", "Published a match run's pairs"
    PROPOSAL_SEEN = "proposal.seen", "Looked at their proposed partner"
    PROPOSAL_OPT_OUT = "proposal.opt_out", "Opted out of a proposed partner"
    REVIEW_LOCK = "review.lock", "Locked a proposed pair"
    REVIEW_EXCLUDE = "review.exclude", "Excluded a proposed pair"
    REVIEW_CLEAR = "review.clear", "Took back a lock or an exclusion"
    REVIEW_SWAP = "review.swap", "Swapped the partners of two proposed pairs"
    MATCH_REQUEST_SEND = "match_request.send", "Asked someone to pair up"
    MATCH_REQUEST_ACCEPT = "match_request.accept", "Accepted a request to pair up"
    MATCH_REQUEST_DECLINED = "match_request.declined", "Declined a request to pair up"
    MATCH_REQUEST_WITHDRAWN = "match_request.withdrawn", "Withdrew a request to pair up"

    # pairs: agreements, ending, reflections, check-ins
    PAIR_CREATE = "pair.create", "Started a pair"
    AGREEMENT_CREATE = "agreement.create", "Started a pair's agreement"
    AGREEMENT_UPDATE = "agreement.update", "Changed a pair's agreement"
    AGREEMENT_SIGN = "agreement.sign", "Signed a pair's agreement"
    PAIR_END = "pair.end", "Ended a pair early"
    REFLECTION_WRITE = "reflection.write", "Wrote a closing reflection"
    CHECKIN_ANSWER = "checkin.answer", "Answered a check-in"

    # meetings: scheduling, logs, a pair's progress
    MEETING_SCHEDULE = "meeting.schedule", "Scheduled a meeting"
    MEETING_RESCHEDULE = "meeting.reschedule", "Moved a meeting"
    MEETING_CANCEL = "meeting.cancel", "Cancelled a meeting"
    MEETING_LOG = "meeting.log", "Logged a meeting"
    MEETING_LOG_UPDATE = "meeting.log_update", "Changed a meeting's log"
    PAIR_HEALTH = "pair.health", "Updated a pair's status (new, active, at risk)"
    PAIR_COMPLETE = "pair.complete", "Completed a pair"

    # surveys: a pair's baseline and closing surveys (never the answers themselves)
    SURVEY_ANSWER = "survey.answer", "Answered a survey"
    SURVEY_DECLINE = "survey.decline", "Chose not to answer a survey"
    SURVEY_QUESTION_ADD = "survey_question.add", "Added a question to a program's surveys"
    SURVEY_QUESTION_UPDATE = "survey_question.update", "Changed a question of a program's surveys"

    # events: socials, answers to them, table plans
    EVENT_CREATE = "event.create", "Created an event"
    EVENT_UPDATE = "event.update", "Changed an event"
    EVENT_CANCEL = "event.cancel", "Cancelled an event"
    RSVP_ANSWER = "rsvp.answer", "Answered an event invitation"
    TABLE_PLAN_PROPOSE = "table_plan.propose", "Proposed a table plan for an event"

    # circles: forming and publishing a circles program's groups, their sessions
    CIRCLES_FORM = "circles.form", "Formed a program's circles"
    CIRCLES_PUBLISH = "circles.publish", "Published a program's circles"
    CIRCLE_SESSION_PLAN = "circle_session.plan", "Planned a circle's session"
    CIRCLE_SESSION_MOVE = "circle_session.move", "Moved a circle's session"
    CIRCLE_SESSION_CANCEL = "circle_session.cancel", "Cancelled a circle's session"
    CIRCLE_SESSION_LOG = "circle_session.log", "Logged a circle's session"

    # notifications
    EMAIL_PREFERENCES = "email.preferences", "Chose which e-mails to receive"
    EMAIL_UNSUBSCRIBE = "email.unsubscribe", "Unsubscribed from an e-mail through its link"

    # recognition
    RECOGNITION_COMPLETE = "recognition.complete", "Awarded a completion badge"
    RECOGNITION_AWARD = "recognition.award", "Gave an award"
    KUDOS_GIVE = "kudos.give", "Thanked a partner"

    # insights: what participants say should change, and the actions that answer them
    INSIGHT_RAISE = "insight.raise", "Raised an insight for the organisation"
    INSIGHT_AUTHOR_REVEAL = "insight.author_reveal", "Looked at who raised an anonymous insight"
    INSIGHT_ACTION_CREATE = "insight_action.create", "Grouped insights into an action"
    INSIGHT_ACTION_ADD = "insight_action.add", "Added insights to an action"
    INSIGHT_ACTION_UPDATE = "insight_action.update", "Changed an action taken on insights"
    INSIGHT_ACTION_STATUS = "insight_action.status", "Changed the status of an action"

    # guides: a program's session arc, its launch page and call for topics
    ARC_SAVE = "arc.save", "Changed a program's session arc"
    ARC_RESET = "arc.reset", "Put a program's session arc back to the default"
    LAUNCH_SAVE = "launch.save", "Wrote the sponsor's message of a program's launch page"
    LAUNCH_PUBLISH = "launch.publish", "Published a program's launch page"
    TOPIC_CALL_ANSWER = "topic_call.answer", "Answered a program's call for topics"

    # speakup: confidential reports (never their content)
    REPORT_FILE = "report.file", "Filed a confidential report"
    REPORT_VIEW = "report.view", "Read a confidential report"
    REPORT_STATUS = "report.status", "Changed the status of a confidential report"
    REPORT_REPLY = "report.reply", "Replied to a confidential report"

    # privacy: a person's own data, read back or erased (never the data itself)
    PRIVACY_EXPORT_VIEW = "privacy.export_view", "Looked at what Twoway holds about a person"
    PRIVACY_EXPORT_DOWNLOAD = (
        "privacy.export_download",
        "Downloaded what Twoway holds about a person",
    )
    PRIVACY_ERASE = "privacy.erase", "Erased a person"
    PRIVACY_RETENTION_PURGE = (
        "privacy.retention_purge",
        "Deleted private notes of programs closed long ago",
    )

    # api: tokens for programs that use the REST API
    API_TOKEN_CREATE = "api_token.create", "Created an API token"
    API_TOKEN_REVOKE = "api_token.revoke", "Revoked an API token"
    API_TOKEN_USE = "api_token.use", "Used an API token"

    # scim: people provisioned by an identity provider (Entra ID, Okta)
    SCIM_USER_PROVISION = "scim.user_provision", "Provisioned a person through SCIM"
    SCIM_LOGIN_SWITCH = "scim.login_switch", "Switched a login on or off through SCIM"

    # sso: signing in with the organisation's OpenID Connect provider
    SSO_SIGN_IN = "sso.sign_in", "Signed in with single sign-on"
    SSO_REFUSE = "sso.refuse", "Refused a single sign-on"

    # demo
    DEMO_SEED = "demo.seed", "Created the demo organisation"


def audit_action_field_choices() -> list[tuple[str, str]]:
    """``AuditEvent.action``'s choices: a callable, so that a new member needs no
    migration (the migrations name this function, so it stays)."""
    return AuditAction.choices


class AdminActions(NamedTuple):
    create: AuditAction
    update: AuditAction
    delete: AuditAction


# What the admin records when it saves or deletes a model, by the model's label.
# Every model the admin edits is here (a test checks).
ADMIN_ACTIONS: dict[str, AdminActions] = {
    "core.user": AdminActions(
        AuditAction.USER_CREATE, AuditAction.USER_UPDATE, AuditAction.USER_DELETE
    ),
    "people.person": AdminActions(
        AuditAction.PERSON_CREATE, AuditAction.PERSON_UPDATE, AuditAction.PERSON_DELETE
    ),
    "people.orgunit": AdminActions(
        AuditAction.ORGUNIT_CREATE, AuditAction.ORGUNIT_UPDATE, AuditAction.ORGUNIT_DELETE
    ),
    "people.levellabel": AdminActions(
        AuditAction.LEVELLABEL_CREATE, AuditAction.LEVELLABEL_UPDATE, AuditAction.LEVELLABEL_DELETE
    ),
    "skills.skill": AdminActions(
        AuditAction.SKILL_CREATE, AuditAction.SKILL_UPDATE, AuditAction.SKILL_DELETE
    ),
    "skills.personskill": AdminActions(
        AuditAction.PERSONSKILL_CREATE,
        AuditAction.PERSONSKILL_UPDATE,
        AuditAction.PERSONSKILL_DELETE,
    ),
    "programs.program": AdminActions(
        AuditAction.PROGRAM_CREATE, AuditAction.PROGRAM_UPDATE, AuditAction.PROGRAM_DELETE
    ),
    "programs.enrollment": AdminActions(
        AuditAction.ENROLLMENT_CREATE, AuditAction.ENROLLMENT_UPDATE, AuditAction.ENROLLMENT_DELETE
    ),
}

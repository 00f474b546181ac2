"""Where Twoway keeps data about a person, field by field, and what the export and
an erasure do with each place.

Every field that points at a person (``people.Person``) or a login (``core.User``)
is listed here: either the export reads it (``EXPORTED``, the section that shows
it) or it says why not (``NOT_EXPORTED``); and ``ERASURE`` says what erasing the
person does to each model. A test walks every model of the project and fails when
a new field that points at a person or a login is in neither list, so a new table
cannot be forgotten.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

# "app.Model.field" -> the export's section that shows it.
EXPORTED: dict[str, str] = {
    "people.Person.user": "login",
    "people.Person.manager": "person",
    "people.SelfDescription.person": "self_descriptions",
    "people.PersonChange.person": "hr_history",
    "core.RoleGrant.user": "roles",
    "core.AuditEvent.actor": "audit",
    "skills.PersonSkill.person": "skills",
    "skills.SelfAssessment.person": "self_assessments",
    "programs.Program.sponsor": "sponsored_programs",
    "programs.Enrollment.person": "enrollments",
    "guides.TopicCallAnswer.person": "topic_calls",
    "speakup.Report.reporter": "speak_up_reports",
    "matching.Proposal.mentor": "proposals",
    "matching.Proposal.mentee": "proposals",
    "matching.Proposal.opted_out_by": "proposals",
    "matching.UnmatchedEntry.person": "unmatched",
    "matching.ReviewDecision.mentor": "review_decisions",
    "matching.ReviewDecision.mentee": "review_decisions",
    "matching.MatchRequest.from_person": "match_requests",
    "matching.MatchRequest.to_person": "match_requests",
    "pairs.Pair.mentor": "pairs",
    "pairs.Pair.mentee": "pairs",
    "pairs.Pair.ended_by": "pairs",
    "pairs.Agreement.edited_by": "agreements",
    "pairs.Reflection.author": "reflections",
    "pairs.PulseCheckin.person": "check_ins",
    "meetings.Meeting.proposed_by": "meetings",
    "meetings.Meeting.cancelled_by": "meetings",
    "meetings.MeetingChange.by": "meeting_changes",
    "meetings.MeetingLog.author": "meeting_logs",
    "circles.CircleMember.person": "circles",
    "circles.CircleSession.presenter": "circle_sessions",
    "circles.CircleSession.logged_by": "circle_sessions",
    "circles.CircleAttendance.person": "circle_attendance",
    "surveys.Survey.person": "surveys",
    "notifications.EmailOptOut.user": "email_opt_outs",
    "notifications.Notice.user": "notices",
    "recognition.Recognition.person": "recognitions",
    "recognition.Kudos.giver": "kudos",
    "recognition.Kudos.receiver": "kudos",
    "events.Rsvp.person": "event_answers",
    "events.TableSeat.person": "table_seats",
    "insights.Insight.author": "insights",
    "insights.InsightAction.owner": "insight_actions",
    "api.ApiToken.user": "api_tokens",
}

# "app.Model.field" -> why the export leaves it out.
_STAFF_WORK = (
    "records who did a piece of staff work (an administrator's, a manager's); "
    "the work is about a program or other people, not about this person"
)
NOT_EXPORTED: dict[str, str] = {
    "admin.LogEntry.user": "the admin's own change list; the audit log holds the same events",
    "core.RoleGrant.granted_by": _STAFF_WORK,
    "people.ImportUpload.uploaded_by": (
        "an HR file an administrator uploaded holds other people's HR data; "
        "the file itself is cleared once applied or discarded"
    ),
    "programs.Enrollment.invited_by": _STAFF_WORK,
    "programs.Enrollment.decided_by": _STAFF_WORK,
    "guides.ProgramLaunch.published_by": _STAFF_WORK,
    "speakup.ReportReply.author": (
        "replies written as safeguarding contact belong to the report, whose "
        "reporter's confidentiality comes first (replies to the person's own named "
        "reports are in their export)"
    ),
    "matching.MatchRun.requested_by": _STAFF_WORK,
    "matching.MatchRun.published_by": _STAFF_WORK,
    "matching.ReviewDecision.by": _STAFF_WORK,
    "circles.Circle.formed_by": _STAFF_WORK,
    "recognition.Recognition.awarded_by": _STAFF_WORK,
    "events.Event.created_by": _STAFF_WORK,
    "events.TablePlan.proposed_by": _STAFF_WORK,
    "insights.InsightAction.created_by": _STAFF_WORK,
    "api.ApiToken.created_by": _STAFF_WORK,
    "scim.ScimLink.person": (
        "the identity provider's own key for the person, a copy of what the "
        "organisation's directory holds; erasing the person deletes it"
    ),
    "privacy.Erasure.by": _STAFF_WORK + "; an erasure holds no personal data",
}

# "app.Model" -> what erasing a person does there (docs/data-rights.md says the same).
ERASURE: dict[str, str] = {
    "admin.LogEntry": "their name and e-mail are replaced by [erased] in the change list",
    "core.User": (
        "the login stays, deactivated: e-mail erased-<id>@invalid, no names, unusable "
        "password, no staff flags"
    ),
    "core.RoleGrant": "their roles are deleted (grants they gave stay, without their name)",
    "core.AuditEvent": (
        "events stay (what happened, when); their name and e-mail are replaced by "
        "[erased] in the actor, the subject label and the values"
    ),
    "people.Person": (
        "pseudonymised: name 'Erased person #<id>', e-mail and employee id placeholders, "
        "no job title, location or time zone; level, department, dates and manager stay"
    ),
    "people.SelfDescription": "deleted",
    "people.PersonChange": "job title and department history deleted; level history kept",
    "people.ImportUpload": "kept (staff work); their name is replaced by [erased] in results",
    "skills.PersonSkill": "deleted",
    "skills.SelfAssessment": "deleted with its answers",
    "programs.Program": "kept; they stay sponsor of it as the pseudonymised login",
    "programs.Enrollment": "kept for the program's figures; their stated goal is emptied",
    "guides.ProgramLaunch": "kept (staff work)",
    "guides.TopicCallAnswer": "kept (a date, no text)",
    "speakup.Report": (
        "kept for safeguarding, no longer linked to them (like an anonymous report); "
        "their name is replaced by [erased]"
    ),
    "speakup.ReportReply": "kept with the report",
    "matching.MatchRun": "kept (staff work)",
    "matching.Proposal": "kept for the run's figures; their opt-out reason is emptied",
    "matching.UnmatchedEntry": "kept for the run's figures",
    "matching.ReviewDecision": "kept for the run's figures",
    "matching.MatchRequest": "kept; the message they wrote is emptied",
    "pairs.Pair": "kept (the partner's pair); the end reason they gave is emptied",
    "pairs.Agreement": "kept (the partner's agreement too); their name is replaced by [erased]",
    "pairs.Reflection": "deleted",
    "pairs.PulseCheckin": "kept for the pair's figures; their note is emptied",
    "meetings.Meeting": "kept (the partner's meetings); the reason they gave to cancel is emptied",
    "meetings.MeetingChange": "kept; the reason they gave is emptied",
    "meetings.MeetingLog": (
        "their logs stay as dates and ratings; every text they wrote (topics, "
        "learned, taught, shared and private notes) is emptied"
    ),
    "circles.Circle": "kept (staff work)",
    "circles.CircleMember": "kept for the circle's figures",
    "circles.CircleSession": "kept (the circle's); their name is replaced by [erased]",
    "circles.CircleAttendance": "kept for the circle's figures",
    "surveys.Survey": "kept; answers keep their scores, their comments are emptied",
    "notifications.EmailOptOut": "deleted (the login no longer receives e-mail)",
    "notifications.Notice": "deleted",
    "recognition.Recognition": "kept for the program's figures; [erased] replaces their name",
    "recognition.Kudos": "kept for the figures; the notes they wrote are emptied",
    "events.Event": "kept (staff work)",
    "events.Rsvp": "deleted",
    "events.TablePlan": "kept (staff work)",
    "events.TableSeat": "kept so the plan still adds up",
    "insights.Insight": "the text stays for the organisation, made anonymous; no name in it",
    "insights.InsightAction": "kept; it stays owned by the pseudonymised record",
    "api.ApiToken": "their tokens are deleted (tokens they made for others stay)",
    "scim.ScimLink": "deleted (the identity provider's key for them)",
    "privacy.Erasure": "kept: the record that erasures happened holds no personal data",
}


def installed(label: str) -> bool:
    """Is the model of an inventory entry ("app.Model[.field]") part of this site?"""
    app_label, model = label.split(".")[:2]
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return False
    return True


def person_fields() -> list[str]:
    """Every "app.Model.field" of the project that points at a person or a login."""
    targets = {apps.get_model("people", "Person"), apps.get_model("core", "User")}
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and isinstance(field, models.Field)
                and field.is_relation
                and field.related_model in targets
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return sorted(found)

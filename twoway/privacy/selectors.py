"""Reading what Twoway holds about one person: the export (every table, their own
words decrypted, never someone else's private notes), who may read it, and what an
erasure would touch."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.apps import apps
from django.db.models import Model, Q
from django.http import Http404
from django.utils import timezone

from twoway.circles.models import CircleAttendance, CircleMember, CircleSession
from twoway.core.actors import Actor
from twoway.core.models import AuditEvent, Role, RoleGrant, User
from twoway.core.roles import user_is_admin
from twoway.events.models import Rsvp, TableSeat
from twoway.guides.models import TopicCallAnswer
from twoway.insights.models import Insight, InsightAction
from twoway.matching.models import MatchRequest, Proposal, ReviewDecision, UnmatchedEntry
from twoway.meetings.models import Meeting, MeetingChange, MeetingLog
from twoway.notifications.models import EmailOptOut, Notice
from twoway.pairs.models import Agreement, Pair, PulseCheckin, Reflection
from twoway.people.access import user_person
from twoway.people.models import Person, PersonChange, SelfDescription
from twoway.programs.models import Enrollment, Program
from twoway.recognition.models import Kudos, Recognition
from twoway.skills.models import PersonSkill, SelfAssessment
from twoway.speakup.models import Report
from twoway.surveys.models import Survey

EXPORT_FORMAT = "twoway-person-export/1"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(**values: Any) -> dict[str, Any]:
    return {key: _plain(value) for key, value in values.items()}


def _partner_name(pair: Pair, person: Person) -> str:
    return pair.mentee.name if pair.mentor_id == person.pk else pair.mentor.name


def _section(title: str, records: list[dict[str, Any]], about: str = "") -> dict[str, Any]:
    return {"title": title, "about": about, "records": records}


WITHHELD = "[private: only the person can read this]"


def person_export(person: Person, *, private: bool = True) -> dict[str, Any]:
    """Everything Twoway holds about ``person``, as a JSON-able document.

    Their own words are included decrypted (it is their data); other people
    appear by name only where the person already sees them (a partner, a
    manager). The partner's private notes never appear. With ``private=False``
    (an administrator reading someone else's) what is stored encrypted, which only
    the person reads, is replaced by ``WITHHELD``.
    """

    def own(value: str | None) -> str:
        return (value or "") if private or not value else WITHHELD

    person = Person.objects.select_related("department", "manager", "user").get(pk=person.pk)
    user = person.user
    me = Q(mentor=person) | Q(mentee=person)
    pairs = list(Pair.objects.filter(me).select_related("program", "mentor", "mentee"))
    pair_ids = [pair.pk for pair in pairs]
    sections: dict[str, Any] = {}

    sections["person"] = _section(
        "Your record from the HR system",
        [
            _row(
                id=person.uuid,
                employee_id=person.employee_id,
                name=person.name,
                email=person.email,
                job_title=person.job_title,
                level=person.level,
                department=person.department.path if person.department else "",
                location=person.location,
                time_zone=person.time_zone,
                manager=person.manager.name if person.manager else "",
                hire_date=person.hire_date,
                leave_date=person.leave_date,
                created_at=person.created_at,
                updated_at=person.updated_at,
            )
        ],
    )
    sections["hr_history"] = _section(
        "Changes to your level, job title and department",
        [
            _row(
                field=change.get_field_display(),
                old=change.old_value or change.old_level,
                new=change.new_value or change.new_level,
                effective_on=change.effective_on,
                recorded_at=change.recorded_at,
            )
            for change in PersonChange.objects.filter(person=person).order_by("effective_on")
        ],
    )
    sections["login"] = _section(
        "Your login",
        [
            _row(
                email=user.email,
                first_name=user.first_name,
                last_name=user.last_name,
                active=user.is_active,
                joined=user.date_joined,
                last_login=user.last_login,
            )
        ]
        if user
        else [],
    )
    sections["roles"] = _section(
        "Roles you hold",
        [
            _row(role=grant.get_role_display(), program=grant.program.name if grant.program else "")
            for grant in RoleGrant.objects.filter(user=user).select_related("program")
        ]
        if user
        else [],
    )
    sections["self_descriptions"] = _section(
        "What you said about yourself",
        [
            _row(
                kind=sd.get_kind_display(),
                value=own(sd.display_value),
                consented_at=sd.consented_at,
            )
            for sd in SelfDescription.objects.filter(person=person)
        ],
        "Stored encrypted; shown here because it is yours.",
    )
    sections["skills"] = _section(
        "Skills on your profile",
        [
            _row(
                skill=ps.skill.name,
                direction=ps.get_direction_display(),
                level=ps.level,
                note=ps.note,
            )
            for ps in PersonSkill.objects.filter(person=person).select_related("skill")
        ],
    )
    sections["self_assessments"] = _section(
        "Your blind-spot questionnaires",
        [
            _row(
                completed_at=assessment.completed_at,
                answers={a.skill.name: a.rating for a in assessment.answers.all()},
            )
            for assessment in SelfAssessment.objects.filter(person=person).prefetch_related(
                "answers__skill"
            )
        ],
    )
    sections["sponsored_programs"] = _section(
        "Programs you sponsor",
        [_row(program=p.name) for p in Program.objects.filter(sponsor=user)] if user else [],
    )
    sections["enrollments"] = _section(
        "Programs you joined",
        [
            _row(
                program=e.program.name,
                role=e.get_role_display(),
                status=e.get_status_display(),
                goal=e.goal,
                availability=e.availability,
                formats=e.formats,
                topics=[
                    {"skill": t.skill.name, "direction": t.direction, "level": t.level}
                    for t in e.topics.all()
                ],
                invited_at=e.invited_at,
                enrolled_at=e.enrolled_at,
                decided_at=e.decided_at,
                withdrawn_at=e.withdrawn_at,
            )
            for e in Enrollment.objects.filter(person=person)
            .select_related("program")
            .prefetch_related("topics__skill")
        ],
    )
    sections["topic_calls"] = _section(
        "Calls for topics you answered",
        [
            _row(program=a.program.name, answered_at=a.answered_at)
            for a in TopicCallAnswer.objects.filter(person=person).select_related("program")
        ],
    )
    sections["proposals"] = _section(
        "Partners matching proposed to you",
        [
            _row(
                program=p.run.program.name,
                partner=p.mentee.name if p.mentor_id == person.pk else p.mentor.name,
                proposed_at=p.run.created_at,
                opted_out_at=p.opted_out_at,
                your_opt_out_reason=own(p.opt_out_reason) if p.opted_out_by_id == person.pk else "",
            )
            for p in Proposal.objects.filter(Q(mentor=person) | Q(mentee=person)).select_related(
                "run__program", "mentor", "mentee"
            )
        ],
    )
    sections["unmatched"] = _section(
        "Matching runs that found you no partner",
        [
            _row(program=u.run.program.name, reason=u.get_reason_display(), at=u.run.created_at)
            for u in UnmatchedEntry.objects.filter(person=person).select_related("run__program")
        ],
    )
    sections["review_decisions"] = _section(
        "Decisions a program manager took on a proposed pair of yours",
        [
            _row(
                program=d.program.name,
                decision=d.get_kind_display(),
                partner=d.mentee.name if d.mentor_id == person.pk else d.mentor.name,
                at=d.at,
            )
            for d in ReviewDecision.objects.filter(
                Q(mentor=person) | Q(mentee=person)
            ).select_related("program", "mentor", "mentee")
        ],
    )
    sections["match_requests"] = _section(
        "Requests to pair up, sent or received",
        [
            _row(
                program=r.program.name,
                sent_by_you=r.from_person_id == person.pk,
                other=r.to_person.name if r.from_person_id == person.pk else r.from_person.name,
                message=r.message,
                status=r.get_status_display(),
                sent_at=r.created_at,
                decided_at=r.decided_at,
            )
            for r in MatchRequest.objects.filter(
                Q(from_person=person) | Q(to_person=person)
            ).select_related("program", "from_person", "to_person")
        ],
    )
    sections["pairs"] = _section(
        "Your pairs",
        [
            _row(
                id=pair.uuid,
                program=pair.program.name,
                your_side="mentor" if pair.mentor_id == person.pk else "mentee",
                partner=_partner_name(pair, person),
                status=pair.get_status_display(),
                published_at=pair.published_at,
                signed_at=pair.signed_at,
                ended_at=pair.ended_at,
                your_end_reason=own(pair.end_reason) if pair.ended_by_id == person.pk else "",
                completed_at=pair.completed_at,
            )
            for pair in pairs
        ],
    )
    sections["agreements"] = _section(
        "Your pairs' agreements",
        [
            _row(
                pair=a.pair.uuid,
                version=a.version,
                mentor_goals=a.mentor_goals,
                mentor_offers=a.mentor_offers,
                mentee_goals=a.mentee_goals,
                mentee_offers=a.mentee_offers,
                cadence=a.cadence,
                meeting_format=a.meeting_format,
                confidentiality=a.confidentiality,
                conduct=a.conduct,
                ending=a.ending,
                you_signed_version=a.mentor_signed
                if a.pair.mentor_id == person.pk
                else (a.mentee_signed),
                signed_at=a.pair.signed_at,
            )
            for a in Agreement.objects.filter(pair_id__in=pair_ids).select_related("pair")
        ],
    )
    sections["meetings"] = _section(
        "Your pairs' meetings",
        [
            _row(
                pair=m.pair.uuid,
                starts_at=m.starts_at,
                duration_minutes=m.duration_minutes,
                place=m.place,
                video_url=m.video_url,
                status=m.get_status_display(),
                proposed_by_you=m.proposed_by_id == person.pk,
                cancelled_at=m.cancelled_at,
                your_cancel_reason=m.cancel_reason if m.cancelled_by_id == person.pk else "",
            )
            for m in Meeting.objects.filter(pair_id__in=pair_ids).select_related("pair")
        ],
    )
    sections["meeting_changes"] = _section(
        "Meetings you moved or cancelled",
        [
            _row(kind=c.get_kind_display(), reason=c.reason, at=c.created_at)
            for c in MeetingChange.objects.filter(by=person)
        ],
    )
    sections["meeting_logs"] = _section(
        "Your meeting logs",
        [
            _row(
                meeting=log.meeting.starts_at,
                topics=log.topics,
                learned=log.learned,
                taught=log.taught,
                goal_progress=log.goal_progress,
                rating=log.rating,
                shared_notes=log.shared_notes,
                private_notes=own(log.private_notes),
                written_at=log.created_at,
            )
            for log in MeetingLog.objects.filter(author=person).select_related("meeting")
        ],
        "Your own logs, private notes included. Your partners' logs are theirs.",
    )
    sections["check_ins"] = _section(
        "Your check-ins",
        [
            _row(
                round=c.round,
                due_on=c.due_on,
                quality=c.quality,
                note=own(c.note),
                answered_at=c.answered_at,
            )
            for c in PulseCheckin.objects.filter(person=person)
        ],
    )
    sections["reflections"] = _section(
        "Your closing reflections",
        [
            _row(changed=r.changed, differently=r.differently, written_at=r.created_at)
            for r in Reflection.objects.filter(author=person)
        ],
    )
    sections["surveys"] = _section(
        "Your surveys and answers",
        [
            _row(
                program=s.pair.program.name,
                kind=s.get_kind_display(),
                sent_at=s.sent_at,
                answered_at=s.answered_at,
                declined_at=s.declined_at,
                answers=[
                    {"question": a.question_key, "value": a.value, "text": own(a.text)}
                    for a in s.answers.all()
                ],
            )
            for s in Survey.objects.filter(person=person)
            .select_related("pair__program")
            .prefetch_related("answers")
        ],
    )
    sections["recognitions"] = _section(
        "Badges and awards you received",
        [
            _row(
                program=r.program.name,
                kind=r.get_kind_display(),
                title=r.title,
                note=r.note,
                at=r.created_at,
            )
            for r in Recognition.objects.filter(person=person).select_related("program")
        ],
    )
    sections["kudos"] = _section(
        "Thanks given and received",
        [
            _row(
                given_by_you=k.giver_id == person.pk,
                other=k.receiver.name if k.giver_id == person.pk else k.giver.name,
                category=k.get_category_display(),
                note=k.note,
                at=k.created_at,
            )
            for k in Kudos.objects.filter(Q(giver=person) | Q(receiver=person)).select_related(
                "giver", "receiver"
            )
        ],
    )
    sections["circles"] = _section(
        "Circles you belong to",
        [
            _row(program=m.program.name, circle=m.circle.name, side=m.side)
            for m in CircleMember.objects.filter(person=person).select_related("program", "circle")
        ],
    )
    sections["circle_sessions"] = _section(
        "Circle sessions you presented or logged",
        [
            _row(
                circle=s.circle.name,
                starts_at=s.starts_at,
                topic=s.topic,
                presented=s.presenter_id == person.pk,
                logged=s.logged_by_id == person.pk,
                log=s.log if s.logged_by_id == person.pk else "",
            )
            for s in CircleSession.objects.filter(
                Q(presenter=person) | Q(logged_by=person)
            ).select_related("circle")
        ],
    )
    sections["circle_attendance"] = _section(
        "Circle sessions you attended",
        [
            _row(circle=a.session.circle.name, starts_at=a.session.starts_at, attended=a.attended)
            for a in CircleAttendance.objects.filter(person=person).select_related(
                "session__circle"
            )
        ],
    )
    sections["event_answers"] = _section(
        "Your answers to event invitations",
        [
            _row(
                event=r.event.title,
                starts_at=r.event.starts_at,
                answer=r.get_answer_display(),
                answered_at=r.answered_at,
            )
            for r in Rsvp.objects.filter(person=person).select_related("event")
        ],
    )
    sections["table_seats"] = _section(
        "Your seats in event table plans",
        [
            _row(event=s.plan.event.title, table=s.table)
            for s in TableSeat.objects.filter(person=person).select_related("plan__event")
        ],
    )
    sections["insights"] = _section(
        "Insights you raised",
        [
            _row(
                program=i.program.name,
                kind=i.get_kind_display(),
                title=i.title,
                text=i.text,
                anonymous=i.anonymous,
                at=i.created_at,
            )
            for i in Insight.objects.filter(author=person).select_related("program")
        ],
    )
    sections["insight_actions"] = _section(
        "Actions on insights you own",
        [
            _row(program=a.program.name, title=a.title, status=a.get_status_display())
            for a in InsightAction.objects.filter(owner=person).select_related("program")
        ],
    )
    sections["speak_up_reports"] = _section(
        "Reports you filed with your name",
        [
            _row(
                reference=r.reference,
                status=r.get_status_display(),
                what_happened=own(r.happened),
                what_you_wish=own(r.wish),
                filed_at=r.created_at,
                replies=[
                    {"body": own(reply.body), "at": _plain(reply.created_at)}
                    for reply in r.replies.all()
                ],
            )
            for r in Report.objects.filter(reporter=user).prefetch_related("replies")
        ]
        if user
        else [],
        "Anonymous reports keep no link to whoever filed them, so none of them can "
        "appear here, even if you filed one.",
    )
    sections["email_opt_outs"] = _section(
        "E-mails you switched off",
        [_row(kind=o.get_kind_display()) for o in EmailOptOut.objects.filter(user=user)]
        if user
        else [],
    )
    sections["notices"] = _section(
        "Reminders sent to you",
        [
            _row(kind=n.get_kind_display(), outcome=n.get_outcome_display(), at=n.created_at)
            for n in Notice.objects.filter(user=user)
        ]
        if user
        else [],
    )
    sections["api_tokens"] = _section(
        "Your API tokens",
        _api_tokens(user),
        "Only each token's name and first characters: the secret itself is never stored.",
    )
    subject_ids = [str(person.uuid)] + ([str(user.pk)] if user else [])
    about_me = Q(subject_type="people.person", subject_id=str(person.uuid)) | Q(
        subject_type="core.user", subject_id__in=subject_ids
    )
    if user:
        about_me |= Q(actor=user)
    sections["audit"] = _section(
        "The audit log: what you did, and what was done to your record",
        [
            _row(
                action=event.get_action_display(),
                at=event.at,
                by_you=user is not None and event.actor_id == user.pk,
                subject=event.subject_label,
            )
            for event in AuditEvent.objects.filter(about_me).order_by("at", "id")
        ],
        "Only what happened and when: the values other people's records held are not shown.",
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _plain(timezone.now()),
        "person": str(person.uuid),
        "complete": private,
        "sections": sections,
    }


def api_token_model() -> type[Model] | None:
    """The API's token model, when the API is part of this site. Looked up by name:
    the API sits on this app's floor, so neither imports the other."""
    try:
        return apps.get_model("api", "ApiToken")
    except LookupError:
        return None


def _api_tokens(user: User | None) -> list[dict[str, Any]]:
    model = api_token_model()
    if model is None or user is None:
        return []
    fields = ("name", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at")
    return [_row(**row) for row in model._default_manager.filter(user=user).values(*fields)]


def person_for_export(*, user: Actor, uuid: str) -> Person:
    """The person whose data ``user`` may read: anyone for an administrator, their own
    record for anyone else (who may not know others exist: 404)."""
    try:
        person = Person.objects.get(uuid=uuid)
    except (Person.DoesNotExist, ValueError):
        raise Http404("No such person.") from None
    if user_is_admin(user):
        return person
    me = user_person(user)
    if me is None or me.pk != person.pk:
        raise Http404("No such person.")
    return person


def erase_refusal(*, actor: Actor, person: Person) -> str:
    """Why ``actor`` may not erase ``person`` now ("" when they may). ``None`` is the
    command line, run by whoever runs the server."""
    if actor is not None and not user_is_admin(actor):
        return "Only an administrator can erase a person."
    if person.is_erased:
        return "This person has already been erased."
    user = person.user
    if user is not None and actor is not None and user.pk == getattr(actor, "pk", None):
        return "You cannot erase yourself: ask another administrator."
    if user is not None and _is_last_admin(user):
        return "This is the last administrator: give someone else the role first."
    return ""


def _is_last_admin(user: User) -> bool:
    admins = RoleGrant.objects.filter(
        role=Role.ADMINISTRATOR, program=None, user__is_active=True
    ).values_list("user_id", flat=True)
    holders = set(admins) | set(
        User.objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True)
    )
    return user.pk in holders and not (holders - {user.pk})


def erasure_preview(person: Person) -> list[tuple[str, int]]:
    """What an erasure of ``person`` would delete or empty, as (what, how many)."""
    user = person.user
    rows = [
        ("Self-descriptions deleted", SelfDescription.objects.filter(person=person).count()),
        ("Profile skills deleted", PersonSkill.objects.filter(person=person).count()),
        ("Blind-spot questionnaires deleted", SelfAssessment.objects.filter(person=person).count()),
        ("Meeting logs emptied of their text", MeetingLog.objects.filter(author=person).count()),
        ("Closing reflections deleted", Reflection.objects.filter(author=person).count()),
        ("Check-in notes emptied", PulseCheckin.objects.filter(person=person).count()),
        ("Surveys whose comments are emptied", Survey.objects.filter(person=person).count()),
        ("Thanks given, notes emptied", Kudos.objects.filter(giver=person).count()),
        ("Event answers deleted", Rsvp.objects.filter(person=person).count()),
        ("Insights made anonymous", Insight.objects.filter(author=person).count()),
        (
            "Named speak-up reports unlinked",
            Report.objects.filter(reporter=user).count() if user else 0,
        ),
        ("Roles taken away", RoleGrant.objects.filter(user=user).count() if user else 0),
    ]
    return rows

"""Writes of the speakup app: atomic, keyword-only, actor first, audited.

The audit log records that a report was filed, read, moved on or answered, and
by whom, never what it says. Filing anonymously records no actor and no request
id, so that nothing ties the report to whoever was signed in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from twoway.core.actors import Actor, actor_user
from twoway.core.audit import REDACTED, AuditAction, audit_event, audit_record
from twoway.core.mail import mail_on_commit, site_link
from twoway.programs.models import Program
from twoway.speakup.models import (
    HAPPENED_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    WISH_MAX_LENGTH,
    Report,
    ReportReply,
)
from twoway.speakup.selectors import (
    CODE_ALPHABET,
    code_digest,
    is_safeguarding_contact,
    reporter_programs,
    safeguarding_contacts,
)

REFERENCE_LENGTH = 8
CODE_LENGTH = 16
NOT_A_CONTACT = "Only the organisation's safeguarding contacts read and answer reports."


@dataclass(frozen=True)
class Filed:
    report: Report
    follow_up_code: str  # anonymous reports only; shown once, never stored
    created: bool


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _follow_up_code(submission_key: str) -> str:
    """The anonymous reporter's code, derived from the form's one-time key so that
    sending the form twice shows the same code, and never stored."""
    mac = hmac.new(
        settings.SECRET_KEY.encode(), f"speakup-follow-up:{submission_key}".encode(), "sha256"
    ).digest()
    letters = "".join(CODE_ALPHABET[byte % len(CODE_ALPHABET)] for byte in mac[:CODE_LENGTH])
    return "-".join(letters[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _reference() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _clean_text(value: str, *, field: str, limit: int, required: bool, empty: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: empty})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters (it has {len(value)})."})
    return value


def _audit_anonymous(*, action: AuditAction, report: Report) -> None:
    """An audit row with no actor and no request id (those would name the reporter)."""
    event = audit_event(actor=None, action=action, subject=report)
    event.request_id = ""
    event.save()


@transaction.atomic
def report_file(
    *,
    actor: Actor,
    happened: str,
    wish: str = "",
    program: Program | None = None,
    anonymous: bool,
    submission_key: str,
) -> Filed:
    """File a confidential report. Named, it is linked to ``actor`` and they get an
    acknowledgement by e-mail; anonymous, nothing links it to them and they get a
    follow-up code instead. Each safeguarding contact is told that a report was
    filed, never what it says. The same ``submission_key`` twice files once."""
    user = actor_user(actor)
    if user is None:
        raise PermissionDenied("Sign in to file a report.")
    if len(submission_key) < 16:
        raise ValidationError("The form has expired: open it again, and send it once more.")
    happened = _clean_text(
        happened,
        field="happened",
        limit=HAPPENED_MAX_LENGTH,
        required=True,
        empty="Tell us what happened, in your own words.",
    )
    wish = _clean_text(wish, field="wish", limit=WISH_MAX_LENGTH, required=False, empty="")
    if program is not None and not reporter_programs(user=user).filter(pk=program.pk).exists():
        raise ValidationError({"program": "Choose one of your programs, or none."})
    digest = _digest(submission_key)
    code = _follow_up_code(submission_key) if anonymous else ""
    existing = Report.objects.filter(submission_digest=digest).first()
    if existing is not None:
        if existing.reporter_id not in (None, user.pk):
            raise ValidationError("The form has expired: open it again, and send it once more.")
        return Filed(existing, code if existing.is_anonymous else "", created=False)
    report = Report(
        reporter=None if anonymous else user,
        program=program,
        happened=happened,
        wish=wish,
        follow_up_digest=code_digest(code) if anonymous else "",
        submission_digest=digest,
    )
    for _attempt in range(5):
        report.reference = _reference()
        try:
            with transaction.atomic():
                report.save()
            break
        except IntegrityError:
            if Report.objects.filter(submission_digest=digest).exists():
                raise ValidationError("This report was already sent.") from None
    else:  # pragma: no cover - eight letters from 32 make a clash vanishingly rare
        raise ValidationError("Please send the report again.")
    if anonymous:
        _audit_anonymous(action=AuditAction.REPORT_FILE, report=report)
    else:
        audit_record(actor=actor, action=AuditAction.REPORT_FILE, subject=report)
        mail_on_commit(
            subject=f"We received your report {report.reference}",
            template="speakup/email/acknowledgement.txt",
            context={"report": report, "link": site_link("speakup:mine", uuid=report.uuid)},
            to=user.email,
        )
    for contact in safeguarding_contacts():
        mail_on_commit(
            subject="A new report was filed",
            template="speakup/email/new_report.txt",
            context={"link": site_link("speakup:reports")},
            to=contact.email,
        )
    return Filed(report, code, created=True)


def _require_contact(actor: Actor) -> None:
    if not is_safeguarding_contact(actor):
        raise PermissionDenied(NOT_A_CONTACT)


@transaction.atomic
def report_view(*, actor: Actor, report: Report, through_code: bool = False) -> None:
    """Record that someone read ``report``: a safeguarding contact, its named
    reporter, or (``through_code``) its anonymous reporter, who stays unnamed."""
    if through_code:
        _audit_anonymous(action=AuditAction.REPORT_VIEW, report=report)
        return
    user = actor_user(actor)
    is_reporter = user is not None and report.reporter_id == user.pk
    if not is_reporter:
        _require_contact(actor)
    audit_record(actor=actor, action=AuditAction.REPORT_VIEW, subject=report)


@transaction.atomic
def report_status_set(*, actor: Actor, report: Report, status: str) -> Report:
    """Move a report on (received, looking into it, resolved, closed)."""
    _require_contact(actor)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if status == report.status:
        return report
    if status not in Report.TRANSITIONS.get(report.status, ()):
        raise ValidationError("That status cannot follow the current one; nothing changed.")
    before = report.status
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_STATUS,
        subject=report,
        before={"status": before},
        after={"status": status},
    )
    return report


@transaction.atomic
def report_reply(*, actor: Actor, report: Report, body: str) -> ReportReply:
    """A safeguarding contact's reply, which the reporter reads. A named reporter
    is told by e-mail that there is a reply (not what it says)."""
    _require_contact(actor)
    body = _clean_text(
        body, field="body", limit=REPLY_MAX_LENGTH, required=True, empty="Write your reply."
    )
    reply = ReportReply.objects.create(report=report, author=actor_user(actor), body=body)
    audit_record(
        actor=actor, action=AuditAction.REPORT_REPLY, subject=report, after={"reply": REDACTED}
    )
    if report.reporter is not None and report.reporter.is_active:
        mail_on_commit(
            subject=f"A reply to your report {report.reference}",
            template="speakup/email/reply.txt",
            context={"report": report, "link": site_link("speakup:mine", uuid=report.uuid)},
            to=report.reporter.email,
        )
    return reply

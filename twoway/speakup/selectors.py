"""Reads of the speakup app, scoped to the reader.

Reports are read by the safeguarding contacts alone: those granted the role
explicitly. Administrators pass every other role check (``user_has_role``) but
not this one, unless they also hold the role.
"""

from __future__ import annotations

import hashlib
import hmac

from django.db.models import Count, QuerySet
from django.http import Http404

from twoway.core.access import object_or_404
from twoway.core.actors import Actor, RequestUser
from twoway.core.models import Role, User
from twoway.core.roles import user_roles
from twoway.people.access import user_person
from twoway.programs.models import Program
from twoway.speakup.models import Report

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def is_safeguarding_contact(user: Actor) -> bool:
    """Holds the safeguarding contact role by an explicit grant (administrators
    do not, unless they were given it)."""
    return Role.SAFEGUARDING_CONTACT in user_roles(user)


def safeguarding_contacts() -> list[User]:
    return list(
        User.objects.filter(
            role_grants__role=Role.SAFEGUARDING_CONTACT, role_grants__program__isnull=True
        )
        .filter(is_active=True)
        .distinct()
        .order_by("email")
    )


def code_normalise(code: str) -> str:
    """What a person typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode()).hexdigest()


def report_list_for_contact(*, user: RequestUser) -> QuerySet[Report]:
    """Every report, newest first, for a safeguarding contact (nothing for anyone else)."""
    if not is_safeguarding_contact(user):
        return Report.objects.none()
    return (
        Report.objects.select_related("program")
        .annotate(reply_count=Count("replies"))
        .defer("happened", "wish")
        .order_by("-created_at", "-id")
    )


def report_get_for_contact(*, user: RequestUser, uuid: str) -> Report:
    if not is_safeguarding_contact(user):
        raise Http404("No such report")
    return object_or_404(Report.objects.select_related("program"), "No such report", uuid=uuid)


def reports_of(*, user: RequestUser) -> QuerySet[Report]:
    """The named reports ``user`` filed (an anonymous one is nobody's)."""
    if not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(reporter=user).select_related("program").defer("happened", "wish")


def report_get_for_reporter(*, user: RequestUser, uuid: str) -> Report:
    if not user.is_authenticated:
        raise Http404("No such report")
    return object_or_404(
        Report.objects.select_related("program"), "No such report", uuid=uuid, reporter=user
    )


def report_find_by_code(*, reference: str, code: str) -> Report | None:
    """The anonymous report with this reference whose follow-up code is ``code``."""
    reference = code_normalise(reference)
    if not reference or not code_normalise(code):
        return None
    report = Report.objects.select_related("program").filter(reference=reference).first()
    if report is None or not report.follow_up_digest:
        return None
    if not hmac.compare_digest(report.follow_up_digest, code_digest(code)):
        return None
    return report


def reporter_programs(*, user: RequestUser) -> QuerySet[Program]:
    """The programs a report may be about: those the person has an enrollment in."""
    person = user_person(user)
    if person is None:
        return Program.objects.none()
    return Program.objects.filter(enrollments__person=person).distinct().order_by("name")

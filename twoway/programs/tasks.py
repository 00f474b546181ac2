"""Background work for programs: the invitation e-mails, which may be thousands."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django_tasks import task

from twoway.core.mail import password_link, site_link
from twoway.core.models import User
from twoway.programs.eligibility import program_criteria, self_description_words
from twoway.programs.models import Enrollment


def _password_link(user: User | None) -> str:
    """A link to choose a password, for a login that has none yet."""
    if user is None or user.has_usable_password():
        return ""
    return password_link(user)


def invitation_message(enrollment: Enrollment, asks_for: list[str] | None = None) -> EmailMessage:
    """The invitation; ``asks_for`` names the rule's self-description clauses (read
    once per side by the caller), which the invitee checks for themself."""
    program, person = enrollment.program, enrollment.person
    if asks_for is None:
        asks_for = self_description_words(program_criteria(program).get(enrollment.role))
    context = {
        "asks_for": asks_for,
        "program": program,
        "person": person,
        "side": enrollment.get_role_display().lower(),
        "inviter": enrollment.invited_by,
        "join_link": site_link("programs:join", slug=program.slug),
        "password_link": _password_link(person.user),
        "site_name": settings.SITE_NAME,
    }
    body = render_to_string("programs/email/invite.txt", context)
    subject = f"You are invited to {program.name}"
    return EmailMessage(subject, body, None, [person.email])


@task()
def invitations_send(*, enrollment_ids: list[int]) -> int:
    """E-mail the invitations that are still open; returns how many were sent.

    Runs after the invitations are saved; someone who has meanwhile joined or
    declined gets nothing.
    """
    rows = Enrollment.objects.filter(
        pk__in=enrollment_ids, status=Enrollment.Status.INVITED
    ).select_related("program", "person__user", "invited_by__person")
    words: dict[tuple[int, str], list[str]] = {}
    for enrollment in rows:
        key = (enrollment.program_id, enrollment.role)
        if key not in words:  # one read of the rules per program and side
            criteria = program_criteria(enrollment.program).get(enrollment.role)
            words[key] = self_description_words(criteria)
    messages = [
        invitation_message(enrollment, words[(enrollment.program_id, enrollment.role)])
        for enrollment in rows
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0

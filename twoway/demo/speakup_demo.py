"""The demo's safeguarding contact and two reports: one named, being looked into
with a reply, and one anonymous, just received.

The safeguarding contact is the demo's wellbeing lead, a login of its own outside
the program managers; a demo seeded without one gives the role to the administrator
(who reads reports only because of it: administrators do not otherwise).
"""

from __future__ import annotations

import datetime as dt
import random

from twoway.core.models import Role, RoleGrant, User
from twoway.core.services import role_grant
from twoway.programs.models import Enrollment, Program
from twoway.speakup.services import report_file, report_reply, report_status_set

PILOT = "Reverse mentoring pilot"
NAMED = (
    "At the pilot's kick-off lunch, a senior participant (not my mentee) joked that "
    "the junior mentors were there to fix the printers. People laughed and I did not "
    "feel I could say anything. It has stayed with me, and two other mentors felt "
    "the same."
)
NAMED_WISH = (
    "Nothing against anyone in particular. I would like the program team to remind "
    "everyone of the code of conduct before the next group event."
)
ANONYMOUS = (
    "My mentee asked me to keep something they told me about an upcoming "
    "reorganisation to myself, and then asked what my team thinks about it. I am "
    "not comfortable being asked to pass on what colleagues say."
)
REPLY = (
    "Thank you for telling us, and for doing it so clearly. You were right to raise "
    "it. We will ask the program team to open the next group event with the code of "
    "conduct, without naming you or anyone else. Would you like to talk it through? "
    "Reply here, or tell us a time that suits you."
)


def demo_speakup(*, seed: int, today: dt.date) -> None:
    contact = User.objects.filter(
        role_grants__role=Role.SAFEGUARDING_CONTACT, is_active=True
    ).first() or (
        User.objects.filter(role_grants__role=Role.ADMINISTRATOR, is_active=True)
        .exclude(role_grants__role=Role.PROGRAM_MANAGER)
        .order_by("pk")
        .first()
    )
    if contact is None:
        return
    if not RoleGrant.objects.filter(user=contact, role=Role.SAFEGUARDING_CONTACT).exists():
        # Through the service, audited like a grant on the roles page.
        role_grant(actor=contact, user=contact, role=Role.SAFEGUARDING_CONTACT)
        contact = User.objects.get(pk=contact.pk)  # its roles, read afresh
    rng = random.Random(seed * 6211 + 9)
    pilot = Program.objects.filter(name=PILOT).first()
    mentors = User.objects.filter(
        person__enrollments__program=pilot,
        person__enrollments__role=Enrollment.Role.MENTOR,
        role_grants__isnull=True,
    ).order_by("pk")
    reporter = mentors.first()
    if reporter is None:
        return
    named = report_file(
        actor=reporter,
        happened=NAMED,
        wish=NAMED_WISH,
        program=pilot,
        anonymous=False,
        submission_key=f"demo-named-{seed}-{rng.random()}",
    ).report
    report_status_set(actor=contact, report=named, status="looking_into_it")
    report_reply(actor=contact, report=named, body=REPLY)
    report_file(
        actor=reporter,
        happened=ANONYMOUS,
        anonymous=True,
        submission_key=f"demo-anonymous-{seed}-{rng.random()}",
    )

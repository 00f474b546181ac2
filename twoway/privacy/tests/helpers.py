"""A rich Juno for the data rights tests, and the whole database as text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from twoway.core.audit import AuditAction, audit_record
from twoway.core.encryption import EncryptedTextField
from twoway.events.models import Event, Rsvp
from twoway.insights.models import Insight
from twoway.insights.tests.helpers import raise_insight
from twoway.meetings.models import MeetingLog
from twoway.meetings.tests.helpers import held, juno_pair, log, sign_both
from twoway.notifications.models import EmailOptOut, Kind
from twoway.pairs.models import Pair, PulseCheckin, Reflection
from twoway.people.models import SelfDescription
from twoway.recognition.models import Kudos
from twoway.speakup.models import Report
from twoway.surveys.models import Survey, SurveyAnswer, SurveyKind
from twoway.testing.cast import Cast


@dataclass
class Rich:
    pair: Pair
    juno_log: MeetingLog
    sterling_log: MeetingLog
    insight: Insight
    report: Report


def rich_juno(cast: Cast) -> Rich:
    """Juno (mentoring Sterling in the published pilot) with something in every corner."""
    juno, sterling = cast.juno.person, cast.sterling.person
    pair = juno_pair()
    sign_both(pair, mentor_goals="Juno Park wants to read a budget", mentee_goals="Short video")
    meeting = held(pair, juno)
    juno_log = log(
        meeting,
        juno,
        shared_notes="Juno brought her reel.",
        private_notes="Juno's private worry: am I too junior?",
    )
    sterling_log = log(
        meeting,
        sterling,
        learned="Juno showed me captions",
        shared_notes="Sterling's shared note",
        private_notes="Sterling's private note about Juno Park",
    )
    now = timezone.now()
    Reflection.objects.create(
        pair=pair, author=juno, changed="Juno learned budgets", differently="More time"
    )
    PulseCheckin.objects.create(
        pair=pair,
        person=juno,
        round=1,
        due_on=timezone.localdate(),
        quality=4,
        note="Going well, says Juno",
        answered_at=now,
    )
    survey, _ = Survey.objects.get_or_create(
        pair=pair,
        person=juno,
        kind=SurveyKind.BASELINE,
        defaults={"side": "mentor", "sent_at": now},
    )
    Survey.objects.filter(pk=survey.pk).update(answered_at=now)
    SurveyAnswer.objects.create(
        survey=survey, question_key="confidence", value=4, text="Juno Park is keen"
    )
    Kudos.objects.create(
        pair=pair,
        giver=juno,
        receiver=sterling,
        category=Kudos.Category.TAUGHT_ME,
        note="Thanks from Juno",
    )
    Kudos.objects.create(
        pair=pair,
        giver=sterling,
        receiver=juno,
        category=Kudos.Category.LISTENED,
        note="Juno listened well",
    )
    SelfDescription.objects.create(
        person=juno, kind=SelfDescription.Kind.GENDER, value="Juno's own words"
    )
    insight = raise_insight(cast.juno, pair.program, text="Juno Park says: print less.")
    event = Event.objects.create(
        title="Summer social",
        starts_at=now + dt.timedelta(days=3),
        time_zone="Europe/London",
        created_by=cast.priya,
        everyone=True,
    )
    Rsvp.objects.create(event=event, person=juno, answer=Rsvp.Answer.YES, answered_at=now)
    report = Report.objects.create(
        reference="TW-000001",
        reporter=cast.juno,
        program=pair.program,
        happened="Juno Park saw something",
        wish="juno@example.org wants a call",
        submission_digest="x" * 64,
    )
    EmailOptOut.objects.create(user=cast.juno, kind=Kind.MEETING_SOON)
    with transaction.atomic():
        audit_record(
            actor=cast.ada,
            action=AuditAction.PERSON_UPDATE,
            subject=juno,
            before={"name": "J. Park", "email": "juno@example.org"},
            after={"name": "Juno Park"},
        )
    return Rich(pair, juno_log, sterling_log, insight, report)


# Random strings a name could appear in by chance: ciphertext (read decrypted by
# ``decrypted_text`` instead), password hashes and unusable-password markers.
_RANDOM = re.compile(
    r"fernet:[A-Za-z0-9_=-]+"
    r"|(?:pbkdf2_sha256|argon2)\$[^'\s,)]+"
    r"|![A-Za-z0-9]{40}"
)


def database_text() -> str:
    """Every row of every table as text, on SQLite or PostgreSQL, without the random
    strings a name could appear in by chance (encrypted columns: ``decrypted_text``)."""
    return _RANDOM.sub("<random>", _dump())


def _dump() -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT {quoted}::text FROM {quoted}")
            lines += [row[0] for row in cursor.fetchall()]
    return "\n".join(lines)


def decrypted_text() -> str:
    """Every encrypted column of every row, read (decrypted) through the ORM."""
    values = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                values += [
                    value
                    for value in model._base_manager.values_list(field.attname, flat=True)
                    if value
                ]
    return "\n".join(values)

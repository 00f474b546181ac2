"""What the partners of a pair write reaches its audience only, in every output.

Every free-text field a partner writes gets a marker of its own. Then every
page, calendar file, certificate, e-mail and audit event that anybody in the
cast can reach is read, and each marker must be seen by exactly its audience:
the partners (agreements, logs, places, reasons for cancelling and moving,
reflections, kudos), the author alone (private notes), or the program's
managers (the end reason and check-in answers, by design; an administrator
passes every manager check, so reads them too). The sponsor, another program's
manager and an outsider read none of it.
"""

from __future__ import annotations

import io
import math
import pprint
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from twoway.core.models import AuditEvent, Role
from twoway.meetings.models import Meeting
from twoway.meetings.services import meeting_cancel, meeting_reschedule
from twoway.meetings.tests.helpers import local_in, log, plan, sign_both
from twoway.pairs.models import Agreement, Pair, PulseCheckin
from twoway.pairs.services import checkin_answer, pair_end, reflection_write
from twoway.pairs.tests.agreements import edit, sign
from twoway.programs.models import Program
from twoway.recognition.models import Recognition
from twoway.recognition.services import kudos_give
from twoway.testing.factories import grant

PARTNERS_JS = {"juno", "sterling"}
PARTNERS_MR = {"maya", "richard"}
MANAGERS = {"priya", "ada"}


def mark(name: str) -> str:
    # Letters and digits only: nothing in HTML, iCalendar or a PDF escapes or breaks them.
    return f"zq{name}zq"


class Markers(dict[str, set[str]]):
    """marker -> the names of the users who should read it."""

    def add(self, name: str, audience: set[str]) -> str:
        text = mark(name)
        self[text] = audience
        return text


def _held(pair: Pair, person: Any, *, hours_ago: int, **fields: Any) -> Meeting:
    (meeting,) = plan(pair, person, days=1, **fields)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    meeting.refresh_from_db()
    return meeting


def _log_with_markers(meeting: Meeting, person: Any, who: str, markers: Markers, pair_names):
    fields = {
        name: markers.add(f"{who}{name.replace('_', '')}{meeting.pk}", pair_names)
        for name in ("topics", "learned", "taught", "shared_notes")
    }
    fields["private_notes"] = markers.add(f"{who}private{meeting.pk}", {who})
    return log(meeting, person, **fields)


def _reflect(pair: Pair, person: Any, who: str, markers: Markers, pair_names) -> None:
    reflection_write(
        actor=person.user,
        pair=pair,
        person=person,
        changed=markers.add(f"{who}changed", pair_names),
        differently=markers.add(f"{who}differently", pair_names),
    )


def _checkin(pair: Pair, person: Any, who: str, markers: Markers) -> PulseCheckin:
    checkin = PulseCheckin.objects.create(
        pair=pair, person=person, round=1, due_on=timezone.localdate()
    )
    return checkin_answer(
        actor=person.user,
        checkin=checkin,
        person=person,
        quality=2,
        note=markers.add(f"{who}checkin", MANAGERS),
    )


def ended_pair_with_everything_written(published, markers: Markers) -> Pair:
    """Juno mentors Sterling: an agreement, a held meeting both logged, three
    meetings Juno cancelled, one Sterling moved, reflections, kudos, check-ins,
    a reminder run (the risk digest and the sponsor's escalation), then
    Sterling ends the pair."""
    juno, sterling = published.juno, published.sterling
    pair = Pair.objects.get(mentor=juno)
    agreement = pair.agreement
    parts = {
        part: markers.add(f"agreement{part.replace('_', '')}", PARTNERS_JS)
        for part in Agreement.PARTS
    }
    agreement = edit(agreement, juno, agreement.version, **parts)
    sign(agreement, juno, agreement.version)
    sign(agreement, sterling, agreement.version)

    met = _held(
        pair,
        juno,
        hours_ago=3,
        place=markers.add("place", PARTNERS_JS),
        video_url=f"https://meet.example.org/{markers.add('video', PARTNERS_JS)}",
    )
    _log_with_markers(met, juno, "juno", markers, PARTNERS_JS)
    _log_with_markers(met, sterling, "sterling", markers, PARTNERS_JS)
    for days in (2, 3, 4):
        (meeting,) = plan(pair, juno, days=days)
        meeting_cancel(
            actor=juno.user,
            meeting=meeting,
            person=juno,
            reason=markers.add(f"cancel{days}", PARTNERS_JS),
        )
    (moved,) = plan(pair, juno, days=9)
    meeting_reschedule(
        actor=sterling.user,
        meeting=moved,
        person=sterling,
        starts_at_local=local_in(10, hour=15),
        time_zone="Europe/London",
        duration_minutes=60,
        place=markers.add("movedplace", PARTNERS_JS),
        video_url="",
        reason=markers.add("move", PARTNERS_JS),
    )
    _reflect(pair, juno, "juno", markers, PARTNERS_JS)
    _reflect(pair, sterling, "sterling", markers, PARTNERS_JS)
    for person, who, category in ((juno, "juno", "listened"), (sterling, "sterling", "taught_me")):
        kudos_give(
            actor=person.user,
            pair=pair,
            giver=person,
            category=category,
            note=markers.add(f"{who}kudos", PARTNERS_JS),
        )
    _checkin(pair, juno, "juno", markers)
    _checkin(pair, sterling, "sterling", markers)
    call_command("send_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    pair.refresh_from_db()
    pair_end(
        actor=sterling.user,
        pair=pair,
        person=sterling,
        reason=markers.add("endreason", MANAGERS),
    )
    return pair


def completed_pair_with_everything_written(published, markers: Markers) -> Pair:
    """Maya mentors Richard: two meetings both logged and both reflections, so
    the pair completes and each side gets a certificate."""
    maya, richard = published.maya, published.richard
    pair = Pair.objects.select_related("program").get(mentor=maya)
    sign_both(pair, mentor_goals=markers.add("mrgoal", PARTNERS_MR))
    for hours_ago in (30, 6):
        meeting = _held(pair, maya, hours_ago=hours_ago)
        _log_with_markers(meeting, maya, "maya", markers, PARTNERS_MR)
        _log_with_markers(meeting, richard, "richard", markers, PARTNERS_MR)
    kudos_give(
        actor=richard.user,
        pair=pair,
        giver=richard,
        category="generous",
        note=markers.add("richardkudos", PARTNERS_MR),
    )
    _reflect(pair, maya, "maya", markers, PARTNERS_MR)
    _reflect(pair, richard, "richard", markers, PARTNERS_MR)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED
    return pair


# --- reading everything back -----------------------------------------------------------


def _text(content: bytes, content_type: str) -> str:
    if content_type.startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        return " ".join(page.extract_text() for page in reader.pages)
    text = content.decode("utf-8", errors="replace")
    # iCalendar folds long lines: a fold is a line break followed by one space.
    return text.replace("\r\n ", "").replace("\n ", "")


def _urls(program: Program, pairs: Iterable[Pair]) -> list[str]:
    pairs = list(pairs)
    urls = [
        "/",
        reverse("pairs:mine"),
        reverse("home:me"),
        reverse("people:list"),
        reverse("programs:list"),
        reverse("home:my_programs"),
        reverse("admin:index"),
    ]
    names = ("meetings:health", "recognition:program", "home:program", "programs:enrollments")
    for name in names:
        urls.append(reverse(name, kwargs={"slug": program.slug}))
    for pair in pairs:
        for name in (
            "home:pair",
            "pairs:agreement",
            "pairs:agreement_edit",
            "pairs:agreement_pdf",
            "pairs:end",
            "matching:rematch",
        ):
            urls.append(reverse(name, kwargs={"uuid": pair.uuid}))
        urls.append(reverse("meetings:schedule", kwargs={"uuid": pair.uuid}))
        for person in (pair.mentor, pair.mentee):
            urls.append(reverse("home:person", kwargs={"uuid": person.uuid}))
            urls.append(f"/admin/people/person/{person.pk}/change/")
            urls.append(f"/admin/core/user/{person.user_id}/change/")
    for meeting in Meeting.objects.filter(pair__in=pairs):
        urls.append(reverse("meetings:detail", kwargs={"uuid": meeting.uuid}))
        urls.append(reverse("meetings:ics", kwargs={"uuid": meeting.uuid}))
    for checkin in PulseCheckin.objects.filter(pair__in=pairs):
        urls.append(reverse("pairs:checkin", kwargs={"uuid": checkin.uuid}))
    for recognition in Recognition.objects.filter(pair__in=pairs):
        urls.append(reverse("recognition:certificate", kwargs={"uuid": recognition.uuid}))
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    pages = math.ceil(AuditEvent.objects.count() / settings.PAGE_SIZE)
    urls += [f"{reverse('audit:list')}?page={page}" for page in range(1, pages + 1)]
    return urls


def _pages_read_by(user: Any, urls: list[str]) -> str:
    client = Client()
    client.force_login(user)
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        texts.append(_text(response.content, response.get("Content-Type", "")))
    return "\n".join(texts)


def _mail_read_by(address: str) -> str:
    texts: list[str] = []
    for message in mail.outbox:
        if address not in message.to:
            continue
        texts += [str(message.subject), str(message.body)]
        texts += [content for content, _type in getattr(message, "alternatives", [])]
        for _name, content, mimetype in message.attachments:
            data = content.encode() if isinstance(content, str) else content
            texts.append(_text(data, mimetype or ""))
    return "\n".join(texts)


@pytest.fixture
def everything_written(published, cast, morgan, django_capture_on_commit_callbacks):
    program = published.program
    Program.objects.filter(pk=program.pk).update(sponsor=cast.sol, planned_sessions=2)
    grant(cast.priya, Role.PROGRAM_MANAGER, program=program)
    markers = Markers()
    with django_capture_on_commit_callbacks(execute=True):
        ended = ended_pair_with_everything_written(published, markers)
    with django_capture_on_commit_callbacks(execute=True):
        completed = completed_pair_with_everything_written(published, markers)
    users = {
        "juno": cast.juno,
        "sterling": cast.sterling,
        "maya": published.maya.user,
        "richard": published.richard.user,
        "priya": cast.priya,
        "sol": cast.sol,
        "ada": cast.ada,
        "morgan": morgan,
        "otto": cast.otto,
    }
    return program, [ended, completed], markers, users


def test_each_marker_is_read_by_its_audience_alone_in_every_page_file_and_email(
    everything_written,
):
    program, pairs, markers, users = everything_written
    urls = _urls(program, pairs)
    read = {
        name: _pages_read_by(user, urls) + "\n" + _mail_read_by(user.email)
        for name, user in users.items()
    }

    seen = {marker: {name for name, text in read.items() if marker in text} for marker in markers}
    wrong = {
        marker: {"seen by": sorted(seen[marker]), "audience": sorted(audience)}
        for marker, audience in markers.items()
        if seen[marker] != audience
    }
    assert not wrong, pprint.pformat(wrong)


def test_no_marker_enters_the_audit_log(everything_written):
    _program, _pairs, markers, _users = everything_written
    events = [
        f"{event.subject_label} {event.before} {event.after}" for event in AuditEvent.objects.all()
    ]
    assert events
    for marker in markers:
        assert not any(marker in event for event in events), marker


def test_the_reading_covers_the_managers_and_the_sponsors_e_mails(everything_written, cast):
    """So that the first test can fail on them: the pair's end and the risk
    digest reached the manager, the repeated cancellations the sponsor."""

    def subjects(user):
        return " | ".join(str(m.subject) for m in mail.outbox if user.email in m.to)

    assert "ended early" in subjects(cast.priya) and "at risk" in subjects(cast.priya)
    assert "repeated cancellations" in subjects(cast.sol)

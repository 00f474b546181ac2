"""Erasing a person: nothing in the database names them afterwards, and what other
people's records and the programs' figures need survives."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from twoway.core.audit import AuditAction, audit_record
from twoway.core.models import AuditEvent, Role, RoleGrant, User
from twoway.meetings.models import Meeting, MeetingLog
from twoway.pairs.models import Pair, Reflection
from twoway.people.models import Person, SelfDescription
from twoway.people.services import person_invite
from twoway.privacy.models import Erasure
from twoway.privacy.scrub import ERASED
from twoway.privacy.services import person_erase
from twoway.privacy.tests.helpers import database_text, decrypted_text, rich_juno
from twoway.programs.models import Enrollment
from twoway.speakup.models import Report
from twoway.testing.cast import Cast, Pilot
from twoway.testing.factories import person

JUNO_MARKS = ["Juno", "Park", "Juno Park", "juno@example.org", "JUNO"]


def test_nothing_in_the_database_names_an_erased_person(published: Pilot, cast: Cast) -> None:
    rich_juno(cast)
    before = database_text().lower() + decrypted_text().lower()
    assert all(mark.lower() in before for mark in JUNO_MARKS)

    person_erase(actor=cast.ada, person=cast.juno.person)

    dump = database_text().lower()
    clear = decrypted_text().lower()
    for mark in JUNO_MARKS:
        assert mark.lower() not in dump, mark
        assert mark.lower() not in clear, mark


def test_other_people_and_the_figures_survive(published: Pilot, cast: Cast) -> None:
    rich = rich_juno(cast)
    program = rich.pair.program
    figures = {
        "pairs": Pair.objects.filter(program=program).count(),
        "enrollments": Enrollment.objects.filter(program=program).count(),
        "meetings": Meeting.objects.filter(pair__program=program).count(),
        "logs": MeetingLog.objects.filter(meeting__pair__program=program).count(),
    }
    ratings = sorted(MeetingLog.objects.values_list("rating", flat=True))

    person_erase(actor=cast.ada, person=cast.juno.person)

    assert figures == {
        "pairs": Pair.objects.filter(program=program).count(),
        "enrollments": Enrollment.objects.filter(program=program).count(),
        "meetings": Meeting.objects.filter(pair__program=program).count(),
        "logs": MeetingLog.objects.filter(meeting__pair__program=program).count(),
    }
    assert sorted(MeetingLog.objects.values_list("rating", flat=True)) == ratings
    # The partner's own log stays, only Juno's name is gone from it.
    sterling_log = MeetingLog.objects.get(pk=rich.sterling_log.pk)
    assert sterling_log.shared_notes == "Sterling's shared note"
    assert sterling_log.private_notes == f"Sterling's private note about {ERASED}"
    assert sterling_log.learned == f"{ERASED} showed me captions"
    # Juno's own log stays as a date and a rating, without a word of hers.
    juno_log = MeetingLog.objects.get(pk=rich.juno_log.pk)
    assert (juno_log.topics, juno_log.shared_notes, juno_log.private_notes) == ("", "", "")
    assert juno_log.rating == rich.juno_log.rating
    # The other cast members are untouched.
    assert Person.objects.get(pk=cast.sterling.person.pk).name == "Sterling Hayes"
    assert User.objects.get(pk=cast.sterling.pk).email == "sterling@example.org"


def test_the_record_is_pseudonymised_and_the_login_closed(published: Pilot, cast: Cast) -> None:
    rich_juno(cast)
    juno = cast.juno.person
    level, department, hired = juno.level, juno.department_id, juno.hire_date

    erasure = person_erase(actor=cast.ada, person=juno)

    juno.refresh_from_db()
    assert juno.name == f"Erased person #{juno.uuid.hex[:8]}"
    assert juno.email.endswith("@invalid") and juno.employee_id.startswith("erased-")
    assert juno.job_title == ""
    assert (juno.level, juno.department_id, juno.hire_date) == (level, department, hired)
    user = User.objects.get(pk=cast.juno.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@invalid")
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not SelfDescription.objects.filter(person=juno).exists()
    assert not Reflection.objects.filter(author=juno).exists()
    # A named report stays for safeguarding, unlinked like an anonymous one.
    assert Report.objects.get(reference="TW-000001").reporter is None
    # The record of the erasure holds no name; its audit event names the erasure.
    assert Erasure.objects.get() == erasure
    assert erasure.person_uuid == juno.uuid and erasure.by == cast.ada
    event = AuditEvent.objects.get(action="privacy.erase")
    assert event.subject_id == str(erasure.uuid)
    assert "juno" not in (event.subject_label + str(event.after)).lower()


def test_the_audit_log_keeps_its_events_without_the_name(published: Pilot, cast: Cast) -> None:
    rich_juno(cast)
    events = AuditEvent.objects.count()
    juno_events = AuditEvent.objects.filter(actor=cast.juno).count()
    assert juno_events

    person_erase(actor=cast.ada, person=cast.juno.person)

    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.filter(actor=cast.juno).count() == juno_events
    assert set(
        AuditEvent.objects.filter(actor=cast.juno).values_list("actor_label", flat=True)
    ) == {ERASED}


def test_only_an_administrator_erases(published: Pilot, cast: Cast) -> None:
    for actor in (cast.priya, cast.sol, cast.sterling):
        with pytest.raises(PermissionDenied):
            person_erase(actor=actor, person=cast.juno.person)
    assert Person.objects.get(pk=cast.juno.person.pk).name == "Juno Park"


def test_the_last_administrator_and_oneself_are_refused(cast: Cast) -> None:
    with pytest.raises(PermissionDenied, match="yourself"):
        person_erase(actor=cast.ada, person=cast.ada.person)
    with pytest.raises(PermissionDenied, match="last administrator"):
        person_erase(actor=None, person=cast.ada.person)
    RoleGrant.objects.create(user=cast.priya, role=Role.ADMINISTRATOR)
    person_erase(actor=cast.priya, person=cast.ada.person)
    assert not User.objects.get(pk=cast.ada.pk).is_active


def test_erasing_twice_is_refused(published: Pilot, cast: Cast) -> None:
    person_erase(actor=cast.ada, person=cast.juno.person)
    with pytest.raises(PermissionDenied, match="already"):
        person_erase(actor=cast.ada, person=Person.objects.get(pk=cast.juno.person.pk))
    assert Erasure.objects.count() == 1


def test_an_erased_person_cannot_be_invited_to_sign_in_again(
    published: Pilot, cast: Cast, client
) -> None:
    person_erase(actor=cast.ada, person=cast.juno.person)
    erased = Person.objects.get(pk=cast.juno.person.pk)
    with pytest.raises(ValidationError, match="erased"):
        person_invite(actor=cast.ada, person=erased)
    # The administrator's page of the record offers neither a sign-in link nor a
    # second erasure.
    client.force_login(cast.ada)
    page = client.get(reverse("home:person", kwargs={"uuid": erased.uuid})).content.decode()
    assert "erased</span>" in page
    assert reverse("people:invite", kwargs={"uuid": erased.uuid}) not in page
    assert reverse("privacy:erase", kwargs={"uuid": erased.uuid}) not in page


def test_a_name_with_accents_goes_from_json_too(cast: Cast) -> None:
    jose = person("José Núñez", login=True, employee_id="E-7781")
    with transaction.atomic():
        audit_record(
            actor=cast.ada,
            action=AuditAction.PERSON_UPDATE,
            subject=jose,
            after={"job_title": "Analyst", "note": "asked by José Núñez"},
        )

    person_erase(actor=cast.ada, person=jose)

    dump = database_text().lower()
    for mark in ("josé", "núñez", json.dumps("José")[1:-1].lower(), "e-7781"):
        assert mark not in dump, mark
    event = AuditEvent.objects.filter(action="person.update").get()
    assert event.after == {"job_title": "Analyst", "note": f"asked by {ERASED}"}

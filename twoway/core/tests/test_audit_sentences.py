"""The audit log reads as sentences: names, not ids; words, not field names and codes."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from twoway.api.services import api_token_create
from twoway.core.audit import AuditAction, audit_record
from twoway.core.audit_sentences import SENTENCES, audit_entries
from twoway.core.models import AuditEvent, Role
from twoway.core.services import role_grant, role_revoke
from twoway.programs.eligibility import Criteria
from twoway.programs.models import Enrollment, Program
from twoway.programs.services import (
    Topic,
    eligibility_rule_save,
    enrollment_join,
    program_transition,
    program_update,
)
from twoway.testing.factories import SkillFactory, open_program

URL = reverse("audit:list")


def latest(action: AuditAction):
    (entry,) = audit_entries([AuditEvent.objects.filter(action=action).latest("id")])
    return entry


@pytest.fixture
def leadership(cast):
    return open_program(name="Digital leadership 2027", starts_on=dt.date(2027, 5, 1))


@pytest.mark.django_db
def test_a_changed_date_reads_with_both_dates_in_words(cast, leadership):
    program_update(actor=cast.priya, program=leadership, starts_on=dt.date(2027, 5, 8))
    entry = latest(AuditAction.PROGRAM_UPDATE)
    assert entry.sentence == (
        "Priya Raman changed the start date of Digital leadership 2027 "
        "from 1 May 2027 to 8 May 2027."
    )


@pytest.mark.django_db
def test_a_sponsor_and_a_yes_or_no_read_as_a_name_and_yes_or_no(cast, leadership):
    program_update(actor=cast.priya, program=leadership, sponsor=cast.sol, manager_approval=True)
    entry = latest(AuditAction.PROGRAM_UPDATE)
    words = {(c.field, c.before, c.after) for c in entry.changes}
    assert ("sponsor", "nothing", "Sol Bernstein") in words
    assert ("line manager's approval", "no", "yes") in words
    assert str(cast.sol.pk) not in entry.sentence + str(entry.changes)


@pytest.mark.django_db
def test_a_status_change_reads_with_the_statuses_names(cast, pilot):
    Program.objects.filter(pk=pilot.program.pk).update(status=Program.Status.ENROLLING)
    pilot.program.refresh_from_db()
    program_transition(actor=cast.priya, program=pilot.program, to=Program.Status.DRAFT)
    entry = latest(AuditAction.PROGRAM_TRANSITION)
    assert entry.sentence == (
        "Priya Raman changed the status of Reverse pilot from Enrolling to Draft."
    )


@pytest.mark.django_db
def test_a_role_grant_and_revoke_read_with_the_people_and_the_program(cast, pilot):
    with transaction.atomic():
        grant = role_grant(
            actor=cast.ada, user=cast.juno, role=Role.PROGRAM_MANAGER, program=pilot.program
        )
    assert latest(AuditAction.ROLE_GRANT).sentence == (
        "Ada Okafor made Juno Park program manager of Reverse pilot."
    )
    role_revoke(actor=cast.ada, grant=grant)
    assert latest(AuditAction.ROLE_REVOKE).sentence == (
        "Ada Okafor took the program manager role of Reverse pilot away from Juno Park."
    )


@pytest.mark.django_db
def test_an_eligibility_rule_reads_in_plain_words(cast, leadership):
    eligibility_rule_save(
        actor=cast.priya,
        program=leadership,
        side="mentee",
        criteria=Criteria(min_level=7, min_tenure_months=12),
    )
    entry = latest(AuditAction.ELIGIBILITY_RULE_SAVE)
    assert entry.sentence == "Priya Raman changed who may join Digital leadership 2027 as a mentee."
    fields = {c.field: c.after for c in entry.changes}
    assert fields["lowest level"] == "7"
    assert fields["shortest time with the organisation (months)"] == "12"
    text = entry.sentence + str(entry.changes)
    assert "min_tenure_months" not in text and "None" not in text and "∅" not in text


@pytest.mark.django_db
def test_an_enrollment_reads_with_the_person_and_the_program(cast, leadership):
    enrollment_join(
        actor=cast.juno,
        program=leadership,
        person=cast.juno.person,
        role=Enrollment.Role.MENTOR,
        topics=[Topic(SkillFactory(name="Podcasting"), "teach", 4)],
    )
    entry = latest(AuditAction.ENROLLMENT_JOIN)
    assert entry.sentence == "Juno Park joined a program: Juno Park in Digital leadership 2027."
    assert ("role", None, "Mentor") in {(c.field, c.before, c.after) for c in entry.changes}


@pytest.mark.django_db
def test_no_one_signed_in_reads_as_twoway(cast):
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.EMAIL_UNSUBSCRIBE, subject=cast.juno)
    assert latest(AuditAction.EMAIL_UNSUBSCRIBE).sentence == (
        "Twoway unsubscribed from an e-mail through its link."
    )


# --- filters -------------------------------------------------------------------------


@pytest.fixture
def log(cast, pilot, leadership):
    program_update(actor=cast.priya, program=leadership, starts_on=dt.date(2027, 5, 8))
    with transaction.atomic():
        role_grant(actor=cast.ada, user=cast.juno, role=Role.PROGRAM_MANAGER, program=pilot.program)
    old = AuditEvent.objects.get(action=AuditAction.PROGRAM_UPDATE)
    # The date the change was made, moved back by hand: the log is append-only.
    AuditEvent._base_manager.filter(pk=old.pk).update(
        at=dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    )


@pytest.mark.django_db
def test_filters_by_person_program_kind_and_dates(client, cast, pilot, leadership, log):
    client.force_login(cast.ada)

    def shown(**query):
        page = client.get(URL, query).content.decode()
        return (
            "start date of Digital leadership 2027" in page,
            "made Juno Park program manager" in page,
        )

    assert shown() == (True, True)
    assert shown(actor=str(cast.priya.pk)) == (True, False)
    assert shown(program=str(pilot.program.pk)) == (False, True)
    assert shown(program=str(leadership.pk)) == (True, False)
    assert shown(action="role.grant") == (False, True)
    assert shown(since="2026-02-01") == (False, True)
    assert shown(until="2026-01-31") == (True, False)
    assert shown(since="not a date") == (True, True)


@pytest.mark.django_db
def test_the_person_filter_offers_everyone_in_the_log_by_name(client, cast, log):
    client.force_login(cast.ada)
    page = client.get(URL).content.decode()
    select = page.split('<select id="f-actor"')[1].split("</select>")[0]
    assert f'<option value="{cast.ada.pk}">Ada Okafor</option>' in select
    assert f'<option value="{cast.priya.pk}">Priya Raman</option>' in select
    assert "Sol Bernstein" not in select


def test_every_action_has_a_sentence_of_its_own():
    # Without one, an event reads "Ada: created an API token (…)", a label, not a sentence.
    assert [action.value for action in AuditAction if action not in SENTENCES] == []


def test_an_api_token_event_reads_as_a_sentence(cast):
    api_token_create(actor=cast.ada, user=cast.ada, name="Payroll sync")
    assert latest(AuditAction.API_TOKEN_CREATE).sentence.startswith(
        "Ada Okafor created the API token "
    )

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role, RoleGrant
from twoway.programs.models import Program
from twoway.programs.services import ProgramError, program_create
from twoway.testing.factories import ProgramFactory, grant


def _create(cast, actor=None, **fields):
    return program_create(
        actor=actor or cast.priya, name=fields.pop("name", "Reverse mentoring"), **fields
    )


def _errors(caught) -> dict:
    return caught.value.message_dict


@pytest.mark.django_db
def test_a_program_manager_creates_a_draft_with_the_default_cadence_and_it_is_audited(cast):
    program = _create(cast, purpose="Juniors teach seniors")
    assert program.status == Program.Status.DRAFT and program.slug == "reverse-mentoring"
    assert (program.planned_sessions, program.weeks_between_sessions, program.session_minutes) == (
        6,
        3,
        60,
    )
    assert program.mentor_capacity == 1
    event = AuditEvent.objects.get(action="program.create")
    assert event.actor == cast.priya and event.after is not None
    assert event.after["name"] == "Reverse mentoring"


@pytest.mark.django_db
def test_the_slug_made_from_the_name_is_unique(cast):
    _create(cast)
    assert _create(cast).slug == "reverse-mentoring-2"


@pytest.mark.django_db
def test_new_is_never_a_programs_address_so_the_new_program_pages_stay_reachable(cast):
    assert _create(cast, name="New").slug == "new-2"
    with pytest.raises(ProgramError) as caught:
        _create(cast, name="New", slug="new")
    assert "is the address of a page of Twoway" in _errors(caught)["slug"][0]


@pytest.mark.django_db
def test_a_chosen_slug_already_taken_is_refused_and_nothing_is_saved(cast):
    ProgramFactory(slug="pilot")
    with pytest.raises(ProgramError) as caught:
        _create(cast, slug="pilot")
    assert "already uses “pilot”" in _errors(caught)["slug"][0]
    assert Program.objects.count() == 1 and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_slug_with_spaces_or_capitals_is_refused(cast):
    with pytest.raises(ProgramError) as caught:
        _create(cast, slug="My Pilot")
    assert "lower-case letters" in _errors(caught)["slug"][0]


@pytest.mark.django_db
def test_a_program_cannot_end_before_it_starts(cast):
    with pytest.raises(ProgramError) as caught:
        _create(cast, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 1, 1))
    assert "ends (1 January 2027) before it starts (1 March 2027)" in _errors(caught)["ends_on"][0]


@pytest.mark.django_db
def test_a_line_cannot_be_both_required_to_differ_and_valued(cast):
    with pytest.raises(ProgramError) as caught:
        _create(cast, must_differ=["department"], valued_lines=["department", "location"])
    assert "Department: every pair must already differ there" in _errors(caught)["valued_lines"][0]


@pytest.mark.django_db
def test_all_weights_at_zero_is_refused(cast):
    zero = {f"weight_{c}": 0 for c in ("teach", "teach_back", "crossing", "level_gap")}
    zero |= {"weight_availability": 0, "weight_time_zone": 0}
    with pytest.raises(ProgramError) as caught:
        _create(cast, **zero)
    assert "At least one score weight" in _errors(caught)["weight_teach"][0]


@pytest.mark.django_db
def test_a_mutual_program_has_no_level_gap(cast):
    with pytest.raises(ProgramError) as caught:
        _create(cast, kind=Program.Kind.MUTUAL, min_level_gap=2)
    assert "no senior side" in _errors(caught)["min_level_gap"][0]


@pytest.mark.django_db
def test_previews_and_opt_outs_need_managed_matching(cast):
    with pytest.raises(ProgramError) as caught:
        _create(cast, matching_style=Program.MatchingStyle.SELF, senior_preview=True)
    assert "belong to managed matching" in _errors(caught)["senior_preview"][0]


@pytest.mark.django_db
def test_the_sponsor_must_hold_the_sponsor_role(cast):
    assert _create(cast, sponsor=cast.sol).sponsor == cast.sol
    with pytest.raises(ProgramError) as caught:
        _create(cast, name="Other", sponsor=cast.juno)
    assert "sponsor role" in _errors(caught)["sponsor"][0]


@pytest.mark.django_db
def test_managers_chosen_at_creation_get_a_grant_for_this_program_only(cast):
    program = _create(cast, managers=[cast.juno])
    assert RoleGrant.objects.get(user=cast.juno, role=Role.PROGRAM_MANAGER).program == program
    event = AuditEvent.objects.get(action="role.grant")
    assert event.after == {"role": "program_manager", "program": program.slug}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["juno", "sol", "otto"])
def test_only_program_managers_create_programs(cast, who):
    with pytest.raises(PermissionDenied):
        _create(cast, actor=getattr(cast, who))
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_a_manager_of_one_program_cannot_create_another(cast):
    grant(cast.juno, Role.PROGRAM_MANAGER, program=ProgramFactory())
    with pytest.raises(PermissionDenied):
        _create(cast, actor=cast.juno)


# --- the page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    response = client.get(reverse("programs:create"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
def test_participants_and_managers_of_one_program_may_not_open_the_form(client, cast):
    client.force_login(cast.juno)
    assert client.get(reverse("programs:create")).status_code == 403
    grant(cast.sterling, Role.PROGRAM_MANAGER, program=ProgramFactory())
    client.force_login(cast.sterling)
    assert client.get(reverse("programs:create")).status_code == 403


@pytest.mark.django_db
def test_a_program_may_start_and_end_in_the_past_to_record_a_past_cohort(cast):
    program = _create(cast, starts_on=dt.date(2023, 1, 9), ends_on=dt.date(2023, 6, 30))
    program.refresh_from_db()
    assert (program.starts_on, program.ends_on) == (dt.date(2023, 1, 9), dt.date(2023, 6, 30))

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from twoway.core.models import AuditEvent, Role
from twoway.people.models import OrgUnit
from twoway.programs.eligibility import Criteria, program_criteria
from twoway.programs.models import EligibilityRule, Program
from twoway.programs.services import ProgramError, eligibility_rule_save
from twoway.testing.factories import ProgramFactory, RuleFactory, grant


def _save(cast, program, side="mentor", actor=None, **criteria):
    return eligibility_rule_save(
        actor=actor or cast.priya, program=program, side=side, criteria=Criteria(**criteria)
    )


@pytest.mark.django_db
def test_a_rule_is_saved_with_its_departments_and_audited_in_words(cast):
    program = ProgramFactory()
    marketing = OrgUnit.objects.get(path="Marketing")
    _save(cast, program, max_level=4, departments_included=(marketing,), genders=(" Woman ",))
    saved = program_criteria(program)["mentor"]
    assert saved is not None
    assert saved.max_level == 4 and saved.departments_included == (marketing,)
    assert saved.genders == ("Woman",)
    event = AuditEvent.objects.get(action="eligibility_rule.save")
    assert event.after is not None
    assert event.after["side"] == "mentor" and event.after["departments_included"] == ["Marketing"]


@pytest.mark.django_db
def test_saving_again_updates_the_one_rule_and_audits_only_the_change(cast):
    program = ProgramFactory()
    _save(cast, program, max_level=4)
    _save(cast, program, max_level=4)
    _save(cast, program, max_level=5)
    assert EligibilityRule.objects.filter(program=program).count() == 1
    events = AuditEvent.objects.filter(action="eligibility_rule.save").order_by("id")
    last = events.last()
    assert events.count() == 2 and last is not None and last.before == {"max_level": 4}


@pytest.mark.django_db
def test_an_empty_rule_is_a_saved_rule(cast):
    program = ProgramFactory()
    _save(cast, program)
    assert program_criteria(program)["mentor"] == Criteria()


@pytest.mark.django_db
def test_a_contradictory_rule_is_refused_and_nothing_is_saved(cast):
    program = ProgramFactory()
    finance = OrgUnit.objects.get(path="Finance")
    with pytest.raises(ProgramError) as caught:
        _save(cast, program, departments_included=(finance,), departments_excluded=(finance,))
    assert "both included and excluded" in caught.value.message_dict["departments_excluded"][0]
    assert not EligibilityRule.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_rule_that_cannot_pair_with_the_other_side_is_refused(cast):
    program = ProgramFactory(kind=Program.Kind.REVERSE)
    RuleFactory(program=program, side="mentee", max_level=6)
    with pytest.raises(ProgramError, match="mentors are the junior side"):
        _save(cast, program, side="mentor", min_level=7)


@pytest.mark.django_db
def test_unknown_generations_are_refused(cast):
    with pytest.raises(ProgramError):
        _save(cast, ProgramFactory(), generations=("gen_alpha",))


@pytest.mark.django_db
def test_the_rules_of_an_active_program_no_longer_change(cast):
    with pytest.raises(ProgramError, match="can no longer change"):
        _save(cast, ProgramFactory(status=Program.Status.ACTIVE), max_level=3)


@pytest.mark.django_db
def test_a_manager_of_another_program_cannot_change_the_rules(cast):
    grant(cast.juno, Role.PROGRAM_MANAGER, program=ProgramFactory())
    with pytest.raises(PermissionDenied):
        _save(cast, ProgramFactory(), actor=cast.juno)


@pytest.mark.django_db
def test_the_rules_page_saves_one_side_and_keeps_the_other(client, cast):
    program = ProgramFactory(slug="pilot")
    RuleFactory(program=program, side="mentee", min_level=8)
    digital = OrgUnit.objects.get(path="Marketing/Digital")
    client.force_login(cast.priya)
    url = reverse("programs:rules", kwargs={"slug": "pilot"})
    data = {
        "side": "mentor",
        "save": "1",
        "mentor-max_level": "4",
        "mentor-departments_included": [str(digital.uuid)],
        "mentor-generations": ["gen_z", "millennial"],
        "mentor-genders": "woman, non-binary",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response.url.endswith("#mentor")
    saved = program_criteria(program)
    mentor, mentee = saved["mentor"], saved["mentee"]
    assert mentor is not None and mentee is not None
    assert mentor.genders == ("woman", "non-binary")
    assert mentor.generations == ("gen_z", "millennial")
    assert mentee.min_level == 8


@pytest.mark.django_db
def test_bad_rule_input_shows_beside_the_field_and_saves_nothing(client, cast):
    program = ProgramFactory(slug="pilot")
    client.force_login(cast.priya)
    url = reverse("programs:rules", kwargs={"slug": "pilot"})
    data = {"side": "mentor", "save": "1", "mentor-min_level": "9", "mentor-max_level": "2"}
    page = client.post(url, data).content.decode()
    assert "The highest level (2) is below the lowest (9)." in page
    assert not program.rules.exists()

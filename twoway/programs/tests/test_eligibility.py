import datetime as dt
import random

import pytest

from twoway.people.models import OrgUnit, Person, SelfDescription
from twoway.programs.eligibility import (
    Criteria,
    eligible_person_ids,
    months_ago,
    person_eligible_sides,
    person_is_eligible,
    person_meets,
    program_rule_conflicts,
    rule_problems,
)
from twoway.programs.models import Program, Side
from twoway.testing.factories import OrgUnitFactory, PersonFactory, ProgramFactory, RuleFactory

TODAY = dt.date(2026, 11, 24)


def _names(criteria: Criteria) -> set[str]:
    ids = eligible_person_ids(criteria, today=TODAY)
    return set(Person.objects.filter(pk__in=ids).values_list("name", flat=True))


def _unit(path: str) -> OrgUnit:
    return OrgUnit.objects.get(path=path)


EVERYONE = {"Sol Bernstein", "Ada Okafor", "Priya Raman", "Sterling Hayes", "Juno Park"}


@pytest.mark.django_db
def test_an_empty_rule_admits_everyone_who_has_not_left(cast):
    assert _names(Criteria()) == EVERYONE
    Person.objects.filter(pk=cast.ada.person.pk).update(leave_date=dt.date(2026, 1, 31))
    assert _names(Criteria()) == EVERYONE - {"Ada Okafor"}


@pytest.mark.django_db
def test_someone_leaving_later_is_still_eligible_today(cast):
    Person.objects.filter(pk=cast.ada.person.pk).update(leave_date=dt.date(2027, 1, 31))
    assert "Ada Okafor" in _names(Criteria())


@pytest.mark.django_db
def test_a_level_range_includes_both_ends(cast):
    assert _names(Criteria(min_level=5, max_level=8)) == {
        "Ada Okafor",
        "Priya Raman",
        "Sterling Hayes",
    }
    assert _names(Criteria(min_level=9)) == {"Sol Bernstein"}
    assert _names(Criteria(max_level=2)) == {"Juno Park"}


@pytest.mark.django_db
def test_people_without_a_level_are_not_admitted_by_a_level_rule(cast):
    PersonFactory(name="No level", level=None)
    assert "No level" not in _names(Criteria(max_level=20))
    assert "No level" in _names(Criteria())


@pytest.mark.django_db
def test_tenure_counts_whole_months_since_the_hire_date(cast):
    # Juno was hired on 2 September 2024: 26 whole months before 24 November 2026.
    assert "Juno Park" in _names(Criteria(min_tenure_months=26))
    assert "Juno Park" not in _names(Criteria(min_tenure_months=27))
    assert "Juno Park" in _names(Criteria(max_tenure_months=26))
    assert "Juno Park" not in _names(Criteria(max_tenure_months=25))


@pytest.mark.django_db
def test_an_unknown_hire_date_is_not_admitted_by_a_tenure_rule(cast):
    PersonFactory(name="New record", hire_date=None)
    assert "New record" not in _names(Criteria(max_tenure_months=600))
    assert "New record" in _names(Criteria())


@pytest.mark.django_db
def test_a_department_includes_its_teams_and_an_exclusion_removes_them(cast):
    assert _names(Criteria(departments_included=(_unit("Marketing"),))) == {"Juno Park"}
    excluded = Criteria(departments_excluded=(_unit("Marketing"), _unit("Finance")))
    assert _names(excluded) == EVERYONE - {"Juno Park", "Sterling Hayes"}


@pytest.mark.django_db
def test_an_excluded_team_inside_an_included_department_is_left_out(cast):
    digital = _unit("Marketing/Digital")
    brand = OrgUnitFactory(name="Brand", parent=_unit("Marketing"), path="Marketing/Brand")
    PersonFactory(name="Brand person", department=brand)
    criteria = Criteria(departments_included=(_unit("Marketing"),), departments_excluded=(digital,))
    assert _names(criteria) == {"Brand person"}


@pytest.mark.django_db
def test_a_unit_whose_name_starts_like_another_is_not_its_team(cast):
    PersonFactory(name="Financier", department=OrgUnitFactory(name="Finance2", path="Finance2"))
    assert _names(Criteria(departments_included=(_unit("Finance"),))) == {"Sterling Hayes"}


@pytest.mark.django_db
def test_people_without_a_department_are_not_in_an_excluded_one(cast):
    PersonFactory(name="Floating", department=None)
    assert "Floating" in _names(Criteria(departments_excluded=(_unit("Finance"),)))
    assert "Floating" not in _names(Criteria(departments_included=(_unit("Finance"),)))


def _describe(person, kind, value):
    SelfDescription.objects.create(person=person, kind=kind, value=value)


@pytest.mark.django_db
def test_self_descriptions_admit_only_people_who_consented_with_a_matching_value(cast):
    p = cast.people
    _describe(p["juno"], "gender", "Woman")
    _describe(p["priya"], "gender", "  woman ")
    _describe(p["ada"], "gender", "Transgender woman")
    _describe(p["sterling"], "gender", "Man")
    assert _names(Criteria(genders=("WOMAN",))) == {"Juno Park", "Priya Raman"}
    assert _names(Criteria(genders=("woman", "transgender  woman"))) == {
        "Juno Park",
        "Priya Raman",
        "Ada Okafor",
    }


@pytest.mark.django_db
def test_generations_and_background_tags_match_any_one_of_those_chosen(cast):
    p = cast.people
    _describe(p["juno"], "generation", SelfDescription.Generation.GEN_Z)
    _describe(p["sol"], "generation", SelfDescription.Generation.BOOMER)
    _describe(p["juno"], "background", "first-generation graduate, Career changer")
    _describe(p["sol"], "background", "military veteran")
    assert _names(Criteria(generations=("gen_z", "millennial"))) == {"Juno Park"}
    assert _names(Criteria(backgrounds=("career changer", "carer"))) == {"Juno Park"}
    both = Criteria(generations=("boomer",), backgrounds=("Military Veteran",))
    assert _names(both) == {"Sol Bernstein"}


@pytest.mark.django_db
def test_a_leaver_is_never_eligible_whatever_they_consented(cast):
    _describe(cast.people["juno"], "gender", "Woman")
    Person.objects.filter(pk=cast.juno.person.pk).update(leave_date=dt.date(2026, 2, 1))
    assert _names(Criteria(genders=("woman",))) == set()


@pytest.mark.django_db
def test_person_eligibility_follows_the_saved_rule_of_each_side(cast):
    program = ProgramFactory(kind=Program.Kind.REVERSE)
    RuleFactory(program=program, side=Side.MENTOR, max_level=4)
    assert person_is_eligible(program, cast.juno.person, "mentor")
    assert not person_is_eligible(program, cast.juno.person, "mentee")  # no rule saved yet
    RuleFactory(program=program, side=Side.MENTEE, min_level=7)
    assert person_eligible_sides(program, cast.sol.person) == ["mentee"]
    assert person_eligible_sides(program, cast.priya.person) == []


@pytest.mark.django_db
def test_checking_one_person_agrees_with_the_database_query(cast):
    """person_meets (Python) and eligible_person_ids (SQL) must never disagree."""
    rng = random.Random(7)
    units = [_unit(p) for p in ("Technology", "Marketing", "Marketing/Digital", "Finance")]
    for i in range(60):
        person = PersonFactory(
            level=rng.choice([None, 1, 3, 5, 7, 9]),
            hire_date=rng.choice([None, TODAY - dt.timedelta(days=rng.randrange(0, 4000))]),
            department=rng.choice([None, *units]),
            leave_date=rng.choice([None, None, TODAY, TODAY + dt.timedelta(days=3)]),
        )
        if i % 3 == 0:
            _describe(person, "gender", rng.choice(["Woman", "man", "Non-binary"]))
    for _ in range(40):
        low = rng.choice([None, 2, 5])
        criteria = Criteria(
            min_level=low,
            max_level=rng.choice([None, 7, 9]),
            min_tenure_months=rng.choice([None, 6, 24]),
            max_tenure_months=rng.choice([None, 60, 120]),
            departments_included=tuple(rng.sample(units, rng.choice([0, 1, 2]))),
            departments_excluded=tuple(rng.sample(units[2:], rng.choice([0, 1]))),
            genders=tuple(rng.sample(["woman", "man"], rng.choice([0, 1]))),
        )
        expected = eligible_person_ids(criteria, today=TODAY)
        people = Person.objects.select_related("department")
        got = {p.pk for p in people if person_meets(criteria, p, today=TODAY)}
        assert got == expected, criteria


def test_months_ago_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_ago(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_ago(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
    assert months_ago(dt.date(2026, 11, 24), 0) == dt.date(2026, 11, 24)


# --- rules that cannot work ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_rule_on_its_own_says_what_is_contradictory(cast):
    assert "below the lowest" in rule_problems(Criteria(min_level=7, max_level=3))["max_level"]
    tenure = rule_problems(Criteria(min_tenure_months=24, max_tenure_months=12))
    assert "shorter than the shortest" in tenure["max_tenure_months"]
    finance = _unit("Finance")
    both = rule_problems(Criteria(departments_included=(finance,), departments_excluded=(finance,)))
    assert both == {"departments_excluded": "Finance is both included and excluded: choose one."}
    inside = Criteria(
        departments_included=(_unit("Marketing/Digital"),),
        departments_excluded=(_unit("Marketing"),),
    )
    assert "which is excluded" in rule_problems(inside)["departments_included"]
    pointless = Criteria(
        departments_included=(_unit("Marketing"),), departments_excluded=(finance,)
    )
    assert "changes nothing" in rule_problems(pointless)["departments_excluded"]


def test_a_reverse_program_whose_mentors_rank_above_every_mentee_is_impossible():
    problems = program_rule_conflicts(
        kind="reverse",
        min_level_gap=0,
        must_differ=[],
        mentor=Criteria(min_level=8),
        mentee=Criteria(max_level=5),
    )
    assert problems == [
        "In a reverse program the mentors are the junior side, but the mentor rule starts at "
        "level 8, above every mentee (up to level 5). Lower the mentor levels or raise the "
        "mentee levels."
    ]


def test_a_level_gap_no_pair_can_reach_is_impossible():
    problems = program_rule_conflicts(
        kind="traditional",
        min_level_gap=4,
        must_differ=[],
        mentor=Criteria(max_level=6),
        mentee=Criteria(min_level=4),
    )
    assert "at least 4 levels apart" in problems[0]


def test_pairs_that_must_differ_in_gender_need_two_genders():
    same = Criteria(genders=("Woman",))
    problems = program_rule_conflicts(
        kind="mutual", min_level_gap=0, must_differ=["gender"], mentor=same, mentee=same
    )
    assert "both sides admit only ‘woman’" in problems[0]
    other = Criteria(genders=("man",))
    assert not program_rule_conflicts(
        kind="mutual", min_level_gap=0, must_differ=["gender"], mentor=same, mentee=other
    )


def test_a_program_with_a_senior_men_and_mid_senior_women_rule_is_possible():
    """The example from the seeds: senior men mentored by mid-senior women."""
    assert not program_rule_conflicts(
        kind="reverse",
        min_level_gap=1,
        must_differ=["gender"],
        mentor=Criteria(min_level=5, max_level=7, genders=("woman",)),
        mentee=Criteria(min_level=8, genders=("man",)),
    )

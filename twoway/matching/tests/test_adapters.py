import datetime as dt

from twoway.matching.adapters import FORMAT_BITS, WINDOW_BITS, problem_build
from twoway.matching.models import ReviewDecision
from twoway.people.models import OrgUnit, SelfDescription
from twoway.programs.models import Enrollment, Program
from twoway.testing.factories import SkillFactory, enroll, matching_program, person
from twoway.testing.queries import queries_in

WINTER = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC)


def test_participant_id_is_the_person_and_topics_come_from_the_enrollment(pilot):
    built = problem_build(pilot.program)

    juno = built.mentors[pilot.juno.pk]
    assert juno.offers == ((pilot.video.pk, 4),)
    assert juno.wants == ((pilot.negotiation.pk, 1),)
    assert juno.level == 2
    assert set(built.mentees) == {pilot.sterling.pk, pilot.richard.pk}


def test_department_is_the_top_level_unit(pilot):
    built = problem_build(pilot.program)

    marketing = OrgUnit.objects.get(path="Marketing").pk
    assert built.mentors[pilot.juno.pk].department == marketing  # Marketing/Digital
    assert built.mentors[pilot.maya.pk].department == marketing  # Marketing/Brand
    assert built.mentees[pilot.sterling.pk].department == OrgUnit.objects.get(path="Finance").pk


def test_reporting_chain_goes_up_as_deep_as_the_program_rule(cast):
    program = matching_program(reporting_line_depth=2)
    ceo = person("Cleo Top", level=10)
    vp = person("Vic Middle", level=8, manager=ceo)
    lead = person("Lee Lead", level=5, manager=vp)
    junior = person("Jo Junior", level=2, manager=lead)
    enroll(program, junior, "mentor")
    enroll(program, ceo, "mentee")

    assert problem_build(program).mentors[junior.pk].managers == (lead.pk, vp.pk)
    program.reporting_line_depth = 0
    assert problem_build(program).mentors[junior.pk].managers == ()


def test_location_codes_ignore_letter_case_and_spacing(cast):
    program = matching_program()
    a = person("Ana One", location="London")
    b = person("Ben Two", location=" london ")
    c = person("Cy Three", location="Leeds")
    d = person("Di Four", location="")
    for who in (a, b, c, d):
        enroll(program, who, "mentor")

    mentors = problem_build(program).mentors
    assert mentors[a.pk].location == mentors[b.pk].location
    assert mentors[a.pk].location != mentors[c.pk].location
    assert mentors[d.pk].location is None


def test_utc_offset_is_taken_at_the_time_of_the_run(cast):
    program = matching_program()
    london = person("Lon Don", time_zone="Europe/London")
    nowhere = person("No Zone", time_zone="")
    enroll(program, london, "mentor")
    enroll(program, nowhere, "mentor")

    assert problem_build(program, at=WINTER).mentors[london.pk].utc_offset_minutes == 0
    assert problem_build(program, at=SUMMER).mentors[london.pk].utc_offset_minutes == 60
    assert problem_build(program, at=SUMMER).mentors[nowhere.pk].utc_offset_minutes is None


def test_only_consented_self_descriptions_reach_the_engine_as_codes(cast):
    program = matching_program()
    shared = person("Sha Red")
    silent = person("Sil Ent")
    twin = person("Twi N")
    SelfDescription.objects.create(person=shared, kind="generation", value="gen_z")
    SelfDescription.objects.create(person=shared, kind="gender", value="Woman")
    SelfDescription.objects.create(person=twin, kind="gender", value="  woman ")
    SelfDescription.objects.create(
        person=shared, kind="background", value="Rural, First generation"
    )
    for who in (shared, silent, twin):
        enroll(program, who, "mentee")

    mentees = problem_build(program).mentees
    assert mentees[shared.pk].generation == SelfDescription.Generation.values.index("gen_z")
    assert mentees[shared.pk].gender == mentees[twin.pk].gender is not None
    assert len(mentees[shared.pk].background) == 2
    assert mentees[silent.pk].generation is None
    assert mentees[silent.pk].gender is None
    assert mentees[silent.pk].background == frozenset()


def test_availability_and_formats_are_bit_masks(cast):
    program = matching_program()
    who = person("Bit Mask")
    enroll(program, who, "mentor", availability=["mon_am", "fri_pm"], formats=["remote"])

    mentor = problem_build(program).mentors[who.pk]
    assert mentor.availability == WINDOW_BITS["mon_am"] | WINDOW_BITS["fri_pm"]
    assert mentor.availability == 1 | 1 << 9
    assert mentor.formats == FORMAT_BITS["remote"] == 2


def test_both_in_a_mutual_program_appears_on_both_sides(cast):
    program = matching_program(kind=Program.Kind.MUTUAL)
    who = person("Bo Th")
    enroll(program, who, Enrollment.Role.BOTH, capacity=2)

    built = problem_build(program)
    assert who.pk in built.mentors and who.pk in built.mentees
    assert built.mentees[who.pk].capacity == 1
    assert built.problem.constraints.senior_side is None


def test_capacity_comes_from_the_enrollment_within_the_program_limit(cast):
    program = matching_program(mentor_capacity=2)
    a, b = person("Cap One"), person("Cap Two")
    enroll(program, a, "mentor", capacity=1)
    enroll(program, b, "mentor", capacity=5)

    mentors = problem_build(program).mentors
    assert mentors[a.pk].capacity == 1
    assert mentors[b.pk].capacity == 2


def test_leavers_and_people_not_enrolled_are_left_out(cast):
    program = matching_program()
    gone = person("Gon E", leave_date=dt.date(2025, 1, 1))
    invited = person("Inv Ited")
    enroll(program, gone, "mentor")
    enroll(program, invited, "mentor", status=Enrollment.Status.INVITED)

    assert problem_build(program).mentors == {}


def test_settings_and_review_decisions_become_constraints(pilot, cast):
    program = pilot.program
    program.must_differ = ["department"]
    program.min_level_gap = 3
    program.max_time_zone_hours = 4
    program.save()
    ReviewDecision.objects.create(
        program=program, mentor=pilot.maya, mentee=pilot.richard, kind="lock"
    )
    ReviewDecision.objects.create(
        program=program, mentor=pilot.juno, mentee=pilot.richard, kind="exclude"
    )

    c = problem_build(program).problem.constraints
    assert c.senior_side == "mentee"
    assert c.min_level_gap == 3 and c.max_time_zone_hours == 4
    assert c.must_differ == frozenset({"department"})
    assert c.valued_lines == frozenset({"department", "location"})
    assert c.locked == ((pilot.maya.pk, pilot.richard.pk),)
    assert c.excluded == frozenset({(pilot.juno.pk, pilot.richard.pk)})


def test_loads_a_program_in_the_same_queries_for_2_or_12_pairs(cast):
    program = matching_program()
    skill = SkillFactory(name="Python")
    boss = person("Big Boss", level=10)

    def add(numbers: range) -> None:
        for i in numbers:
            mentor = person(f"Men Tor{i}", manager=boss)
            enroll(program, mentor, "mentor", teach=[(skill, 4)])
            mentee = person(f"Men Tee{i}", level=8)
            enroll(program, mentee, "mentee", learn=[(skill, 1)])
            SelfDescription.objects.create(person=mentee, kind="gender", value="man")
            ReviewDecision.objects.create(
                program=program, mentor=mentor, mentee=mentee, kind="exclude"
            )

    add(range(2))
    few = queries_in(lambda: problem_build(program))
    add(range(2, 12))
    assert queries_in(lambda: problem_build(program)) == few
    built = problem_build(program)
    assert len(built.mentors) == 12 and len(built.problem.constraints.excluded) == 12

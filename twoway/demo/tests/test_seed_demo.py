import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from twoway.core.models import Role, RoleGrant, User
from twoway.demo.builder import demo_password, demo_seed
from twoway.meetings.models import Meeting, MeetingLog
from twoway.outcomes.selectors import program_outcomes
from twoway.pairs.models import Pair
from twoway.people.models import LevelLabel, OrgUnit, Person, SelfDescription
from twoway.programs.models import Enrollment, Program
from twoway.recognition.models import Kudos, Recognition
from twoway.skills.models import PersonSkill

TODAY = dt.date(2026, 6, 1)

pytestmark = pytest.mark.usefixtures("starter_catalogue")


def _fingerprint() -> list[tuple]:
    people = Person.objects.order_by("employee_id").values_list(
        "employee_id",
        "name",
        "email",
        "level",
        "department__path",
        "manager__employee_id",
        "hire_date",
        "leave_date",
        "location",
    )
    skills = PersonSkill.objects.order_by("person__employee_id", "skill__name", "direction")
    pairs = Pair.objects.order_by("program__name", "mentor__employee_id").values_list(
        "program__name", "mentor__employee_id", "mentee__employee_id"
    )
    enrollments = Enrollment.objects.order_by("program__name", "person__employee_id")
    return [
        *people,
        *skills.values_list("person__employee_id", "skill__name", "direction", "level"),
        *enrollments.values_list("program__name", "person__employee_id", "role", "status"),
        *pairs,
    ]


def _wipe() -> None:
    Pair.objects.all().delete()
    Program.objects.all().delete()
    PersonSkill.objects.all().delete()
    Person.objects.update(manager=None)
    Person.objects.all().delete()
    OrgUnit.objects.update(parent=None)
    OrgUnit.objects.all().delete()
    LevelLabel.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organisation():
    demo_seed(people=120, seed=7, today=TODAY)
    first = _fingerprint()
    assert Pair.objects.filter(program__status="active").exists()
    _wipe()
    demo_seed(people=120, seed=7, today=TODAY)
    assert _fingerprint() == first
    _wipe()
    demo_seed(people=120, seed=8, today=TODAY)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_the_organisation_is_a_tree_with_one_chief_and_managers_above_their_reports():
    demo_seed(people=300, seed=3, today=TODAY)
    assert Person.objects.count() == 300
    assert list(Person.objects.filter(manager__isnull=True).values_list("level", flat=True)) == [10]
    rows = Person.objects.values_list("pk", "level")
    levels = {pk: level for pk, level in rows if level is not None}
    assert len(levels) == 300, "everyone has a level"
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    for pk, manager in managers.items():
        if manager is not None:
            assert levels[manager] > levels[pk]
    # Walking up from anyone reaches the chief executive without a loop.
    for pk in managers:
        seen = set()
        while managers[pk] is not None:
            assert pk not in seen
            seen.add(pk)
            pk = managers[pk]
    # A pyramid: more people at level 2 than at level 6.
    assert Person.objects.filter(level=2).count() > Person.objects.filter(level=6).count()


@pytest.mark.django_db
def test_skills_follow_career_stage():
    demo_seed(people=600, seed=11, today=TODAY)

    def mean_level(skill: str, direction: str) -> float:
        rows = PersonSkill.objects.filter(skill__name=skill, direction=direction)
        levels = rows.values_list("person__level", flat=True)
        known = [level for level in levels if level is not None]
        return sum(known) / len(known)

    assert mean_level("Generative AI assistants", "offer") < mean_level("Negotiation", "offer")
    assert mean_level("Generative AI assistants", "learn") > mean_level("Negotiation", "learn")
    per_person = PersonSkill.objects.filter(direction="offer").count() / 600
    assert 3 <= per_person <= 7


@pytest.mark.django_db
def test_demo_logins_exist_for_every_role_and_work(client):
    report = demo_seed(people=100, seed=5, today=TODAY)
    labels = {login.label for login in report.logins}
    assert labels == {
        "administrator",
        "program manager",
        "executive sponsor",
        "safeguarding contact",
        "junior mentor",
        "senior mentee",
    }
    assert set(RoleGrant.objects.values_list("role", flat=True)) == {
        Role.ADMINISTRATOR,
        Role.PROGRAM_MANAGER,
        Role.SPONSOR,
        Role.SAFEGUARDING_CONTACT,
    }
    for login in report.logins:
        response = client.post(
            "/accounts/login/", {"username": login.email, "password": demo_password(5)}
        )
        assert response.status_code == 302, login
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_some_people_consented_to_self_descriptions_and_values_are_believable():
    demo_seed(people=200, seed=2, today=TODAY)
    generations = set(
        SelfDescription.objects.filter(kind="generation").values_list("person_id", flat=True)
    )
    assert 0.4 * 200 < len(generations) < 0.85 * 200
    values = {sd.value for sd in SelfDescription.objects.filter(kind="generation")}
    assert values <= set(SelfDescription.Generation.values)


@pytest.mark.django_db
def test_command_prints_logins_and_if_empty_skips_a_second_run(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", people=60, seed=1, stdout=out)
    assert "Seeded Harbour & Vale: 60 people" in out.getvalue()
    assert "password: twoway-demo-1" in out.getvalue()
    again = io.StringIO()
    call_command("seed_demo", people=60, seed=1, if_empty=True, stdout=again)
    assert "already has 60 people" in again.getvalue()
    assert "maya.chen@harbourvale.example" in again.getvalue()
    assert Person.objects.count() == 60


@pytest.mark.django_db
def test_command_refuses_a_non_empty_directory_without_if_empty(settings, cast):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="already has"):
        call_command("seed_demo", people=60, seed=1, stdout=io.StringIO())


@pytest.mark.django_db
def test_command_refuses_production_without_an_explicit_flag(settings):
    settings.DEBUG = False
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo install"):
        call_command("seed_demo", people=60, seed=1, stdout=io.StringIO())
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_too_small_an_organisation_is_refused_clearly(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="at least"):
        call_command("seed_demo", people=5, seed=1, stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_has_a_program_ready_to_match_and_one_already_matched():
    demo_seed(people=300, seed=42, today=TODAY)

    ready = Program.objects.get(status="matching", matching_style="managed")
    assert ready.kind == "reverse"
    assert ready.enrollments.filter(status="enrolled", role="mentor").count() >= 10
    assert ready.enrollments.filter(status="enrolled", role="mentee").count() >= 10
    running = Program.objects.get(status="active", kind=Program.Kind.REVERSE)
    assert running.kind == "reverse"
    pairs = Pair.objects.filter(program=running)
    assert pairs.count() >= 10
    # The demo's junior mentor and senior mentee were matched to each other.
    assert pairs.filter(
        mentor__email="maya.chen@harbourvale.example",
        mentee__email="richard.hale@harbourvale.example",
    ).exists()
    # In a reverse program the mentee is the senior, never in the mentor's line.
    for pair in pairs.select_related("mentor", "mentee"):
        senior, junior = pair.mentee.level, pair.mentor.level
        assert senior is not None and junior is not None and senior > junior
        assert pair.mentor.manager_id != pair.mentee_id


def test_the_running_programs_pairs_are_in_every_state():
    demo_seed(people=300, seed=42, today=TODAY)
    running = Program.objects.get(status="active", kind=Program.Kind.REVERSE)
    statuses = set(Pair.objects.filter(program=running).values_list("status", flat=True))
    assert statuses == {"new", "active", "at_risk", "completed", "ended"}
    maya = Pair.objects.get(program=running, mentor__email="maya.chen@harbourvale.example")
    assert maya.status == "active" and maya.agreement.is_signed
    assert Meeting.objects.filter(pair=maya, status="scheduled").count() >= 4
    assert MeetingLog.objects.filter(meeting__pair=maya).count() >= 4
    at_risk = Pair.objects.filter(program=running, status="at_risk")
    reasons = " ".join(r for pair in at_risk for r in pair.risk_reasons)
    for words in ("cancelled the last two", "Agreement unsigned", "No meeting", "Ratings fell"):
        assert words in reasons
    completed = Pair.objects.filter(program=running, status="completed").first()
    assert Recognition.objects.filter(pair=completed, kind="completion").count() == 2
    assert Kudos.objects.filter(pair=completed).count() == 2


@pytest.mark.django_db
def test_the_demo_has_a_past_cohort_whose_outcomes_show_real_curves():
    demo_seed(people=600, seed=42, today=TODAY)

    past = Program.objects.get(status="closed")
    pairs = Pair.objects.filter(program=past)
    assert pairs.count() == 30 and set(pairs.values_list("status", flat=True)) == {"completed"}
    assert (
        MeetingLog.objects.filter(meeting__pair__program=past).values("side").distinct().count()
        == 2
    )
    report = program_outcomes(program=past, as_of=timezone.localdate())
    assert not report.suppressed
    assert report.participants.n == 60
    assert report.comparison.n is not None and report.comparison.n >= 30
    # Followed for two years and more: every horizon is estimated, with leavers on both sides.
    assert all(report.participants.retention[m] is not None for m in (6, 12, 24))
    assert report.comparison.left_org is not None and report.comparison.left_org > 0
    assert all(row.part is not None for row in report.promotions)
    # Both sides answered the surveys: the perception of the other generation moved.
    assert report.surveys is not None
    ges = report.surveys["questions"][0]
    assert ges["key"] == "ges" and all(change is not None for change in ges["change"].values())


@pytest.mark.django_db
def test_the_self_match_circle_has_people_and_the_demo_mentor_sees_suggestions(client):
    demo_seed(people=300, seed=42, today=TODAY)
    circle = Program.objects.get(name="AI tools circle")
    assert circle.status == "matching", "participants choose their partners while matching"
    enrolled = circle.enrollments.filter(status="enrolled")
    assert enrolled.count() == 12
    assert set(enrolled.values_list("role", flat=True)) == {"mentor", "mentee", "both"}
    assert not enrolled.filter(topics__isnull=True).exists(), "everyone has topics"
    maya = "maya.chen@harbourvale.example"
    assert enrolled.filter(person__email=maya, role="both").exists()
    client.post("/accounts/login/", {"username": maya, "password": demo_password(42)})
    url = reverse("matching:suggestions", kwargs={"slug": circle.slug})
    page = client.get(url).content.decode()
    assert "Richard Hale" in page
    mentee_side = client.get(url + "?side=mentee").content.decode()
    assert "Richard Hale" in mentee_side

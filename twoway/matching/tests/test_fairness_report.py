import pytest
from django.urls import reverse

from twoway.matching.selectors import fairness_report, level_band
from twoway.people.models import SelfDescription
from twoway.testing.factories import SkillFactory, enroll, matching_program, person, run_now


@pytest.fixture
def run(cast):
    """Technology: 6 mentors (5 say woman); Finance: 2 mentors (man); Executive: 7
    mentees (3 say non-binary): one mentor is left over."""
    program = matching_program(slug="fair")
    python = SkillFactory(name="Python")
    for i in range(6):
        who = person(f"Tech Mentor{i}", level=2, department="Technology")
        enroll(program, who, "mentor", teach=[(python, 4)])
        if i < 5:
            SelfDescription.objects.create(person=who, kind="gender", value="Woman")
    for i in range(2):
        who = person(f"Fin Mentor{i}", level=3, department="Finance")
        enroll(program, who, "mentor", teach=[(python, 4)])
        SelfDescription.objects.create(person=who, kind="gender", value="man")
    for i in range(7):
        who = person(f"Exec Mentee{i}", level=9, department="Executive")
        enroll(program, who, "mentee", learn=[(python, 1)])
        if i < 3:
            SelfDescription.objects.create(person=who, kind="gender", value="Non-binary")
    return run_now(program, actor=cast.priya)


def table(tables, key):
    return {row["label"]: row for row in next(t for t in tables if t.key == key).rows}


def test_department_cells_under_five_people_are_suppressed(run):
    departments = table(fairness_report(run=run), "department")

    assert departments["Finance"]["suppressed"] and departments["Finance"]["people"] is None
    # Finance alone hidden would show through the total: the next smallest goes too.
    assert departments["Technology"]["suppressed"]
    assert not departments["Executive"]["suppressed"]
    assert departments["Executive"]["people"] == 7
    assert departments["Executive"]["rate"] == pytest.approx(1.0)
    assert departments["Executive"]["average"] > 0


def test_level_bands_and_self_descriptions_are_suppressed_the_same_way(run):
    tables = fairness_report(run=run)
    bands = table(tables, "level")
    assert not bands["Levels 1–3"]["suppressed"] and bands["Levels 1–3"]["people"] == 8
    assert not bands["Levels 7–9"]["suppressed"]
    genders = table(tables, "gender")
    assert not genders["Woman"]["suppressed"] and genders["Woman"]["people"] == 5
    assert not genders["Not shared"]["suppressed"]  # the 5 who did not say
    # Words fewer than five people chose are pooled: their names never show.
    assert "man" not in genders and "Non-binary" not in genders
    assert genders["Other answers"]["people"] == 5


def test_a_pool_still_under_five_is_suppressed_with_the_next_smallest(cast):
    program = matching_program(slug="tiny")
    python = SkillFactory(name="Python")
    for i in range(12):
        who = person(f"Men Tor{i}", level=2, department="Technology")
        enroll(program, who, "mentor", teach=[(python, 4)])
        word = "Woman" if i < 5 else "Man" if i < 11 else "Agender"
        SelfDescription.objects.create(person=who, kind="gender", value=word)
    for i in range(6):
        enroll(program, person(f"Men Tee{i}", level=9), "mentee", learn=[(python, 1)])
    genders = table(fairness_report(run=run_now(program, actor=cast.priya)), "gender")

    assert genders["Other answers"]["suppressed"]
    assert genders["Woman"]["suppressed"]  # the smallest shown, so the pool cannot be derived
    assert not genders["Man"]["suppressed"] and not genders["Not shared"]["suppressed"]


def test_the_fairness_page_says_fewer_than_five_instead_of_a_figure(client, run, cast):
    client.force_login(cast.priya)
    url = reverse("matching:fairness", kwargs={"slug": "fair", "uuid": run.uuid})
    page = client.get(url).content.decode()

    assert "fewer than 5" in page
    assert "By gender" in page and "Woman" in page


def test_level_band_words():
    assert level_band(2) == "Levels 1–3"
    assert level_band(11) == "Levels 10+"
    assert level_band(None) == "Level not recorded"


def test_a_group_hidden_for_a_smaller_one_says_so_truthfully(client, run, cast):
    client.force_login(cast.priya)
    url = reverse("matching:fairness", kwargs={"slug": run.program.slug, "uuid": run.uuid})
    page = client.get(url).content.decode()
    finance = page.split('<th scope="row">Finance</th>', 1)[1].split("</tr>", 1)[0]
    technology = page.split('<th scope="row">Technology</th>', 1)[1].split("</tr>", 1)[0]
    assert "fewer than 5 people" in finance  # 2 people
    # 6 people, hidden only so that Finance's 2 cannot be worked out from the total.
    assert "hidden so that a smaller group cannot be worked out" in technology
    assert "fewer than" not in technology

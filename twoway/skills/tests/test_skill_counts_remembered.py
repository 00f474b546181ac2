"""The skills' counts are remembered, and counted again after every change to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from twoway.people.importing.service import person_import
from twoway.people.selectors import person_directory_stats
from twoway.privacy.services import person_erase
from twoway.skills.models import PersonSkill, Skill
from twoway.skills.selectors import skill_counts
from twoway.skills.services import person_skill_add, person_skill_remove, person_skill_update


@pytest.fixture
def podcasting(db) -> Skill:
    return Skill.objects.create(name="Podcasting", category=Skill.Category.SOCIAL_MEDIA)


def offered(skill: Skill) -> int:
    return skill_counts()[skill.pk].offered if skill.pk in skill_counts() else 0


def test_adding_changing_and_removing_a_skill_shows_at_once(cast, podcasting):
    juno = cast.juno
    assert offered(podcasting) == 0
    row, _ = person_skill_add(
        actor=juno, person=juno.person, skill=podcasting, direction="offer", level=3
    )
    assert offered(podcasting) == 1
    assert skill_counts()[podcasting.pk].avg_level == 3
    person_skill_update(actor=juno, person_skill=row, level=5)
    assert skill_counts()[podcasting.pk].avg_level == 5
    person_skill_remove(actor=juno, person_skill=row)
    assert offered(podcasting) == 0


def test_the_directory_figures_follow_skills_and_erasure(
    cast, podcasting, django_assert_num_queries
):
    sterling = cast.sterling
    before = person_directory_stats()
    with django_assert_num_queries(1):
        assert person_directory_stats() == before
    person_skill_add(
        actor=sterling, person=sterling.person, skill=podcasting, direction="offer", level=4
    )
    had_skills = PersonSkill.objects.filter(person=sterling.person).count() > 1
    after = person_directory_stats()
    assert after["with_skills"] == before["with_skills"] + (0 if had_skills else 1)
    person_erase(actor=cast.ada, person=sterling.person)
    assert offered(podcasting) == 0
    assert person_directory_stats()["with_skills"] == after["with_skills"] - 1


def test_a_leaver_from_the_hr_import_is_no_longer_counted(cast, podcasting):
    juno = cast.juno
    person_skill_add(actor=juno, person=juno.person, skill=podcasting, direction="offer", level=3)
    assert offered(podcasting) == 1
    left = timezone.localdate() - dt.timedelta(days=1)
    content = (
        "employee_id,name,email,leave_date\n"
        f"{juno.person.employee_id},{juno.person.name},{juno.person.email},{left.isoformat()}\n"
    ).encode()
    report = person_import(actor=None, content=content, filename="leavers.csv")
    assert report.applied and not report.errors
    assert offered(podcasting) == 0
